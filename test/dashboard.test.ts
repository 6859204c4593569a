/**
 * The office dashboard at /dashboard (issue 25, item 4) in a real Chromium: it opens on the viewer's own region,
 * a province's or a county's, shows the headline, studios, evaluations, funds and a map, and drills down to a child
 * region and a studio's page; built on the public GraphQL API only, answered from the answer cache on reload.
 */
import type { Page } from 'playwright-core';
import { PENDING_SECOND_EVALUATIONS } from './support/contract.ts';
import { inChromium, outsideRequests, screenshotPath } from './support/chromium.ts';
import { describe, expect, PROVINCE_ADMIN, test, type Office } from './support/hub.ts';

/** A browser test waits for a hub, Chromium and a page's scripts on a shared machine: minutes, never a race. */
const BROWSER = { timeout: 300_000 };
const HEADLINE = PENDING_SECOND_EVALUATIONS;
const COUNTY_VIEWER: Office = { level: 'COUNTY', region: '410422' };

/** Opens the dashboard as `office` (its token in the session, as a sign-in leaves it) and hands the page to `use`. */
async function inDashboard(
  hub: { url: string; token(o: Office): Promise<string> },
  office: Office,
  use: (page: Page) => Promise<void>,
) {
  const token = await hub.token(office);
  await inChromium(
    async (page, context) => {
      await context.addInitScript(
        (t) => sessionStorage.setItem('studio-hub:token', JSON.stringify({ token: t, expires: Date.now() + 3_600_000 })),
        token,
      );
      const outside = outsideRequests(page, hub.url);
      await page.goto(`${hub.url}/dashboard`);
      await use(page);
      expect(outside).toEqual([]);
    },
    { viewport: { width: 1400, height: 1000 } },
  );
}

/** Waits until the dashboard has drawn `view` (region:CODE or studio:ID, or a prefix of it). */
const shown = (page: Page, view: string) =>
  expect.poll(() => page.evaluate(() => document.body.dataset.shown ?? ''), { timeout: 90_000 }).toMatch(new RegExp(`^${view}`));

const names = (page: Page, table: string, column = 0) =>
  page.locator(`#${table} tbody tr`).evaluateAll((rows, i) => rows.map((r) => r.querySelectorAll('td')[i]!.textContent), column);

describe('the office dashboard at /dashboard', BROWSER, () => {
  test('opens for a province viewer on its province: headline, studios, map; drills down to a city, a county and a studio', async ({
    hub,
  }) => {
    const counties = (await hub.query(HEADLINE, { within: '410000' })).data!.region.descendants as {
      name: string;
      evaluations: { studioCount: number };
    }[];
    const pending = counties.filter((c) => c.evaluations.studioCount > 0).map((c) => c.name);
    const { data } = await hub.query('{ region(code: "410000") { studios { total } children { name studios { total } } } }');
    await inDashboard(hub, PROVINCE_ADMIN, async (page) => {
      await shown(page, 'region:410000');
      expect(await page.locator('#dashboard-title').innerText()).toContain('河南省');
      expect(await page.locator('#card-studios b').innerText()).toBe(String(data.region.studios.total));
      // the headline: the counties with a pending 二次评估, those only
      expect(new Set(await names(page, 'dashboard-headline'))).toEqual(new Set(pending));
      // the map: 河南 by city, the cities with studios coloured
      const withStudios = (data.region.children as { name: string; studios: { total: number } }[])
        .filter((c) => c.studios.total > 0)
        .map((c) => c.name)
        .sort();
      expect(await page.locator('#dashboard-map').getAttribute('data-shown')).toBe(JSON.stringify(withStudios));
      expect(await page.locator('#dashboard-statuses').innerText()).toContain('暂缓授牌');
      await page.waitForTimeout(500); // the charts' entry animation, for the screenshot only
      await page.screenshot({ path: await screenshotPath('dashboard-province.png'), fullPage: true });

      // down to 平顶山市, then 叶县, then a studio of 叶县
      await page.locator('#dashboard-children a', { hasText: '平顶山市' }).click();
      await shown(page, 'region:410400');
      await page.locator('#dashboard-children a', { hasText: '叶县' }).click();
      await shown(page, 'region:410422');
      expect(await page.locator('#dashboard-title').innerText()).toContain('叶县');
      // the sign-in bar is styled by the stylesheet the playground shares (gateway/playground/hub.css), at this page's inset
      expect(await page.locator('#hub-bar').evaluate((bar) => getComputedStyle(bar).paddingLeft)).toBe('20px');
      const studio = page.locator('#dashboard-studios a').first();
      const studioName = await studio.innerText();
      await studio.click();
      await shown(page, 'studio:');
      expect(await page.locator('#dashboard-title').innerText()).toContain(studioName);
      expect(await page.locator('#studio-facts').innerText()).toContain('叶县');
      expect(await page.locator('#studio-evaluations tbody tr').count()).toBeGreaterThan(0);
      // and back to the whole province
      await page.goBack();
      await shown(page, 'region:410422');
      await page.locator('#dashboard-nav a', { hasText: '返回本辖区' }).click();
      await shown(page, 'region:410000');
    });
  });

  test('opens for a county viewer on its county, and refuses a region outside it with a message in Chinese', async ({ hub }) => {
    const { data } = await hub.query(
      '{ studios(within: "410422", first: 100) { totalCount edges { node { name } } } }',
      {},
      COUNTY_VIEWER,
    );
    expect(data.studios.totalCount).toBeGreaterThan(0);
    await inDashboard(hub, COUNTY_VIEWER, async (page) => {
      await shown(page, 'region:410422');
      expect(await page.locator('#dashboard-title').innerText()).toContain('叶县');
      // the sign-in bar is styled by the stylesheet the playground shares (gateway/playground/hub.css), at this page's inset
      expect(await page.locator('#hub-bar').evaluate((bar) => getComputedStyle(bar).paddingLeft)).toBe('20px');
      expect(new Set(await names(page, 'dashboard-studios'))).toEqual(
        new Set((data.studios.edges as { node: { name: string } }[]).map((e) => e.node.name)),
      );
      // the map: 平顶山市's counties, the viewer's own coloured
      expect(await page.locator('#dashboard-map').getAttribute('data-shown')).toBe(JSON.stringify(['叶县']));
      await page.waitForTimeout(500);
      await page.screenshot({ path: await screenshotPath('dashboard-county.png'), fullPage: true });
      await page.locator('#dashboard-studios a').first().click();
      await shown(page, 'studio:');
      expect(await page.locator('#studio-obligations').count()).toBe(1);

      // the province is not the county viewer's: the page says so
      await page.evaluate(() => (location.hash = 'region=410000'));
      await shown(page, 'error');
      expect(await page.locator('#dashboard-error').innerText()).toMatch(/[\u4e00-\u9fff]/);
    });
  });

  test('a reload is answered from the answer cache (its hits grow)', async ({ hub }) => {
    const hits = async () =>
      ((await (await fetch(`${hub.url}/health`)).json()) as { answerCache: { hits: number } }).answerCache.hits;
    await inDashboard(hub, PROVINCE_ADMIN, async (page) => {
      await shown(page, 'region:410000');
      const before = await hits();
      await page.reload();
      await shown(page, 'region:410000');
      expect(await hits()).toBeGreaterThan(before);
    });
  });
});
