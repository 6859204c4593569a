import ExcelJS from 'exceljs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseCsv } from '../lib/http/csv.ts';
import { seed } from '../scripts/seed.ts';
import { startTestHub, type GraphQLResponse, type Office, type TestHub, expectRefusal } from './support/hub.ts';

// issue 22 item 9: exports stream page by page to the response, so their memory does not grow with their rows, and
// at most EXPORT_CONCURRENCY run at once, EXPORT_QUEUE wait, and past the queue one is refused with 503 EXPORT_BUSY

const PROVINCE: Office = { level: 'PROVINCE', region: '410000', subject: '河南省教育厅 数据科' };
const STUDIO_IDS = `query ($after: String) {
  studios(within: "410000", first: 500, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
}`;

let hub: TestHub & { dispose(): Promise<void> };
let admin: pg.Client;
/** Every studio in 河南, in the order the API pages them (updatedAt, id): what the export must hold. */
let expected: string[];

beforeAll(async () => {
  // one export at a time and one waiting, so the test can fill both; statements may wait on a lock the test holds
  hub = await startTestHub({ DEMO_DATA: 'off', EXPORT_CONCURRENCY: '1', EXPORT_QUEUE: '1', DB_STATEMENT_TIMEOUT_MS: '300000' });
  await seed(hub.database!.url, 'province', { quiet: true });
  admin = new pg.Client({ connectionString: hub.database!.url });
  await admin.connect();
  expected = [];
  let after: string | null = null;
  do {
    const { data }: GraphQLResponse = await hub.query(STUDIO_IDS, { after }, PROVINCE);
    expected.push(...data.studios.edges.map((e: { node: { id: string } }) => e.node.id));
    after = data.studios.pageInfo.hasNextPage ? data.studios.pageInfo.endCursor : null;
  } while (after);
}, 300_000);
afterAll(async () => {
  await admin?.end();
  await hub?.dispose();
});

const auth = async (as: Office = PROVINCE) => ({ authorization: `Bearer ${await hub.token(as)}` });
const studiosExport = async (format: 'csv' | 'xlsx', init: RequestInit = {}) =>
  fetch(`${hub.url}/export/studios.${format}?within=410000&year=2025`, { headers: await auth(), ...init });

/** The body as it arrives: each chunk the client reads, and all of it. */
async function chunksOf(res: Response): Promise<{ chunks: number; body: Buffer }> {
  const parts: Buffer[] = [];
  const reader = res.body!.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(Buffer.from(read.value));
  return { chunks: parts.length, body: Buffer.concat(parts) };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}`);
}

const exportState = async () =>
  ((await (await fetch(`${hub.url}/health`)).json()) as { exports: { running: number; queued: number } }).exports;

describe('exports stream page by page (issue 22 item 9)', () => {
  test('the province studio list (4 pages) as CSV is sent chunked as it is read, every studio once, in the API order', async () => {
    expect(expected.length).toBeGreaterThan(1500); // 181 counties × 10 studios: four pages of 500
    const res = await studiosExport('csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const { chunks, body } = await chunksOf(res);
    expect(chunks).toBeGreaterThan(1);
    const [header, ...rows] = parseCsv(body.toString('utf8'));
    expect(header!.length).toBe(17); // 15 columns and the two code columns
    expect(rows.map((r) => r[header!.indexOf('编号')])).toEqual(expected);
    expect(rows.every((r) => r.length === header!.length)).toBe(true);
  });

  test('the same list as XLSX, written by the streaming workbook writer: every studio once, the 说明 sheet counts them', async () => {
    const res = await studiosExport('xlsx');
    expect(res.status).toBe(200);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    const { chunks, body } = await chunksOf(res);
    expect(chunks).toBeGreaterThan(1);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(body as unknown as ArrayBuffer);
    const [data, about] = book.worksheets;
    const ids: string[] = [];
    const idAt = (data!.getRow(2).values as string[]).indexOf('编号');
    // under the title row and the header, above the 合计 row
    data!.eachRow((row, n) => void (n > 2 && n < data!.rowCount && ids.push(String(row.getCell(idAt).value))));
    expect(ids).toEqual(expected);
    expect(data!.getRow(2).font?.bold).toBe(true);
    expect(data!.getColumn(idAt).width).toBeGreaterThanOrEqual(36); // fits an id, from the first page
    const lines: Record<string, string> = {};
    about!.eachRow((row) => void (lines[String(row.getCell(1).value)] = String(row.getCell(2).value)));
    expect(lines['行数']).toBe(String(expected.length));
  });

  test('EXPORT_CONCURRENCY=1, EXPORT_QUEUE=1: one runs, one waits, the next is refused with 503 EXPORT_BUSY and Retry-After; the two finish whole', async () => {
    // hold the running export on its studio query: a lock on the studios table until the test lets go
    await admin.query('begin');
    await admin.query('lock table studios.studio in access exclusive mode');
    const running = studiosExport('csv');
    await until('the first export waits on the lock', async () => {
      const { rows } = await admin.query(
        `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%studio%'`,
      );
      return rows[0].n >= 1;
    });
    expect(await exportState()).toMatchObject({ running: 1, queued: 0 });
    // at the bound: the second waits for its turn
    const waiting = studiosExport('xlsx');
    await until('the second export is queued', async () => (await exportState()).queued === 1);
    // one past the bound: refused at once, in Chinese, with a stable code and when to try again
    const refused = await studiosExport('csv');
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const { errors } = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expectRefusal({ errors }, 'EXPORT_BUSY');
    expect(errors[0]!.message).toMatch(/^导出繁忙：.*请 \d+ 秒后再试$/);
    // a request that is not an export is served meanwhile
    const { data } = await hub.query('{ region(code: "410000") { name } }', {}, PROVINCE);
    expect(data.region.name).toBe('河南省');

    await admin.query('commit');
    // read in turn: the second starts once the first is out
    const first = await running;
    expect(first.status).toBe(200);
    const [, ...rows] = parseCsv(await first.text());
    expect(rows).toHaveLength(expected.length);
    const second = await waiting;
    expect(second.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await second.arrayBuffer());
    expect(book.worksheets[0]!.rowCount).toBe(expected.length + 3); // the title row, the header and the 合计 row
    await until('every turn is given back', async () => (await exportState()).running === 0);
    expect(await exportState()).toMatchObject({ running: 0, queued: 0 });
  });

  test('an export whose client leaves while it waits gives up its place in the queue', async () => {
    await admin.query('begin');
    await admin.query('lock table studios.studio in access exclusive mode');
    const running = studiosExport('csv');
    await until('the first export runs', async () => (await exportState()).running === 1);
    const leaving = new AbortController();
    const left = studiosExport('csv', { signal: leaving.signal }).catch((error: Error) => error.name);
    await until('the second export is queued', async () => (await exportState()).queued === 1);
    leaving.abort();
    expect(await left).toBe('AbortError');
    await until('its place is free', async () => (await exportState()).queued === 0);
    // the place is there for the next one
    const next = studiosExport('csv');
    await until('the next export is queued', async () => (await exportState()).queued === 1);
    await admin.query('commit');
    for (const res of [await running, await next]) {
      expect(res.status).toBe(200);
      expect(parseCsv(await res.text())).toHaveLength(expected.length + 1);
    }
  });
});
