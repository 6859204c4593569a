import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { inBrowser, testBrowser } from './support/browser.ts';
import { describe, expect, test } from './support/hub.ts';

/** Where the chart test leaves its screenshot (test/output/ is not committed). */
const SCREENSHOT = fileURLToPath(new URL('./output/playground-chart.png', import.meta.url));
/** Which browser runs, named in the summary: Debian's where installed, else npm's (issue 26.5). */
const BROWSER = (await testBrowser()).from === 'system' ? "Debian's chromium" : "@sparticuz/chromium's (npm)";

interface Playground {
  page: Page;
  /** Every URL the page asked for. */
  requested: string[];
  /** Replaces the editor's text with `query`, typed at `delay` ms a key, and runs it. */
  run(query: string, delay: number): Promise<void>;
}

/** Opens the playground in the test browser (test/support/browser.ts) with a fresh profile, hands it to `use`. */
async function inPlayground(hub: { url: string }, use: (playground: Playground) => Promise<void>, options: object = {}) {
  await inBrowser(async (browser) => {
    const page = await browser.newPage();
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${hub.url}/`);
    const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
    await editor.waitFor({ timeout: 30_000 });
    const run = async (query: string, delay: number) => {
      await editor.click();
      await page.keyboard.press('Control+A');
      await page.keyboard.press('Delete');
      // typed at a person's pace, then a pause: GraphiQL re-reads the operation name 100 ms after the text changes
      await page.keyboard.type(query, { delay });
      await page.waitForTimeout(400);
      await page.locator('.graphiql-execute-button').click();
    };
    await use({ page, requested, run });
  }, options);
}

describe(`the playground at GET / (offline GraphiQL), in ${BROWSER}`, () => {
  test('runs a query typed into the page and shows the data, loading nothing from outside the hub', async ({ hub }) => {
    await inPlayground(hub, async ({ page, requested, run }) => {
      // it opens on the contract's headline with a province set, and the token in its headers: run it as it is
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      await expect.poll(() => response.innerText(), { timeout: 30_000 }).toContain('descendants');
      expect(await response.innerText()).toContain('PROVINCE'); // the response view renders only its visible lines
      await run('{ region(code: "410422") { name parent { name } } }', 25);
      await expect.poll(() => response.innerText(), { timeout: 30_000 }).toContain('叶县');
      expect(await response.innerText()).toContain('平顶山市');
      await page.screenshot({ path: join(tmpdir(), 'studio-hub-playground.png') });
      expect(requested.filter((url) => !url.startsWith(hub.url) && !url.startsWith('data:'))).toEqual([]);
    });
  });

  test('shows a result as a table (CSV download) and as bars by region stacked by status (issue 14)', async ({ hub }) => {
    const query =
      '{ studioRollup(within: "410400", groupBy: [REGION, STATUS], regionLevel: COUNTY) { region { name } status studioCount } }';
    const groups = (await hub.query(query)).data.studioRollup as {
      region: { name: string };
      status: string;
      studioCount: number;
    }[];
    expect(groups.length).toBeGreaterThan(3);
    const totals = new Map<string, number>();
    for (const g of groups) totals.set(g.region.name, (totals.get(g.region.name) ?? 0) + g.studioCount);
    await inPlayground(
      hub,
      async ({ page, requested, run }) => {
        await run(query, 10);

        // the table: one row per group, the region's name flattened to a column
        const rows = page.locator('#result-table tbody tr');
        await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(groups.length);
        expect(await page.locator('#result-table thead th').allInnerTexts()).toEqual(['region.name', 'status', 'studioCount']);
        const firstRow = await rows.first().locator('td').allInnerTexts();
        expect(firstRow).toEqual([groups[0]!.region.name, groups[0]!.status, String(groups[0]!.studioCount)]);

        // the chart: one bar per county, its segments the statuses, adding up to the county's studios
        expect(await page.locator('#chart-stack').inputValue()).toBe('status');
        const bars = page.locator('#result-chart g.bar');
        expect(await bars.count()).toBe(totals.size);
        for (const [name, total] of totals) {
          const bar = page.locator(`#result-chart g.bar[data-category="${name}"]`);
          expect(await bar.getAttribute('data-total'), name).toBe(String(total));
          const values = await bar
            .locator('rect.bar-segment')
            .evaluateAll((r) => r.map((x) => Number(x.getAttribute('data-value'))));
          expect(
            values.reduce((s, v) => s + v, 0),
            name,
          ).toBe(total);
        }
        const series = await page
          .locator('#result-chart rect.bar-segment')
          .evaluateAll((r) => r.map((x) => x.getAttribute('data-series')));
        expect(new Set(series)).toEqual(new Set(groups.map((g) => g.status)));

        // stacked by the numeric columns instead: one segment per bar, the studio count
        await page.locator('#chart-stack').selectOption('');
        expect(await page.locator('#result-chart rect.bar-segment').count()).toBe(totals.size);

        // the CSV: a byte-order mark for Excel, the table's header and rows
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#result-csv').click()]);
        const csv = await readFile((await download.path())!, 'utf8');
        expect(csv.startsWith('\uFEFFregion.name,status,studioCount\r\n')).toBe(true);
        expect(csv.trim().split('\r\n')).toHaveLength(groups.length + 1);

        await page.locator('#chart-stack').selectOption('status');
        await mkdir(dirname(SCREENSHOT), { recursive: true });
        await page.locator('#results').screenshot({ path: SCREENSHOT });
        expect(existsSync(SCREENSHOT)).toBe(true);
        expect(
          requested.filter((url) => !url.startsWith(hub.url) && !url.startsWith('data:') && !url.startsWith('blob:')),
        ).toEqual([]);
      },
      { acceptDownloads: true, viewport: { width: 1280, height: 1000 } },
    );
  });

  test('serves its scripts and styles from this machine', async ({ hub }) => {
    for (const path of [
      '/playground/react.js',
      '/playground/react-dom.js',
      '/playground/graphiql.js',
      '/playground/graphiql.css',
      '/playground/results.js',
    ]) {
      const res = await fetch(`${hub.url}${path}`);
      expect(res.status, path).toBe(200);
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(1000);
    }
  });
});
