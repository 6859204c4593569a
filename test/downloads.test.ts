import { readFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, it, vi } from 'vitest';
import { DownloadTickets, LINK_MINUTES } from '../gateway/downloads.ts';
import { parseCsv } from '../lib/http/csv.ts';
import { inChromium } from './support/chromium.ts';
import { describe, expect, startTestHub, type Office, type TestHub, expectRefusal } from './support/hub.ts';

// issue 25 item 2: downloads from a browser. A signed-in page asks for a short-lived link bound to the viewer and
// the export (one use, a few minutes, never the long-lived token in the URL) and the browser follows it with no
// header; refusals on these paths are pages a clerk can read, never a stack trace, in development too.

const CITY: Office = { level: 'CITY', region: '410400', subject: '平顶山市教育局 王科员' };
const COUNTY: Office = { level: 'COUNTY', region: '410422' };
const STUDIOS = '/export/studios.csv?within=410400&year=2025';
const ROLLUP =
  '{ studioRollup(within: "410400", groupBy: [REGION, STATUS], regionLevel: COUNTY) { region { name } status studioCount } }';

let hub: TestHub & { dispose(): Promise<void> };
// a development hub: stack traces would be on in its GraphQL answers, and must not reach a download's refusal
beforeAll(async () => void (hub = await startTestHub({ NODE_ENV: 'development' })));
afterAll(() => hub?.dispose());

async function linkFor(as: Office, body: unknown): Promise<Response> {
  return fetch(`${hub.url}/export/links`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await hub.token(as)}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function link(as: Office, body: unknown): Promise<{ url: string; expiresAt: string }> {
  const res = await linkFor(as, body);
  expect(res.status).toBe(200);
  return res.json();
}

async function expectPage(res: Response, status: number, code: string, message: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const html = await res.text();
  expect(html).toContain(`<code id="code">${code}</code>`);
  expect(html).toMatch(message);
  expect(html).not.toMatch(/stacktrace|\bat .*\.ts:\d+|Error:/);
}

describe('download links (issue 25 item 2)', () => {
  it(`a ticket is good for ${LINK_MINUTES} minutes and once: just before it still works, just after it is refused`, async () => {
    const tickets = new DownloadTickets('a-secret-of-at-least-thirty-two-characters');
    const viewer = { subject: 's', level: 'CITY' as const, regionCode: '410400', schoolId: null, roles: ['viewer' as const] };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const issued = await tickets.issue(viewer, { path: STUDIOS });
      const url = new URL(issued.url, 'http://hub');
      vi.setSystemTime(Date.now() + LINK_MINUTES * 60_000 - 2_000);
      expect((await tickets.redeem(url)).viewer).toEqual(viewer);
      const late = await tickets.issue(viewer, { path: STUDIOS });
      vi.setSystemTime(Date.now() + LINK_MINUTES * 60_000 + 2_000);
      await expect(tickets.redeem(new URL(late.url, 'http://hub'))).rejects.toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a link to a named export downloads with no header, the same file as with the token; a second use is refused', async () => {
    const token = await hub.token(CITY);
    const { url, expiresAt } = await link(CITY, { path: STUDIOS });
    expect(url.startsWith(`${STUDIOS}&ticket=`)).toBe(true);
    expect(url).not.toContain(token);
    const lives = Date.parse(expiresAt) - Date.now();
    expect(lives).toBeGreaterThan((LINK_MINUTES - 1) * 60_000);
    expect(lives).toBeLessThanOrEqual(LINK_MINUTES * 60_000);

    const byLink = await fetch(`${hub.url}${url}`);
    expect(byLink.status).toBe(200);
    expect(byLink.headers.get('content-disposition')).toContain('attachment');
    const byHeader = await fetch(`${hub.url}${STUDIOS}`, { headers: { authorization: `Bearer ${token}` } });
    const rows = parseCsv(await byLink.text());
    expect(rows.length).toBeGreaterThan(2);
    expect(rows).toEqual(parseCsv(await byHeader.text()));
    // the 说明 of an XLSX by link names the viewer the link was issued to
    const xlsx = await link(CITY, { path: '/export/studios.xlsx?within=410400&year=2025' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (await fetch(`${hub.url}${xlsx.url}`)).arrayBuffer());
    const who = book.getWorksheet('说明')!.getColumn(2).values.map(String);
    expect(who.some((v) => v.startsWith('平顶山市教育局 王科员（市级 410400'))).toBe(true);

    await expectPage(await fetch(`${hub.url}${url}`), 410, 'LINK_USED', /只能使用一次/);
  });

  it('a link shown with other parameters, or a forged one, is refused with a page; none is issued without a token', async () => {
    const { url } = await link(CITY, { path: STUDIOS });
    await expectPage(await fetch(`${hub.url}${url.replace('within=410400', 'within=410422')}`), 403, 'FORBIDDEN', /不符/);
    await expectPage(await fetch(`${hub.url}${STUDIOS}&ticket=abc.def.ghi`), 401, 'UNAUTHENTICATED', /下载链接无效/);
    const anonymous = await fetch(`${hub.url}/export/links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: STUDIOS }),
    });
    expect(anonymous.status).toBe(401);
    // bad parameters are refused when the link is asked for, in JSON, naming them
    const bad = await linkFor(CITY, { path: '/export/studios.csv?within=410400&year=25' });
    expect(bad.status).toBe(400);
    expectRefusal(await bad.json(), 'BAD_USER_INPUT', { argumentName: 'year' });
    const unknown = await linkFor(CITY, { path: '/export/teachers.csv?within=410400' });
    expect((await unknown.json()).errors[0].message).toContain('没有这个导出');
  });

  it('out of scope is a readable refusal: a page by link, JSON without a stack trace with the token (development hub)', async () => {
    const { url } = await link(CITY, { path: '/export/studios.xlsx?within=410000&year=2025' });
    await expectPage(await fetch(`${hub.url}${url}`), 403, 'FORBIDDEN', /无权查看行政区划 410000 的数据/);
    const json = await fetch(`${hub.url}/export/studios.xlsx?within=410000&year=2025`, {
      headers: { authorization: `Bearer ${await hub.token(CITY)}` },
    });
    expect(json.status).toBe(403);
    const { errors } = await json.json();
    expectRefusal({ errors }, 'FORBIDDEN');
    expect(JSON.stringify(errors)).not.toContain('stacktrace');
  });

  it('a browser opening an export without a token gets a page asking it to sign in; ?access_token= is never accepted', async () => {
    const html = { accept: 'text/html,application/xhtml+xml' };
    await expectPage(await fetch(`${hub.url}${STUDIOS}`, { headers: html }), 401, 'UNAUTHENTICATED', /请先登录/);
    const token = await hub.token(CITY);
    expect((await fetch(`${hub.url}${STUDIOS}&access_token=${token}`)).status).toBe(401);
  });

  it("lists the named exports for the viewer's own region, each downloadable by link", async () => {
    const res = await fetch(`${hub.url}/export/list`, { headers: { authorization: `Bearer ${await hub.token(COUNTY)}` } });
    const { exports } = (await res.json()) as { exports: { name: string; title: string; path: string }[] };
    expect(exports.map((e) => e.name)).toEqual(
      expect.arrayContaining(['studios', 'pending-second-evaluations', 'region-overview']),
    );
    expect(exports.map((e) => e.name)).not.toContain('policy-diff'); // two policies to name, no region
    for (const e of exports) {
      expect(new URL(e.path, 'http://hub').searchParams.get('within'), e.name).toBe('410422');
      const { url } = await link(COUNTY, { path: e.path });
      expect((await fetch(`${hub.url}${url}`)).status, e.name).toBe(200);
    }
  });

  it('exports the current result as the named exports render it: Chinese headers and labels, numbers, a 合计 row', async () => {
    const { url } = await link(CITY, { result: { query: ROLLUP, variables: {} }, format: 'xlsx' });
    expect(url.startsWith('/export/result.xlsx?ticket=')).toBe(true);
    const res = await fetch(`${hub.url}${url}`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const data = book.worksheets[0]!;
    expect(String(data.getCell('A1').value)).toMatch(/^查询结果\u3000范围：410400 及其下级\u3000业务日期：/);
    expect((data.getRow(2).values as string[]).slice(1)).toEqual(['地区名称', '状态', '工作室数', '状态代码']);
    const rows: unknown[][] = [];
    data.eachRow((row, n) => void (n > 2 && rows.push((row.values as unknown[]).slice(1))));
    const total = rows.pop()!;
    const { data: api } = await hub.query(ROLLUP, {}, CITY);
    expect(rows).toHaveLength(api.studioRollup.length);
    expect(rows).toContainEqual(['叶县', '暂缓授牌', 1, 'ON_HOLD']);
    expect(total[0]).toBe('合计');
    expect((total[2] as { result: number }).result).toBe(9);

    // the same as CSV, in GB18030 when asked
    const csv = await link(CITY, { result: { query: ROLLUP, variables: {} }, format: 'csv' });
    const text = await (await fetch(`${hub.url}${csv.url}`)).text();
    expect(parseCsv(text)[0]).toEqual(['地区名称', '状态', '工作室数', '状态代码']);
    // a result without a list of objects has nothing to export
    const none = await link(CITY, { result: { query: '{ region(code: "410400") { name } }', variables: {} }, format: 'xlsx' });
    await expectPage(await fetch(`${hub.url}${none.url}`), 400, 'BAD_USER_INPUT', /没有可导出的列表/);
  });

  it('in Chromium, the playground downloads a named export and its current result by link, sending no token with them', async () => {
    await inChromium(
      async (page) => {
        await page.goto(`${hub.url}/`);
        const named = page.locator('#export-name option');
        await expect.poll(() => named.count(), { timeout: 30_000 }).toBeGreaterThan(3);
        await page.locator('#export-name').selectOption({ label: '工作室名单' });
        const [file] = await Promise.all([page.waitForEvent('download'), page.locator('#export-download').click()]);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load((await readFile((await file.path())!)) as unknown as ArrayBuffer);
        expect((book.worksheets[0]!.getRow(2).values as string[])[1]).toBe('工作室名称');

        // run the playground's own query, then export what it shows
        await page.locator('.graphiql-execute-button').click();
        await expect.poll(() => page.locator('.graphiql-response').innerText(), { timeout: 30_000 }).toContain('descendants');
        await page.locator('#export-format').selectOption('csv');
        const [result] = await Promise.all([page.waitForEvent('download'), page.locator('#export-result').click()]);
        const rows = parseCsv(await readFile((await result.path())!, 'utf8'));
        expect(rows.length).toBeGreaterThan(100); // 河南's counties
        expect(rows.flat()).toContain('叶县');

        expect([file.url(), result.url()].map((u) => new URL(u).pathname)).toEqual([
          '/export/studios.xlsx',
          '/export/result.csv',
        ]);
        // a link the browser follows carries no Authorization header; the URL holds only the ticket, not the token
        const token = await hub.token({ level: 'PROVINCE', region: '410000', roles: ['admin'] });
        for (const url of [file.url(), result.url()]) {
          expect(new URL(url).searchParams.get('ticket')).toBeTruthy();
          expect(url).not.toContain(hub.devToken!);
          expect(url).not.toContain(token);
        }
      },
      { acceptDownloads: true },
    );
  });
});
