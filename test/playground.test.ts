import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { STUDIO_STATUS } from '../gateway/labels.ts';
import { contractOperation } from './support/contract.ts';
import { inChromium, outsideRequests, screenshotPath, testBrowser } from './support/chromium.ts';
import { describe, expect, test } from './support/hub.ts';

/** A browser test waits for a hub, Chromium and a page's scripts on a shared machine: minutes, never a race. */
const BROWSER = { timeout: 300_000 };
/** Which browser runs, named in the summary: Debian's where installed, else npm's (issue 26.5). */
const WHICH = (await testBrowser()).from === 'system' ? "Debian's chromium" : "@sparticuz/chromium's (npm)";

interface Playground {
  page: Page;
  /** Every URL outside the hub the page asked for. */
  requested: string[];
  /** Replaces the editor's text with `query`, typed at `delay` ms a key, and runs it. */
  run(query: string, delay: number): Promise<void>;
}

/** Opens the playground (at `path`, / by default) in Debian's chromium with a fresh profile and hands it to `use`. */
async function inPlayground(
  hub: { url: string },
  use: (playground: Playground) => Promise<void>,
  options: object = {},
  path = '/',
) {
  await inChromium(async (page) => {
    const requested = outsideRequests(page, hub.url);
    await page.goto(`${hub.url}${path}`);
    const editor = page.locator('.graphiql-query-editor .CodeMirror').first();
    await editor.waitFor({ timeout: 90_000 });
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

const HEADLINE = contractOperation('pending-second-evaluations-by-county.graphql');
interface County {
  code: string;
  name: string;
  evaluations: { studioCount: number };
}

describe(`the playground at GET / (offline GraphiQL), in ${WHICH}`, BROWSER, () => {
  test('runs a query typed into the page and shows the data, loading nothing from outside the hub', async ({ hub }) => {
    await inPlayground(hub, async ({ page, requested, run }) => {
      // it opens on the contract's headline with a province set, and the token in its headers: run it as it is
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      await expect.poll(() => response.innerText(), { timeout: 90_000 }).toContain('descendants');
      expect(await response.innerText()).toContain('PROVINCE'); // the response view renders only its visible lines
      await run('{ region(code: "410422") { name parent { name } } }', 25);
      await expect.poll(() => response.innerText(), { timeout: 90_000 }).toContain('叶县');
      expect(await response.innerText()).toContain('平顶山市');
      await page.screenshot({ path: join(tmpdir(), 'studio-hub-playground.png') });
      // the sign-in bar is styled by the stylesheet the dashboard shares (gateway/playground/hub.css)
      expect(await page.locator('#hub-bar').evaluate((bar) => getComputedStyle(bar).borderBottomStyle)).toBe('solid');
      expect(requested).toEqual([]);
    });
  });

  test('shows a result as a table in Chinese (CSV download) and as bars by region stacked by status (issues 14, 25)', async ({
    hub,
  }) => {
    const query =
      '{ studioRollup(within: "410400", groupBy: [REGION, STATUS], regionLevel: COUNTY) { region { name } status studioCount share } }';
    const groups = (await hub.query(query)).data.studioRollup as {
      region: { name: string };
      status: keyof typeof STUDIO_STATUS;
      studioCount: number;
      share: number;
    }[];
    expect(groups.length).toBeGreaterThan(3);
    const totals = new Map<string, number>();
    for (const g of groups) totals.set(g.region.name, (totals.get(g.region.name) ?? 0) + g.studioCount);
    await inPlayground(
      hub,
      async ({ page, requested, run }) => {
        await run(query, 10);

        // the table: one row per group, columns labelled from the schema's descriptions, statuses as the exports
        // name them, the share as a percentage
        const rows = page.locator('#result-table tbody tr');
        await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(groups.length);
        expect(await page.locator('#result-table thead tr').first().locator('th').allInnerTexts()).toEqual([
          '地区 · 名称',
          '状态',
          '工作室数',
          '占比',
        ]);
        const firstRow = await rows.first().locator('td').allInnerTexts();
        expect(firstRow).toEqual([
          groups[0]!.region.name,
          STUDIO_STATUS[groups[0]!.status],
          String(groups[0]!.studioCount),
          `${(groups[0]!.share * 100).toFixed(1)}%`,
        ]);

        // the chart: one bar per county, its segments the statuses, adding up to the county's studios
        await page.locator('#tab-chart').click();
        expect(await page.locator('#chart-stack').inputValue()).toBe('status');
        await page.locator('#chart-measure').selectOption('studioCount');
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
        expect(new Set(series)).toEqual(new Set(groups.map((g) => STUDIO_STATUS[g.status])));
        // sorted, largest first
        const drawn = await bars.evaluateAll((g) => g.map((x) => Number(x.getAttribute('data-total'))));
        expect(drawn).toEqual([...drawn].sort((x, y) => y - x));

        // the CSV: a byte-order mark for Excel, the table's Chinese header and rows
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#result-csv').click()]);
        const csv = await readFile((await download.path())!, 'utf8');
        expect(csv.startsWith('\uFEFF地区 · 名称,状态,工作室数,占比\r\n')).toBe(true);
        expect(csv.trim().split('\r\n')).toHaveLength(groups.length + 1);

        await page.locator('#results-expand').click();
        await page.locator('#results').screenshot({ path: await screenshotPath('playground-chart.png') });
        expect(requested).toEqual([]);
      },
      { acceptDownloads: true, viewport: { width: 1280, height: 1000 } },
    );
  });

  test('draws a list with a year column as lines by year, one per region, the years in order (issue 25)', async ({ hub }) => {
    const query = '{ fundingRollup(within: "410400", groupBy: [REGION, YEAR]) { region { name } year allocated spent } }';
    const groups = (await hub.query(query)).data.fundingRollup as { region: { name: string }; year: number }[];
    const years = [...new Set(groups.map((g) => g.year))].sort();
    expect(years.length).toBeGreaterThan(1);
    await inPlayground(
      hub,
      async ({ page, run }) => {
        await run(query, 5);
        await page.locator('#result-table tbody tr').first().waitFor({ timeout: 90_000 });
        await page.locator('#tab-chart').click();
        await page.locator('#chart-kind').selectOption('line');
        const lines = page.locator('#result-lines');
        expect(Number(await lines.getAttribute('data-lines'))).toBe(new Set(groups.map((g) => g.region.name)).size);
        await expect
          .poll(() => lines.evaluate((box) => (window as any).echarts.getInstanceByDom(box)?.getOption().xAxis[0].data ?? null), {
            timeout: 90_000,
          })
          .toEqual(years.map(String));
      },
      { viewport: { width: 1280, height: 1000 } },
    );
  });

  test('answers the headline by sorting: the counties with a pending 二次评估 come first, and "hide zeros" keeps only them (issue 25)', async ({
    hub,
  }) => {
    const answer = await hub.query(HEADLINE, { within: '410000' });
    const counties = answer.data.region.descendants as County[];
    const pending = counties.filter((c) => c.evaluations.studioCount > 0);
    expect(pending.length).toBeGreaterThanOrEqual(3);
    await inPlayground(
      hub,
      async ({ page, requested }) => {
        // the page opens on the headline with 河南 in its variables: run it as it is
        await page.locator('.graphiql-execute-button').click();
        const rows = page.locator('#result-table tbody tr');
        await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(counties.length);
        const header = page.locator('#result-table th[data-column="evaluations.studioCount"]');
        // the column says what it counts, from the query's own arguments
        expect(await header.innerText()).toContain('二次评估 · 待评估');
        // in region-code order the pending counties are far down; one click on the column puts them first
        const before = await rows.evaluateAll((r) => r.map((x) => x.querySelectorAll('td')[1]!.textContent));
        expect(before.indexOf(pending[0]!.name)).toBeGreaterThan(10);
        await header.click();
        expect(await header.getAttribute('aria-sort')).toBe('descending');
        const names = await rows.evaluateAll((r) => r.map((x) => x.querySelectorAll('td')[1]!.textContent));
        expect(new Set(names.slice(0, pending.length))).toEqual(new Set(pending.map((c) => c.name)));
        const counts = await rows.evaluateAll((r) => r.map((x) => Number(x.querySelectorAll('td')[4]!.textContent)));
        expect(counts[pending.length]).toBe(0);
        await page.locator('#results-expand').click();
        await page.locator('#results').screenshot({ path: await screenshotPath('playground-table.png') });

        // a second click turns the order round: the zeros first
        await header.click();
        expect(await header.getAttribute('aria-sort')).toBe('ascending');
        expect(Number(await rows.first().locator('td').nth(4).innerText())).toBe(0);

        // hide zeros: only the pending counties are left; a filter typed under a column narrows the same way
        await page.locator('#hide-zeros').check();
        expect(await rows.count()).toBe(pending.length);
        await page.locator('#hide-zeros').uncheck();
        expect(await rows.count()).toBe(counties.length);
        await page.locator('#result-table input[data-column="evaluations.studioCount"]').fill('>0');
        await page.locator('#result-table input[data-column="evaluations.studioCount"]').press('Enter');
        expect(await rows.count()).toBe(pending.length);
        await page.locator('#result-table input[data-column="parent.name"]').fill('平顶山');
        await page.locator('#result-table input[data-column="parent.name"]').press('Enter');
        expect(await rows.count()).toBe(pending.filter((c) => c.code.startsWith('4104')).length);
        expect(requested).toEqual([]);
      },
      { viewport: { width: 1280, height: 1000 } },
    );
  });

  test('answers the headline by the map: the counties with a pending 二次评估 are the coloured ones, and a click drills down to the city (issue 25)', async ({
    hub,
  }) => {
    const counties = (await hub.query(HEADLINE, { within: '410000' })).data.region.descendants as County[];
    const pending = counties.filter((c) => c.evaluations.studioCount > 0).map((c) => c.name);
    await inPlayground(
      hub,
      async ({ page, requested }) => {
        await page.locator('.graphiql-execute-button').click();
        await page.locator('#result-table tbody tr').first().waitFor({ timeout: 90_000 });
        await page.locator('#results-expand').click();
        await page.locator('#tab-map').click();
        const map = page.locator('#result-map');
        // 河南's counties from the boundary package: every county-level region that has a boundary (functional
        // zones such as 410471 have none), those with a figure coloured and named
        await expect.poll(() => map.getAttribute('data-shown'), { timeout: 90_000 }).toBe(JSON.stringify([...pending].sort()));
        expect(await map.getAttribute('data-root')).toBe('410000');
        expect(Number(await map.getAttribute('data-regions'))).toBeGreaterThan(150);
        await page.waitForTimeout(500); // the map's entry animation, for the screenshot only
        await page.locator('#results').screenshot({ path: await screenshotPath('playground-map.png') });

        // a click on 叶县 (its centre, as the boundary package gives it) opens 平顶山市's map
        const point = await map.evaluate((box) => {
          const chart = (window as any).echarts.getInstanceByDom(box);
          const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [113.357239, 33.626731]);
          const { left, top } = box.getBoundingClientRect();
          return { x: left + x, y: top + y };
        });
        await page.mouse.click(point.x, point.y);
        await expect.poll(() => map.getAttribute('data-root'), { timeout: 90_000 }).toBe('410400');
        await expect.poll(() => map.getAttribute('data-regions'), { timeout: 90_000 }).toBe('10');
        expect(JSON.parse((await map.getAttribute('data-shown'))!)).toEqual(expect.arrayContaining(['叶县', '宝丰县']));
        await page.locator('#map-up').click();
        await expect.poll(() => map.getAttribute('data-root'), { timeout: 90_000 }).toBe('410000');
        expect(requested).toEqual([]);
      },
      { viewport: { width: 1280, height: 1100 } },
    );
  });

  test('a shared link reopens the query with its variables and never carries the token; saved queries reopen by name (issue 25)', async ({
    hub,
  }) => {
    const token = await hub.token({ level: 'PROVINCE', region: '410000', roles: ['admin'] });
    let link = '';
    await inPlayground(
      hub,
      async ({ page, run }) => {
        await run('query Counties($within: ID!) { region(code: $within) { name descendants(level: COUNTY) { code name } } }', 5);
        // the variables still hold 河南 from the page's start: change them to 平顶山市
        const variables = page.locator('.graphiql-editor-tool .CodeMirror').first();
        await page.getByText('变量', { exact: true }).click();
        await variables.click();
        await page.keyboard.press('Control+A');
        await page.keyboard.type('{"within": "410400"}');
        await page.locator('.graphiql-execute-button').click();
        await expect.poll(() => page.locator('#result-table tbody tr').count(), { timeout: 90_000 }).toBe(12);
        link = page.url();
        expect(link).toContain('query=');
        expect(decodeURIComponent(link)).toContain('410400');
        expect(link).not.toContain(token.slice(0, 20));
        expect(decodeURIComponent(link)).not.toMatch(/Bearer|Authorization/i);
        // the toolbar's link is the same
        await page.locator('#share-link').click();
        expect(await page.locator('#share-url').inputValue()).toBe(link);

        await page.locator('#save-name').fill('平顶山各县');
        await page.locator('#save-query').click();
        await expect.poll(() => page.locator('#toolbar-message').innerText(), { timeout: 90_000 }).toContain('已保存');
        await page.goto(`${hub.url}/`);
        await page.locator('#saved-queries').selectOption({ label: '平顶山各县' });
        await page.waitForURL((url) => url.search.includes('410400'));
        expect(page.url()).toBe(link);
      },
      { viewport: { width: 1280, height: 1000 }, permissions: ['clipboard-read', 'clipboard-write'] },
    );
    // a fresh browser opens the link: the same query and variables, run with its own token
    await inPlayground(
      hub,
      async ({ page }) => {
        await page.locator('.graphiql-execute-button').click();
        await expect.poll(() => page.locator('#result-table tbody tr').count(), { timeout: 90_000 }).toBe(12);
        expect(await page.locator('.graphiql-query-editor').innerText()).toContain('query Counties');
      },
      {},
      link.slice(hub.url.length),
    );
  });

  test("shows errors in the panel with their code, and GraphiQL's own labels in Chinese (issue 25)", async ({ hub }) => {
    await inPlayground(hub, async ({ page, run }) => {
      expect(await page.locator('#playground').innerText()).toContain('请求头');
      await run('{ region(code: "410000") { nombre } }', 5);
      const errors = page.locator('#result-errors');
      await errors.waitFor({ timeout: 90_000 });
      expect(await errors.innerText()).toContain('GRAPHQL_VALIDATION_FAILED');
      expect(await errors.innerText()).toMatch(/[\u4e00-\u9fff]/);
      expect(await page.locator('#results-body').innerText()).toContain('没有可显示的数据');
    });
  });

  test('serves its scripts and styles from this machine', async ({ hub }) => {
    for (const path of [
      '/playground/react.js',
      '/playground/react-dom.js',
      '/playground/graphiql.js',
      '/playground/graphiql.css',
      '/playground/results.js',
      '/playground/map.js',
      '/playground/echarts.js',
      '/playground/labels.js',
    ]) {
      const res = await fetch(`${hub.url}${path}`);
      expect(res.status, path).toBe(200);
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(1000);
    }
  });

  test('one stylesheet for both pages: / and /dashboard link /playground/hub.css, and neither restates the sign-in bar', async ({
    hub,
  }) => {
    for (const path of ['/', '/dashboard']) {
      const html = await (await fetch(`${hub.url}${path}`)).text();
      expect(html, path).toContain('<link rel="stylesheet" href="/playground/hub.css">');
      expect(html, path).not.toContain('#hub-bar');
    }
    const css = await fetch(`${hub.url}/playground/hub.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await css.text()).toContain('#hub-bar {');
  });

  test('serves region boundaries from the installed package: a province by county, a city, the nation; other codes refused', async ({
    hub,
  }) => {
    const features = async (code: string) =>
      (
        (await (await fetch(`${hub.url}/maps/region.json?code=${code}`)).json()) as {
          features: { properties: { name: string; city: string } }[];
        }
      ).features;
    const henan = await features('410000');
    expect(henan.every((f) => f.properties.name.startsWith('41'))).toBe(true);
    expect(henan.map((f) => f.properties.name)).toEqual(expect.arrayContaining(['410422', '410421', '410402']));
    const pingdingshan = await features('410400');
    expect(pingdingshan.map((f) => f.properties.name).sort()).toEqual([
      '410402',
      '410403',
      '410404',
      '410411',
      '410421',
      '410422',
      '410423',
      '410425',
      '410481',
      '410482',
    ]);
    expect(new Set((await features('100000')).map((f) => f.properties.name)).size).toBeGreaterThanOrEqual(31);
    for (const code of ['41', '410422', 'abcdef']) {
      const res = await fetch(`${hub.url}/maps/region.json?code=${code}`);
      expect(res.status, code).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BAD_USER_INPUT');
    }
    expect((await fetch(`${hub.url}/maps/region.json?code=990000`)).status).toBe(404);
  });
});
