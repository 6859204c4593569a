import ExcelJS from 'exceljs';
import { it } from 'vitest';
import { evaluations, studios } from './support/demo.ts';
import { neutralise, parseCsv, toCsv } from '../lib/http/csv.ts';
import { expectAnswer, type Office, type TestHub } from './support/hub.ts';
import { describe, expect, studioStory, test } from './support/stories.ts';

// one office types a formula where a name goes; another office opens the export in Excel
const NAME = '=HYPERLINK("x","点")';
const BATCH = '=HYPERLINK("http://evil.example/","请点此查看")';
const REASON = '=HYPERLINK("http://evil.example/","请点此查看退回意见")';

const CITY: Office = { level: 'CITY', region: '410400', roles: ['editor', 'evaluator'] };
const YEXIAN: Office = { level: 'COUNTY', region: '410422', roles: ['evaluator'] };

async function download(hub: TestHub, path: string, as: Office): Promise<Buffer> {
  const res = await fetch(`${hub.url}/export/${path}`, { headers: { authorization: `Bearer ${await hub.token(as)}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

async function xlsxRows(body: Buffer): Promise<ExcelJS.Row[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const rows: ExcelJS.Row[] = [];
  book.worksheets[0]!.eachRow((row) => rows.push(row));
  return rows;
}

describe('exports neutralise formula-looking cells (OWASP CSV injection)', () => {
  it('prefixes text starting with = + - @ tab CR or their full-width forms with an apostrophe, and leaves numbers alone', () => {
    for (const text of ['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '＝1+1', '＋1', '－1', '＠A1', '-', '-1e5'])
      expect(neutralise(text)).toBe(`'${text}`);
    for (const value of [-5, 0, 12.5, '-120.50', '-3', '80000.00', '叶县', '1=1', "it's", '', null])
      expect(neutralise(value)).toBe(value);
    expect(parseCsv(toCsv(['a', 'b'], [['=1+1', '-120.50']]).toString('utf8'))).toEqual([
      ['a', 'b'],
      ["'=1+1", '-120.50'],
    ]);
  });

  test('a teacher imported with a formula for a name, hosting a studio of a formula batch, exports as text in CSV and XLSX', async ({
    hub,
  }) => {
    const studio = await studioStory(hub, { batch: BATCH, host: { name: NAME } });

    const csv = parseCsv((await download(hub, `studios.csv?within=${studio.county.code}&year=2026`, CITY)).toString('utf8'));
    const header = csv[0]!;
    const line = csv.find((r) => r[header.indexOf('编号')] === studio.id)!;
    expect(line[header.indexOf('主持人')]).toBe(`'${NAME}`);
    expect(line[header.indexOf('批次')]).toBe(`'${BATCH}`);
    expect(line[header.indexOf('工作室名称')]).toBe(/^[=+\-@]/.test(studio.name) ? `'${studio.name}` : studio.name);
    for (const cell of csv.flat()) expect(cell).not.toMatch(/^[=+@\t\r＝＋－＠]|^-(?!\d+(\.\d+)?$)/);

    const rows = await xlsxRows(await download(hub, `studios.xlsx?within=${studio.county.code}&year=2026`, CITY));
    const titles = rows[1]!.values as unknown[]; // under the title row
    const row = rows.find((r) => r.getCell(titles.indexOf('编号')).value === studio.id)!;
    expect(row.getCell(titles.indexOf('主持人')).value).toBe(`'${NAME}`);
    expect(row.getCell(titles.indexOf('批次')).value).toBe(`'${BATCH}`);
    // the one formula is the 合计 row's SUBTOTAL, written by the export itself
    expect(rows.at(-1)!.getCell(1).value).toBe('合计');
    rows.at(-1)!.eachCell((cell) => cell.type === ExcelJS.ValueType.Formula && expect(cell.formula).toMatch(/^SUBTOTAL\(109,/));
    for (const r of rows.slice(0, -1))
      r.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') expect(cell.value).not.toMatch(/^[=+@\t\r＝＋－＠]|^-(?!\d+(\.\d+)?$)/);
      });
  });

  test("a county's annual results returned with a formula for a reason export the reason as text", async ({ hub }) => {
    const pending = evaluations.find(
      (e) => e.regionCode === '410422' && e.kind === 'ANNUAL' && e.year === 2026 && e.status === 'PENDING',
    )!;
    expect(studios.some((s) => s.id === pending.studioId)).toBe(true);
    expectAnswer(
      await hub.query(
        'mutation ($id: ID!) { recordEvaluationResult(input: { id: $id, version: 1, result: PASS }) { id } }',
        { id: pending.id },
        YEXIAN,
      ),
    );
    expectAnswer(
      await hub.query('mutation { submitAnnualResults(countyCode: "410422", year: 2026, version: 0) { version } }', {}, YEXIAN),
    );
    expectAnswer(
      await hub.query(
        'mutation ($r: String!) { returnAnnualResults(countyCode: "410422", year: 2026, version: 1, reason: $r) { status } }',
        { r: REASON },
        CITY,
      ),
    );
    const csv = parseCsv((await download(hub, 'annual-submissions.csv?within=410400&year=2026', CITY)).toString('utf8'));
    const header = csv[0]!;
    const yexian = csv.find((r) => r[header.indexOf('区县代码')] === '410422')!;
    expect(yexian[header.indexOf('退回原因')]).toBe(`'${REASON}`);

    const rows = await xlsxRows(await download(hub, 'annual-submissions.xlsx?within=410400&year=2026', CITY));
    const titles = rows[1]!.values as unknown[]; // under the title row
    const row = rows.find((r) => r.getCell(titles.indexOf('区县代码')).value === '410422')!;
    expect(row.getCell(titles.indexOf('退回原因')).value).toBe(`'${REASON}`);
  });
});
