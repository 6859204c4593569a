import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's chromium, as CI installs it with CJK fonts. */
export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Runs `use` in a headless Chromium with a fresh profile, and closes it (and removes the profile) after. */
export async function inChromium<T>(use: (browser: BrowserContext) => Promise<T>, options: object = {}): Promise<T> {
  expect(existsSync(CHROMIUM), "Debian's chromium is needed for this test: apt-get install chromium").toBe(true);
  const profile = await mkdtemp(join(tmpdir(), 'studio-hub-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    ...options,
  });
  try {
    return await use(browser);
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}
