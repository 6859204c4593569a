import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import sparticuz from '@sparticuz/chromium';
import { chromium, type BrowserContext } from 'playwright-core';

/** Flags for a headless run on a test machine: no sandbox (root in CI), nothing fetched from outside. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  /** `system`: Debian's chromium found on PATH; `npm`: @sparticuz/chromium's, decompressed to the temporary directory. */
  from: 'system' | 'npm';
  executablePath: string;
  args: string[];
}

/**
 * The browser every browser test drives: Debian's `chromium` where it is on PATH, else the Chromium that
 * @sparticuz/chromium (a devDependency) ships with its libraries and fonts, decompressed to the temporary directory
 * once. So `npm ci && npm test` needs no system browser.
 */
export async function testBrowser(): Promise<TestBrowser> {
  const system = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'chromium'))
    .find((path) => existsSync(path));
  if (system) return { from: 'system', executablePath: system, args: FLAGS };
  return { from: 'npm', executablePath: await sparticuz.executablePath(), args: sparticuz.args };
}

/**
 * A headless browser with a fresh profile (`options` as playwright's), handed to `use` and closed after, its
 * profile removed.
 */
export async function inBrowser<T>(use: (browser: BrowserContext) => Promise<T>, options: object = {}): Promise<T> {
  const { executablePath, args } = await testBrowser();
  const profile = await mkdtemp(join(tmpdir(), 'studio-hub-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args, ...options });
  try {
    return await use(browser);
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}
