import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll } from 'vitest';
import { schools } from '../demo/world.ts';
import { toCsv } from '../lib/csv.ts';
import { Teacher } from '../subgraphs/personnel/teacher/teacher.entity.ts';
import { runImport } from './support/import.ts';
import { describe, expect, test, type Office, type TestHub } from './support/hub.ts';

const HEADER = ['姓名', '单位', '年龄', '班主任工作年限', '职称', '学段', '任教学科', '市级优秀班主任（是/否）'];
const yexian = schools.filter((s) => s.regionCode === '410422');
const STAGE = { PRIMARY: '小学', JUNIOR: '初中', SENIOR: '高中', VOCATIONAL: '中职' } as const;
const COUNTY: Office = { level: 'COUNTY', region: '410422', roles: ['editor'] };
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-hub-import-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const teacherCount = async (hub: TestHub) =>
  (await hub.query('{ region(code: "410422") { people { teacherCount } } }', {}, COUNTY)).data.region.people.teacherCount;
const row = (name: string, i: number, school = yexian[i % yexian.length]!) => [
  name,
  school.name,
  String(28 + (i % 20)),
  String(3 + (i % 5)),
  '一级教师',
  STAGE[school.stage],
  '语文',
  i % 2 ? '是' : '否',
];

describe("importing teachers from the offices' spreadsheets (000 附件4)", () => {
  test('a good CSV file is imported whole, with progress shown', async ({ hub }) => {
    const before = await teacherCount(hub);
    const file = join(dir, 'good.csv');
    await writeFile(
      file,
      toCsv(
        HEADER,
        Array.from({ length: 1200 }, (_, i) => row(`导入教师${i}`, i)),
      ),
    );
    const { code, out } = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(out).toContain('已导入 1200 人');
    expect(code).toBe(0);
    expect(out).toMatch(/读取 100% 1200\/1200/);
    expect(await teacherCount(hub)).toBe(before + 1200);
  });

  test('an .xlsx file with bad rows is refused whole, each bad row listed with its column and why', async ({ hub }) => {
    const before = await teacherCount(hub);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('推荐汇总表');
    sheet.addRow(['平顶山市名班主任工作室主持人推荐汇总表']);
    sheet.addRow(HEADER);
    sheet.addRow(row('张合格', 0));
    sheet.addRow(['', yexian[0]!.name, '35', '5', '一级教师', STAGE[yexian[0]!.stage], '数学', '否']);
    sheet.addRow(['李年龄', yexian[0]!.name, '17', '5', '一级教师', STAGE[yexian[0]!.stage], '数学', '否']);
    sheet.addRow(['王学校', '不存在的学校', '35', '5', '特级', '大学', '数学', '也许']);
    const file = join(dir, 'bad.xlsx');
    await book.xlsx.writeFile(file);
    const { code, out } = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(code).toBe(1);
    expect(out).toContain('未写入任何数据');
    expect(out).toMatch(/第 4 行\s+姓名：姓名不能为空/);
    expect(out).toMatch(/第 5 行\s+年龄/);
    expect(out).toMatch(/第 6 行\s+单位/);
    expect(out).toMatch(/第 6 行\s+职称/);
    expect(out).toMatch(/第 6 行\s+市级优秀班主任/);
    expect(out).not.toMatch(/第 3 行/);
    expect(await teacherCount(hub)).toBe(before);
  });

  test('imports store text as text: a formula cell is read as its computed value, rich text and links as their text', async ({
    hub,
  }) => {
    const school = yexian[1]!;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('推荐汇总表');
    sheet.addRow(HEADER);
    const cells = row('占位', 1, school);
    sheet.addRow(cells);
    sheet.getCell('A2').value = { formula: 'CONCATENATE("公式","教师")', result: '公式教师' };
    sheet.getCell('B2').value = {
      richText: [{ text: school.name.slice(0, 2) }, { font: { bold: true }, text: school.name.slice(2) }],
    };
    sheet.getCell('C2').value = { formula: '30+5', result: 35 };
    sheet.getCell('G2').value = { text: '语文', hyperlink: 'http://example.com/' };
    const file = join(dir, 'formulas.xlsx');
    await book.xlsx.writeFile(file);
    const { code, out } = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(out).toContain('已导入 1 人');
    expect(code).toBe(0);
    const stored = await hub.subgraphs.personnel!.orm.fork().find(Teacher, { schoolId: school.id, declaredOn: { $ne: null } });
    expect(stored.find((t) => t.name === '公式教师')).toMatchObject({ subject: '语文', declaredAge: 35 });
    expect(stored.map((t) => t.name)).not.toContain('[object Object]');
  });

  test('imports refuse a formula cell without a computed value, naming the cell, and write nothing', async ({ hub }) => {
    const before = await teacherCount(hub);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('推荐汇总表');
    sheet.addRow(HEADER);
    sheet.addRow(row('占位', 2));
    sheet.getCell('A2').value = { formula: 'HYPERLINK("http://example.com","请点此查看")' } as ExcelJS.CellFormulaValue;
    sheet.getCell('D2').value = { formula: '1/0', result: { error: '#DIV/0!' } };
    const file = join(dir, 'formula-without-value.xlsx');
    await book.xlsx.writeFile(file);
    const { code, out } = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(code).toBe(1);
    expect(out).toContain('未写入任何数据');
    expect(out).toContain('第 2 行 A 列是公式');
    expect(out).toContain('第 2 行 D 列的公式计算出错（#DIV/0!）');
    expect(out).not.toContain('[object Object]');
    expect(await teacherCount(hub)).toBe(before);
  });

  test("a school outside the office's scope is a bad row, not an import elsewhere", async ({ hub }) => {
    const other = schools.find((s) => s.regionCode === '410421')!;
    const { errors } = await hub.query(
      'mutation ($rows: [TeacherRowInput!]!) { importTeachers(rows: $rows) { imported } }',
      {
        rows: [
          {
            row: 2,
            name: '赵越界',
            school: other.name,
            age: '30',
            headTeacherYears: '4',
            title: '一级教师',
            stage: STAGE[other.stage],
          },
        ],
      },
      COUNTY,
    );
    expect(errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(errors![0]!.extensions!.problems).toEqual([expect.objectContaining({ row: 2, column: '单位' })]);
  });

  test('viewers may not import', async ({ hub }) => {
    const { errors } = await hub.query(
      'mutation ($rows: [TeacherRowInput!]!) { importTeachers(rows: $rows) { imported } }',
      { rows: [{ row: 2, name: '钱只读' }] },
      { ...COUNTY, roles: ['viewer'] },
    );
    expect(errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
