import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium, with its CJK fonts (fonts-noto-cjk) so that Chinese renders in the screenshots. */
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

/** Where browser tests leave their screenshots (test/output/ is not committed). */
export async function screenshotPath(name: string): Promise<string> {
  const path = fileURLToPath(new URL(`../output/${name}`, import.meta.url));
  await mkdir(join(path, '..'), { recursive: true });
  return path;
}

/** Runs `use` with a page of a fresh Chromium profile, and closes the browser after. */
export async function inChromium<T>(
  use: (page: Page, context: BrowserContext) => Promise<T>,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<T> {
  expect(existsSync(CHROMIUM), "Debian's chromium is needed for this test: apt-get install chromium").toBe(true);
  const profile = await mkdtemp(join(tmpdir(), 'studio-hub-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    ...options,
  });
  try {
    return await use(await browser.newPage(), browser);
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/** Every URL a page asked for that is not the hub's own (nor data:, blob:): a page that works offline asks none. */
export function outsideRequests(page: Page, hubUrl: string): string[] {
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(hubUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url);
  });
  return outside;
}
