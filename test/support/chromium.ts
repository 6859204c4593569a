import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sparticuz from '@sparticuz/chromium';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

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

/** Where browser tests leave their screenshots (test/output/ is not committed). */
export async function screenshotPath(name: string): Promise<string> {
  const path = fileURLToPath(new URL(`../output/${name}`, import.meta.url));
  await mkdir(join(path, '..'), { recursive: true });
  return path;
}

/** Runs `use` with a page of a fresh profile in the test browser (`testBrowser`), and closes the browser after. */
export async function inChromium<T>(
  use: (page: Page, context: BrowserContext) => Promise<T>,
  options: Parameters<typeof chromium.launchPersistentContext>[1] = {},
): Promise<T> {
  const { executablePath, args } = await testBrowser();
  const profile = await mkdtemp(join(tmpdir(), 'studio-hub-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args, ...options });
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
