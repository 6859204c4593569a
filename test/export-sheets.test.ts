import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { it } from 'vitest';
import { demoStudio, studios } from './support/demo.ts';
import { ENUMS } from '../gateway/labels.ts';
import { chinaTime, displayWidth } from '../gateway/sheet.ts';
import { parseCsv } from '../lib/http/csv.ts';
import { describe, expect, test, TEST_TODAY, type Office, type TestHub } from './support/hub.ts';

// issue 14 item 1: exports as spreadsheets offices can work with: numbers as numbers, money with two decimals,
// shares as percentages, instants as dates in China time, enum values as Chinese labels (codes in hidden columns),
// widths that fit, autofilter, frozen header, and a 说明 sheet (title, scope, parameters, when, by whom)

const CITY: Office = { level: 'CITY', region: '410400', subject: '平顶山市教育局 王科员' };
const PROVINCE_VIEWER: Office = { level: 'PROVINCE', region: '410000' };
const yexianHost = demoStudio({ regionCode: '410422' }).hostSchoolId;
const cityRunHost = demoStudio({ regionCode: '410400' }).hostSchoolId;

interface Sheet {
  book: ExcelJS.Workbook;
  data: ExcelJS.Worksheet;
  headers: string[];
  /** the data rows, each by header */
  rows: Record<string, ExcelJS.Cell>[];
  about: Record<string, string>;
}

async function download(hub: TestHub, path: string, as: Office): Promise<Response> {
  return fetch(`${hub.url}/export/${path}`, { headers: { authorization: `Bearer ${await hub.token(as)}` } });
}

async function sheet(hub: TestHub, path: string, as: Office = CITY): Promise<Sheet> {
  const res = await download(hub, path, as);
  expect(res.status, path).toBe(200);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await res.arrayBuffer());
  const [data, info] = book.worksheets;
  // a title row, the header, the data rows, then a 合计 row (or a 无数据 line)
  const headers = (data!.getRow(2).values as string[]).slice(1);
  const rows: Record<string, ExcelJS.Cell>[] = [];
  data!.eachRow((row, n) => {
    if (n > 2 && n < data!.rowCount) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1)])));
  });
  const about: Record<string, string> = {};
  info!.eachRow((row, n) => {
    if (n > 1) about[String(row.getCell(1).value)] = String(row.getCell(2).value);
  });
  expect(info!.name).toBe('说明');
  return { book, data: data!, headers, rows, about };
}

/** Every sheet: bold frozen header, an autofilter over it, and columns at least as wide as their header. */
function expectSheetLayout({ data, headers }: Sheet) {
  expect(data.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
  expect(data.autoFilter).toBeTruthy();
  expect(data.getRow(2).font?.bold).toBe(true);
  headers.forEach((h, i) => expect(data.getColumn(i + 1).width, h).toBeGreaterThanOrEqual(displayWidth(h)));
}

describe('exports as real spreadsheets (issue 14 item 1)', () => {
  it('labels every value of each enum an export shows, as the schema lists them', () => {
    const sdl = readFileSync(fileURLToPath(new URL('../schema/supergraph.graphql', import.meta.url)), 'utf8');
    const enums = new Map(
      parse(sdl)
        .definitions.filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION)
        .map((d) => [d.name.value, d.values!.map((v) => v.name.value)]),
    );
    for (const [name, labels] of Object.entries(ENUMS)) expect(Object.keys(labels).sort(), name).toEqual(enums.get(name)!.sort());
  });

  it('counts CJK characters double for widths, and shows instants in China time (UTC+8)', () => {
    expect(displayWidth('工作室名称')).toBe(10);
    expect(displayWidth('ab（1）')).toBe(7);
    expect(chinaTime('2026-11-30T17:30:00Z')).toBe('2026-12-01 01:30:00');
    expect(chinaTime('2026-12-01T00:00:00.000Z')).toBe('2026-12-01 08:00:00');
  });

  test('the studio list: Chinese labels with codes in hidden columns, money as numbers, China-time dates, a 说明 sheet', async ({
    hub,
  }) => {
    const s = await sheet(hub, 'studios.xlsx?within=410400&year=2025');
    expectSheetLayout(s);
    const { data: api } = await hub.query(
      '{ studios(within: "410400", first: 50) { edges { node { id level status updatedAt memberCount funding(year: 2025) { allocated } } } } }',
      {},
      CITY,
    );
    const nodes = api.studios.edges.map((e: { node: Record<string, unknown> }) => e.node);
    expect(s.rows).toHaveLength(nodes.length);
    for (const row of s.rows) {
      const node = nodes.find((n: { id: string }) => n.id === row['编号']!.value)!;
      expect(row['级别']!.value).toBe(ENUMS.StudioLevel[node.level as keyof typeof ENUMS.StudioLevel]);
      expect(row['级别代码']!.value).toBe(node.level);
      expect(row['状态']!.value).toBe(ENUMS.StudioStatus[node.status as keyof typeof ENUMS.StudioStatus]);
      expect(row['状态代码']!.value).toBe(node.status);
      expect(row['成员数']!.type).toBe(ExcelJS.ValueType.Number);
      expect(row['成员数']!.value).toBe(node.memberCount);
      // money: a number SUM adds, shown with two decimals
      expect(row['年度拨付（元）']!.type).toBe(ExcelJS.ValueType.Number);
      expect(row['年度拨付（元）']!.value).toBe(Number(node.funding.allocated));
      expect(row['年度拨付（元）']!.numFmt).toBe('#,##0.00');
      // a date cell holding the China wall clock (UTC+8) of the instant
      const updated = row['更新时间（北京时间）']!;
      expect(updated.type).toBe(ExcelJS.ValueType.Date);
      expect((updated.value as Date).getTime()).toBe(Math.floor(new Date(node.updatedAt).getTime() / 1000) * 1000 + 8 * 3600_000);
      expect(updated.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    }
    expect(s.rows.map((r) => r['状态']!.value)).toContain('暂缓授牌');
    // the code columns are the last ones and hidden; the visible ones fit a 36-character id
    const codeAt = s.headers.indexOf('级别代码') + 1;
    expect(codeAt).toBeGreaterThan(s.headers.indexOf('更新时间（北京时间）') + 1);
    expect(s.data.getColumn(codeAt).hidden).toBe(true);
    const idAt = s.headers.indexOf('编号') + 1;
    expect(s.data.getColumn(idAt).hidden).toBe(false);
    expect(s.data.getColumn(idAt).width).toBeGreaterThanOrEqual(36);
    // 说明: title, scope, parameters, generated at (China time), the business day of lib/domain/clock, and who
    expect(s.about['标题']).toBe('工作室名单');
    expect(s.about['范围']).toContain('平顶山市（410400');
    expect(s.about['年度']).toBe('2025');
    expect(s.about['查询参数']).toBe('within=410400&year=2025');
    expect(s.about['行数']).toBe(String(nodes.length));
    expect(s.about['生成时间']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）$/);
    expect(s.about['业务日期']).toBe(TEST_TODAY);
    expect(s.about['导出人']).toContain('平顶山市教育局 王科员');
    expect(s.about['导出人']).toContain('市级 410400');
    expect(s.about['代码列']).toContain('级别代码');
  });

  test('the CSV is rendered from the same declarations: labels, then the codes at the end; money as written', async ({ hub }) => {
    const res = await download(hub, 'studios.csv?within=410400&year=2025', CITY);
    const [header, ...rows] = parseCsv(await res.text());
    expect(header!.slice(-2)).toEqual(['级别代码', '状态代码']);
    const status = header!.indexOf('状态');
    const onHold = rows.find((r) => r[header!.indexOf('状态代码')] === 'ON_HOLD')!;
    expect(onHold[status]).toBe('暂缓授牌');
    expect(rows.every((r) => /^-?\d+\.\d\d$/.test(r[header!.indexOf('年度拨付（元）')]!))).toBe(true);
  });

  test('rollups: dimension labels, counts as numbers, shares as percentages, money with two decimals', async ({ hub }) => {
    const studiosBy = await sheet(hub, 'studio-rollup.xlsx?within=410400&groupBy=REGION,STATUS&regionLevel=COUNTY');
    expectSheetLayout(studiosBy);
    expect(studiosBy.headers).toEqual(['地区', '地区代码', '状态', '工作室数', '成员数', '占比', '状态代码']);
    const share = studiosBy.rows.reduce((n, r) => n + (r['占比']!.value as number), 0);
    expect(share).toBeCloseTo(1, 3);
    expect(studiosBy.rows[0]!['占比']!.numFmt).toBe('0.00%');
    expect(studiosBy.rows.find((r) => r['地区代码']!.value === '410422' && r['状态代码']!.value === 'ON_HOLD')).toBeDefined();
    expect(studiosBy.about['分组']).toBe('地区、状态');
    expect(studiosBy.about['地区汇总到']).toBe('县（区）');

    const evaluationsBy = await sheet(hub, 'evaluation-rollup.xlsx?within=410400&groupBy=KIND,RESULT');
    const kinds = evaluationsBy.rows.map((r) => r['评估类型']!.value);
    expect(kinds).toContain('创建评估');
    expect(kinds).toContain('二次评估');
    expect(evaluationsBy.rows.map((r) => r['结果']!.value)).toContain('不合格');
    expect(evaluationsBy.rows.every((r) => r['评估次数']!.type === ExcelJS.ValueType.Number)).toBe(true);

    const fundingBy = await sheet(hub, 'funding-rollup.xlsx?within=410400&groupBy=YEAR,SOURCE&year=2025');
    expect(fundingBy.rows.length).toBeGreaterThan(0);
    for (const r of fundingBy.rows) {
      expect(r['拨付（元）']!.type).toBe(ExcelJS.ValueType.Number);
      expect(r['拨付（元）']!.numFmt).toBe('#,##0.00');
      expect(Object.values(ENUMS.FundingSource)).toContain(r['经费来源']!.value);
      expect(r['年度']!.value).toBe(2025);
    }
  });

  test('the region overview and the pending 二次评估 list: a row per child, and a county its own row', async ({ hub }) => {
    const overview = await sheet(hub, 'region-overview.xlsx?within=410400&year=2025');
    expectSheetLayout(overview);
    expect(overview.rows.length).toBeGreaterThan(5);
    for (const r of overview.rows) {
      expect(r['工作室数']!.type).toBe(ExcelJS.ValueType.Number);
      expect(r['执行率']!.type).toBe(ExcelJS.ValueType.Number);
      expect(r['执行率']!.numFmt).toBe('0.00%');
      expect(r['拨付（元）']!.type).toBe(ExcelJS.ValueType.Number);
    }
    // a county has no regions below it: today's fix gives it its own row rather than a header alone
    const county = await sheet(hub, 'region-overview.xlsx?within=410422&year=2025', { level: 'COUNTY', region: '410422' });
    expect(county.rows.map((r) => r['地区代码']!.value)).toEqual(['410422']);
    expect(county.rows[0]!['工作室数']!.value).toBe(studios.filter((s) => s.regionCode === '410422').length);
    const pending = await sheet(hub, 'pending-second-evaluations.xlsx?within=410422', { level: 'COUNTY', region: '410422' });
    expect(pending.rows.map((r) => [r['区县']!.value, r['所属地市']!.value, r['待二次评估工作室数']!.value])).toEqual([
      ['叶县', '平顶山市', 1],
    ]);
    const city = await sheet(hub, 'pending-second-evaluations.xlsx?within=410400');
    expect(city.rows.map((r) => r['区县代码']!.value)).toContain('410422');
    expect(city.rows.map((r) => r['区县代码']!.value)).not.toContain('410400');
  });

  test('annual submissions: status labels, counts as numbers; a county its own, a province every city’s', async ({ hub }) => {
    const city = await sheet(hub, 'annual-submissions.xlsx?within=410400&year=2025');
    expectSheetLayout(city);
    for (const r of city.rows) {
      expect(Object.values(ENUMS.AnnualSubmissionStatus)).toContain(r['上报状态']!.value);
      expect(Object.keys(ENUMS.AnnualSubmissionStatus)).toContain(r['上报状态代码']!.value);
      expect(r['年度考核数']!.type).toBe(ExcelJS.ValueType.Number);
    }
    const county = await sheet(hub, 'annual-submissions.xlsx?within=410422&year=2025', { level: 'COUNTY', region: '410422' });
    expect(county.rows.map((r) => r['区县代码']!.value)).toEqual(['410422']);
    const province = await sheet(hub, 'annual-submissions.xlsx?within=410000&year=2025', { level: 'PROVINCE', region: '410000' });
    expect(province.rows.length).toBeGreaterThan(city.rows.length);
    // a city-run school (局属学校) reads its own submission
    const school = await sheet(hub, 'annual-submissions.xlsx?within=410400&year=2025', {
      level: 'SCHOOL',
      region: '410400',
      school: cityRunHost,
    });
    expect(school.rows).toHaveLength(1);
    expect(school.rows[0]!['局属学校']!.value).toBeTruthy();
    // a county school may not read its county's submissions (figures an office keeps for its region)
    const refused = await download(hub, 'annual-submissions.xlsx?within=410422&year=2025', {
      level: 'SCHOOL',
      region: '410422',
      school: yexianHost,
    });
    expect(refused.status).toBe(403);
  });

  test('funding matching (003 经费办法 第二条): money as numbers, 是/否 for compliance, a district its own', async ({ hub }) => {
    const shenzhen = await sheet(hub, 'funding-matching.xlsx?within=440300&year=2020', { level: 'CITY', region: '440300' });
    expectSheetLayout(shenzhen);
    expect(shenzhen.rows.length).toBeGreaterThan(0);
    for (const r of shenzhen.rows) {
      expect(r['应配套（元）']!.type).toBe(ExcelJS.ValueType.Number);
      expect(r['差额（元）']!.numFmt).toBe('#,##0.00');
      expect(['是', '否']).toContain(r['是否达标']!.value);
    }
    const district = String(shenzhen.rows[0]!['区县代码']!.value);
    const own = await sheet(hub, `funding-matching.xlsx?within=${district}&year=2020`, { level: 'COUNTY', region: district });
    expect(own.rows.map((r) => r['区县代码']!.value)).toEqual([district]);
  });

  test('every export answers every level allowed to call it with rows, from the nation down to a school', async ({ hub }) => {
    const offices: Office[] = [
      { level: 'NATION', region: '100000' },
      { level: 'PROVINCE', region: '410000' },
      { level: 'CITY', region: '410400' },
      { level: 'COUNTY', region: '410422' },
      { level: 'SCHOOL', region: '410422', school: yexianHost },
    ];
    const paths = [
      'studios.xlsx?year=2025',
      'pending-second-evaluations.xlsx?',
      'region-overview.xlsx?year=2025',
      'annual-submissions.xlsx?year=2025',
      'studio-rollup.xlsx?groupBy=REGION,LEVEL',
      'evaluation-rollup.xlsx?groupBy=KIND',
      'funding-rollup.xlsx?groupBy=YEAR',
    ];
    for (const office of offices)
      for (const path of paths) {
        if (office.level === 'SCHOOL' && path.startsWith('annual-submissions')) continue; // refused above
        const [name, query] = path.split('?');
        const s = await sheet(hub, `${name}?within=${office.region}&${query}`, office);
        expect(s.rows.length, `${office.level} ${name}`).toBeGreaterThan(0);
      }
  });
});

// issue 25 item 5: sheets that print: landscape, fit to width, a title row with scope and date, names before ids, a
// 合计 row where a sum means something, an explicit 无数据 line; CSV in GB18030 on request for old Excel
describe('sheets that print (issue 25 item 5)', () => {
  test('the studio list prints landscape, one page wide, under a title row naming the scope and the business day', async ({
    hub,
  }) => {
    const s = await sheet(hub, 'studios.xlsx?within=410400&year=2025');
    expect(s.data.pageSetup).toMatchObject({
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      paperSize: 9,
    });
    const title = String(s.data.getCell('A1').value);
    expect(title).toBe(`工作室名单\u3000范围：平顶山市（410400）\u3000业务日期：${TEST_TODAY}`);
    expect(s.data.getRow(1).font?.bold).toBe(true);
    // the title spans the visible columns, not the hidden code columns
    const lastVisible = s.headers.indexOf('级别代码');
    expect(s.data.getCell(1, lastVisible).isMerged).toBe(true);
    expect(s.data.getCell(1, lastVisible + 1).isMerged).toBe(false);
    // names before ids: the studio's name first, each region's name before its code, the UUID last of the visible
    expect(s.headers[0]).toBe('工作室名称');
    expect(s.headers.indexOf('所在地区')).toBeLessThan(s.headers.indexOf('地区代码'));
    expect(s.headers.indexOf('编号')).toBe(lastVisible - 1);
  });

  test('a 合计 row adds up counts and money (SUBTOTAL, so a filter leaves hidden rows out), never years or shares', async ({
    hub,
  }) => {
    const s = await sheet(hub, 'studios.xlsx?within=410400&year=2025');
    const total = s.data.getRow(s.data.rowCount);
    const cell = (header: string) => total.getCell(s.headers.indexOf(header) + 1);
    expect(cell('工作室名称').value).toBe('合计');
    expect(total.font?.bold).toBe(true);
    const members = cell('成员数');
    const column = members.address.replace(/\d+$/, '');
    expect(members.formula).toBe(`SUBTOTAL(109,${column}3:${column}${s.rows.length + 2})`);
    expect(members.result).toBe(s.rows.reduce((n, r) => n + (r['成员数']!.value as number), 0));
    // money added in fen, not floats: the same as adding the yuan strings' fen
    const fen = s.rows.reduce((n, r) => n + Math.round(((r['年度拨付（元）']!.value as number | null) ?? 0) * 100), 0);
    expect(cell('年度拨付（元）').result).toBe(fen / 100);
    expect(cell('年度拨付（元）').numFmt).toBe('#,##0.00');
    // a year is no quantity: nothing under 建设起始年
    expect(cell('建设起始年').value).toBeNull();
    // the filter covers the data rows only, so sorting never moves the 合计 row
    expect(s.data.autoFilter).toMatch(new RegExp(`^A2:[A-Z]+${s.rows.length + 2}$`));

    const rollup = await sheet(hub, 'evaluation-rollup.xlsx?within=410400&groupBy=KIND,RESULT');
    const last = rollup.data.getRow(rollup.data.rowCount);
    const at = (header: string) => last.getCell(rollup.headers.indexOf(header) + 1);
    expect(at('评估次数').result).toBe(rollup.rows.reduce((n, r) => n + (r['评估次数']!.value as number), 0));
    // a studio evaluated twice is in two groups: its count does not add up, nor do shares
    expect(at('涉及工作室数').value).toBeNull();
    expect(at('占比').value).toBeNull();
  });

  test('an empty result says 无数据 in a line of its own under the header, with no 合计 row', async ({ hub }) => {
    // 新蔡县 (驻马店) has no studio in the demo
    const { data } = await hub.query('{ studios(within: "411729", first: 1) { totalCount } }', {}, PROVINCE_VIEWER);
    expect(data.studios.totalCount).toBe(0);
    const s = await sheet(hub, 'studios.xlsx?within=411729&year=2025', PROVINCE_VIEWER);
    const below: unknown[] = [];
    s.data.eachRow((row, n) => void (n > 2 && below.push(row.getCell(1).value)));
    expect(below).toEqual(['无数据：在此范围和条件下没有记录']);
    expect(s.data.getCell('B3').isMerged).toBe(true);
    expect(s.about['行数']).toBe('0');
  });

  test('CSV in GB18030 on request (?encoding=gb18030) for old Excel: the same rows, no byte-order mark; other encodings refused', async ({
    hub,
  }) => {
    const utf8 = await (await download(hub, 'studios.csv?within=410400&year=2025', CITY)).text();
    const res = await download(hub, 'studios.csv?within=410400&year=2025&encoding=gb18030', CITY);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=gb18030');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).not.toEqual([0xef, 0xbb, 0xbf]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(iconv.decode(bytes, 'gb18030')).toBe(utf8.replace(/^\uFEFF/, ''));
    const refused = await download(hub, 'studios.csv?within=410400&year=2025&encoding=latin1', CITY);
    expect(refused.status).toBe(400);
    expect((await refused.json()).errors[0]).toMatchObject({
      message: '参数 encoding 只能是 utf-8 或 gb18030，收到 latin1',
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'encoding' },
    });
  });
});
