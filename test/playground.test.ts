import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, test } from './support/hub.ts';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

describe('the playground at GET / (offline GraphiQL)', () => {
  test('runs a query typed into the page and shows the data, loading nothing from outside the hub', async ({ hub }) => {
    expect(existsSync(CHROMIUM), "Debian's chromium is needed for this test: apt-get install chromium").toBe(true);
    const profile = await mkdtemp(join(tmpdir(), 'studio-hub-chromium-'));
    const browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    try {
      const page = await browser.newPage();
      const requested: string[] = [];
      page.on('request', (request) => requested.push(request.url()));
      await page.goto(`${hub.url}/`);
      const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
      await editor.waitFor({ timeout: 30_000 });
      // it opens on the contract's headline with a province set, and the token in its headers: run it as it is
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      await expect.poll(() => response.innerText(), { timeout: 30_000 }).toContain('descendants');
      expect(await response.innerText()).toContain('PROVINCE'); // the response view renders only its visible lines
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      // typed at a person's pace, then a pause: GraphiQL re-reads the operation name 100 ms after the text changes
      await page.keyboard.type('{ region(code: "410422") { name parent { name } } }', { delay: 25 });
      await page.waitForTimeout(400);
      await page.locator('.graphiql-execute-button').click();
      await expect.poll(() => response.innerText(), { timeout: 30_000 }).toContain('叶县');
      expect(await response.innerText()).toContain('平顶山市');
      await page.screenshot({ path: join(tmpdir(), 'studio-hub-playground.png') });
      expect(requested.filter((url) => !url.startsWith(hub.url) && !url.startsWith('data:'))).toEqual([]);
    } finally {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    }
  });

  test('serves its scripts and styles from this machine', async ({ hub }) => {
    for (const path of [
      '/playground/react.js',
      '/playground/react-dom.js',
      '/playground/graphiql.js',
      '/playground/graphiql.css',
    ]) {
      const res = await fetch(`${hub.url}${path}`);
      expect(res.status, path).toBe(200);
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(1000);
    }
  });
});
