import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll } from 'vitest';
import { schools } from './support/demo.ts';
import { toCsv } from '../lib/http/csv.ts';
import { Teacher, TeacherHonor } from '../subgraphs/personnel/teacher/teacher.entity.ts';
import { runImport } from './support/import.ts';
import { freePort } from './support/ports.ts';
import { describe, expect, test, type Office, type TestHub, expectRefusal } from './support/hub.ts';

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
    expectRefusal({ errors }, 'BAD_USER_INPUT');
    expect(errors![0]!.extensions!.problems).toEqual([expect.objectContaining({ row: 2, column: '单位' })]);
  });

  test('viewers may not import', async ({ hub }) => {
    const { errors } = await hub.query(
      'mutation ($rows: [TeacherRowInput!]!) { importTeachers(rows: $rows) { imported } }',
      { rows: [{ row: 2, name: '钱只读' }] },
      { ...COUNTY, roles: ['viewer'] },
    );
    expectRefusal({ errors }, 'FORBIDDEN');
  });
});

// issue 14 item 2: files as offices save them — Chinese Excel's GB18030/GBK CSV, the seed's wrapped header cells,
// pre-2015 titles — and an update mode keyed on 姓名 + 单位, still all rows or none
describe('importing files as offices save them (issue 14 item 2)', () => {
  const gbk = (rows: string[][]) => iconv.encode(rows.map((r) => r.join(',')).join('\r\n') + '\r\n', 'gbk');
  const stored = (hub: TestHub, name: string) => hub.subgraphs.personnel!.orm.fork().findOne(Teacher, { name });

  test('a GBK CSV saved by Chinese Excel is read as GB18030; UTF-8 without a byte-order mark too', async ({ hub }) => {
    const school = yexian[0]!;
    const file = join(dir, 'gbk.csv');
    await writeFile(file, gbk([HEADER, row('国标教师', 0, school)]));
    const { code, out } = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(out).toContain('已导入 1 人');
    expect(code).toBe(0);
    expect(await stored(hub, '国标教师')).toMatchObject({ schoolId: school.id, subject: '语文' });

    const plain = join(dir, 'utf8-no-bom.csv');
    await writeFile(plain, `${[HEADER, row('无签名教师', 1, school)].map((r) => r.join(',')).join('\n')}\n`, 'utf8');
    const again = await runImport(hub, 'teachers', plain, await hub.token(COUNTY));
    expect(again.out).toContain('已导入 1 人');
    expect(await stored(hub, '无签名教师')).not.toBeNull();
  });

  test('header cells wrapped or spaced as the seed prints them (000 附件4 "班主任工作\\n年限") are matched', async ({ hub }) => {
    const school = yexian[1]!;
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('推荐汇总表');
    sheet.addRow(['平顶山市名班主任工作室主持人推荐汇总表']);
    sheet.addRow(['姓 名', '单　位', '年龄', '班主任工作\n年限', '职称', '学段', '任教\n学科', '市级优秀班主任\n（是/否）']);
    sheet.addRow(row('换行表头教师', 1, school));
    const file = join(dir, 'wrapped.xlsx');
    await book.xlsx.writeFile(file);
    const { code, out } = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(out).toContain('已导入 1 人');
    expect(code).toBe(0);
    expect(await stored(hub, '换行表头教师')).toMatchObject({ subject: '语文', headTeacherYears: 4 });
  });

  test('a header that still lacks a column is refused saying what was found and the encoding guessed', async ({ hub }) => {
    const file = join(dir, 'no-title.csv');
    await writeFile(file, gbk([HEADER.filter((h) => h !== '职称'), row('缺列教师', 0).slice(0, 7)]));
    const { code, out } = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(code).toBe(1);
    expect(out).toContain('表头缺少列：职称（文件按 GB18030 编码读取）');
    expect(out).toContain('读到的表头（第 1 行）：“姓名”、“单位”、“年龄”');
    const none = join(dir, 'no-header.csv');
    await writeFile(
      none,
      gbk([
        ['序号', '名字'],
        ['1', '某某'],
      ]),
    );
    const missing = await runImport(hub, 'teachers', none, await hub.token(COUNTY));
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('找不到表头（文件按 GB18030 编码读取）');
    expect(missing.out).toContain('文件第 1 行是：“序号”、“名字”');
  });

  test('a pre-2015 title (中学高级教师, 小学高级教师) is stored as today’s (人社部发〔2015〕79号); an unknown one is refused', async ({
    hub,
  }) => {
    const school = yexian[2]!;
    const file = join(dir, 'titles.csv');
    const old = (name: string, title: string, i: number) => row(name, i, school).map((c, k) => (k === 4 ? title : c));
    await writeFile(file, toCsv(HEADER, [old('旧职称甲', '中学高级教师', 0), old('旧职称乙', '小学高级教师', 1)]));
    const { code, out } = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(out).toContain('已导入 2 人');
    expect(code).toBe(0);
    expect((await stored(hub, '旧职称甲'))!.title).toBe('高级教师');
    expect((await stored(hub, '旧职称乙'))!.title).toBe('一级教师');
    await writeFile(file, toCsv(HEADER, [old('旧职称丙', '特级教师', 2)]));
    const refused = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/第 2 行\s+职称：职称“特级教师”应为/);
  });

  test('the same file again is refused whole, pointing to --update; with --update the matching teachers are updated, the rest added', async ({
    hub,
  }) => {
    const school = yexian[3 % yexian.length]!;
    const first = join(dir, 'first.csv');
    await writeFile(first, toCsv(HEADER, [row('更新甲', 0, school), row('更新乙', 1, school)]));
    expect((await runImport(hub, 'teachers', first, await hub.token(COUNTY))).out).toContain('已导入 2 人');
    const before = await stored(hub, '更新甲');
    const count = await teacherCount(hub);

    const second = join(dir, 'second.csv');
    const changed = row('更新甲', 0, school).map((c, k) => (k === 4 ? '高级教师' : k === 3 ? '9' : k === 7 ? '是' : c));
    await writeFile(second, toCsv(HEADER, [changed, row('更新丙', 2, school)]));
    const refused = await runImport(hub, 'teachers', second, await hub.token(COUNTY));
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(
      new RegExp(`第 2 行\\s+姓名：${school.name}已有名为更新甲的教师（要更新已有教师，请选择更新模式：--update）`),
    );
    expect(await stored(hub, '更新丙')).toBeNull(); // all or none: the new row was not added either
    expect(await teacherCount(hub)).toBe(count);

    const updated = await runImport(hub, 'teachers', second, await hub.token(COUNTY), ['--update']);
    expect(updated.out).toContain('已导入 1 人，更新 1 人');
    expect(updated.code).toBe(0);
    const after = await stored(hub, '更新甲');
    expect(after).toMatchObject({ id: before!.id, title: '高级教师', headTeacherYears: 9, version: before!.version + 1 });
    expect(await teacherCount(hub)).toBe(count + 1);
    // 市级优秀班主任 是 on the updated row adds the honor once; importing it again adds none
    const honors = () => hub.subgraphs.personnel!.orm.fork().count(TeacherHonor, { teacherId: before!.id });
    expect(await honors()).toBe(1);
    const { data } = await hub.query(
      '{ region(code: "410422") { personnelChanges(first: 5) { action summary before } } }',
      {},
      COUNTY,
    );
    expect(data.region.personnelChanges[0]).toMatchObject({
      action: 'importTeachers',
      summary: '导入教师：新增 1 人，更新 1 人',
    });
    expect(data.region.personnelChanges[0].before).toContain('一级教师');
    await writeFile(second, toCsv(HEADER, [changed]));
    expect((await runImport(hub, 'teachers', second, await hub.token(COUNTY), ['--update'])).out).toContain(
      '已导入 0 人，更新 1 人',
    );
    expect(await honors()).toBe(1);
  });

  test('--update stays all or none: a bad row leaves the matching teachers as they were; two namesakes are not guessed between', async ({
    hub,
  }) => {
    const school = yexian[4 % yexian.length]!;
    const base = join(dir, 'base.csv');
    await writeFile(base, toCsv(HEADER, [row('全或无', 0, school)]));
    expect((await runImport(hub, 'teachers', base, await hub.token(COUNTY))).code).toBe(0);
    const before = await stored(hub, '全或无');

    const file = join(dir, 'update-bad.csv');
    const changed = row('全或无', 0, school).map((c, k) => (k === 4 ? '高级教师' : c));
    await writeFile(file, toCsv(HEADER, [changed, row('坏行', 1, school).map((c, k) => (k === 2 ? '17' : c))]));
    const refused = await runImport(hub, 'teachers', file, await hub.token(COUNTY), ['--update']);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/第 3 行\s+年龄/);
    expect(await stored(hub, '全或无')).toMatchObject({ title: before!.title, version: before!.version });

    // two teachers of one name at one school (as transfers can leave them): the row is refused, naming both
    const em = hub.subgraphs.personnel!.orm.fork();
    em.create(Teacher, { ...before!, id: randomUUID(), version: 1 });
    await em.flush();
    await writeFile(file, toCsv(HEADER, [changed]));
    const ambiguous = await runImport(hub, 'teachers', file, await hub.token(COUNTY), ['--update']);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.out).toContain(`${school.name}有 2 名名为全或无的教师，无法确定更新哪一位`);
  });

  test('--update is for teachers only', async ({ hub }) => {
    const file = join(dir, 'schools.csv');
    await writeFile(file, toCsv(['学校名称', '行政区划代码', '学段'], [['某小学', '410422', '小学']]));
    const { code, out } = await runImport(hub, 'schools', file, await hub.token(COUNTY), ['--update']);
    expect(code).toBe(1);
    expect(out).toContain('--update 只用于导入教师');
  });
});

// issue 26: a client importing by the mutation in the convention gets what the CLI prints, as data: each bad cell's
// row, column and why, in the payload's userErrors; a clean file its report and no userErrors
describe('teachersImport: the payload carries each rejected row’s problems (issue 26)', () => {
  const TEACHERS_IMPORT = `mutation ($input: ImportTeachersInput!) {
    teachersImport(input: $input) { report { imported teachers { name } } userErrors { code message field row column } }
  }`;
  /** The rows of a file as a client sends them: the row number in the file, then the cells by column. */
  const asInput = (rows: string[][], first = 2) =>
    rows.map(([name, school, age, headTeacherYears, title, stage, subject, municipalExcellent], i) => ({
      row: first + i,
      ...{ name, school, age, headTeacherYears, title, stage, subject, municipalExcellent },
    }));

  test('a clean file: the report of the teachers added, userErrors empty', async ({ hub }) => {
    const before = await teacherCount(hub);
    const rows = asInput([row('载荷合格甲', 1), row('载荷合格乙', 2)]);
    const { data, errors } = await hub.query(TEACHERS_IMPORT, { input: { rows } }, COUNTY);
    expect(errors).toBeUndefined();
    expect(data.teachersImport).toEqual({
      report: { imported: 2, teachers: [{ name: '载荷合格甲' }, { name: '载荷合格乙' }] },
      userErrors: [],
    });
    expect(await teacherCount(hub)).toBe(before + 2);
  });

  test('a bad file: no report, nothing written, one userError per bad cell with its row, column, code and Chinese message', async ({
    hub,
  }) => {
    const before = await teacherCount(hub);
    const school = yexian[0]!;
    const rows = asInput([
      row('载荷合格丙', 3),
      ['', school.name, '35', '5', '一级教师', STAGE[school.stage], '数学', '否'],
      ['载荷年龄', school.name, '17', '1', '一级教师', STAGE[school.stage], '数学', '否'],
      ['载荷学校', '不存在的学校', '35', '5', '一级教师', '初中', '数学', '也许'],
    ]);
    const { data, errors } = await hub.query(TEACHERS_IMPORT, { input: { rows } }, COUNTY);
    expect(errors).toBeUndefined();
    expect(data.teachersImport.report).toBeNull();
    expect(data.teachersImport.userErrors).toEqual([
      { code: 'BAD_USER_INPUT', field: 'rows', row: 3, column: '姓名', message: '姓名不能为空' },
      { code: 'BAD_USER_INPUT', field: 'rows', row: 4, column: '年龄', message: '年龄“17”应为 18 到 70 的整数' },
      {
        code: 'BAD_USER_INPUT',
        field: 'rows',
        row: 5,
        column: '单位',
        message: '找不到您权限范围内名为“不存在的学校”的学校，请填写学校全称',
      },
      { code: 'BAD_USER_INPUT', field: 'rows', row: 5, column: '市级优秀班主任', message: '应填“是”或“否”' },
    ]);
    expect(await teacherCount(hub)).toBe(before);
  });
});

// issue 22 item 7: an import at its documented size goes through whole (one transaction), and a file the CLI cannot
// read ends it in one Chinese line naming the file (exit 2), never a stack trace or "无法连接网关" while the gateway is up
// each test runs the CLI (a process of its own) several times, with 5,000 rows or files of many MB: room for a busy machine
describe('imports at their documented size; files that cannot be read (issue 22 item 7)', { timeout: 300_000 }, () => {
  const FULL = ['姓名', '单位', '年龄', '性别', '出生日期', '班主任工作年限', '职称', '学段', '任教学科', '市级优秀班主任'];
  const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐'];
  const GIVEN = [...'建国华明丽静敏强军伟芳娜秀英桂兰玉梅红霞平刚勇杰涛斌超慧婷雪琳晨宇浩然思雨欣怡'];
  // ten schools named as counties name theirs, 19 characters each
  const LONG_SCHOOLS = Array.from({ length: 10 }, (_, i) => ({
    name: `叶县昆阳街道第${'一二三四五六七八九十'[i]}实验学校教育集团东校区`,
    stage: (['小学', '初中', '高中'] as const)[i % 3],
  }));
  /** A row with every column filled: a three-character name (unique for i < 40,000), a long school name, a birth date. */
  const fullRow = (i: number) => {
    const school = LONG_SCHOOLS[i % LONG_SCHOOLS.length]!;
    const name = `${SURNAMES[i % 25]}${GIVEN[Math.floor(i / 25) % 40]}${GIVEN[Math.floor(i / 1000) % 40]}`;
    const age = 28 + (i % 25);
    return [
      name,
      school.name,
      String(age),
      i % 2 ? '女' : '男',
      `${2026 - age}-03-${String(1 + (i % 28)).padStart(2, '0')}`,
      String(3 + (i % 10)),
      '一级教师',
      school.stage,
      '道德与法治',
      i % 2 ? '是' : '否',
    ];
  };
  const xlsx = async (name: string, rows: string[][]) => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('推荐汇总表');
    sheet.addRow(['叶县名班主任工作室主持人推荐汇总表']);
    sheet.addRow(FULL);
    sheet.addRows(rows);
    const file = join(dir, name);
    await book.xlsx.writeFile(file);
    return file;
  };
  /** The CLI's answer for a file it cannot read: exit 2, one line naming the file, no stack trace, nothing written. */
  const unreadable = async (hub: TestHub, file: string, what: 'teachers' | 'schools' = 'teachers') => {
    const before = await teacherCount(hub);
    const { code, out } = await runImport(hub, what, file, await hub.token(COUNTY));
    expect(out.trim().split('\n'), out).toHaveLength(1);
    expect(out).toMatch(new RegExp(`^无法导入 ${file.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')}：`));
    expect(out).not.toMatch(/\n\s+at |无法连接网关|Error/);
    expect(code).toBe(2);
    expect(await teacherCount(hub)).toBe(before);
    return out;
  };

  test('5,000 rows with every column filled and 19-character school names import whole, over 1 MB of upload (the documented maximum)', async ({
    hub,
  }) => {
    const schoolsFile = join(dir, 'long-schools.csv');
    await writeFile(
      schoolsFile,
      toCsv(
        ['学校名称', '行政区划代码', '学段'],
        LONG_SCHOOLS.map((s) => [s.name, '410422', s.stage]),
      ),
    );
    const registered = await runImport(hub, 'schools', schoolsFile, await hub.token(COUNTY));
    expect(registered.out).toContain('已导入 10 所学校');

    const before = await teacherCount(hub);
    const file = await xlsx(
      '5000.xlsx',
      Array.from({ length: 5000 }, (_, i) => fullRow(i)),
    );
    const { code, out } = await runImport(hub, 'teachers', file, await hub.token(COUNTY));
    expect(out).toContain('已导入 5000 人');
    expect(code).toBe(0);
    // more than the 1 MB every other request may carry
    const uploaded = Number(/上传并校验 5000 行（([\d.]+) MB）/.exec(out)![1]);
    expect(uploaded).toBeGreaterThan(1);
    expect(await teacherCount(hub)).toBe(before + 5000);
    const stored = await hub.subgraphs.personnel!.orm.fork().findOneOrFail(Teacher, { name: fullRow(4999)[0] });
    expect(stored).toMatchObject({ subject: '道德与法治', gender: 'FEMALE', birthDate: fullRow(4999)[4] });
  });

  test('5,001 rows are refused before anything is uploaded, saying the limit; the hub refuses them too', async ({ hub }) => {
    const file = await xlsx(
      '5001.xlsx',
      Array.from({ length: 5001 }, (_, i) => fullRow(10_000 + i)),
    );
    const out = await unreadable(hub, file);
    expect(out).toContain('有 5,001 行数据，一次最多导入 5,000 行：请分成几个文件导入');
    const rows = Array.from({ length: 5001 }, (_, i) => ({ row: i + 2, name: `直接${i}` }));
    const { errors } = await hub.query(
      'mutation ($rows: [TeacherRowInput!]!) { importTeachers(rows: $rows) { imported } }',
      { rows },
      COUNTY,
    );
    expectRefusal({ errors }, 'BAD_USER_INPUT');
    expect(errors![0]!.message).toBe('一次最多导入 5000 行，本文件有 5001 行，请分批导入');
  });

  test('only an import may send more than 1 MB, and at most 4 MB (413 PAYLOAD_TOO_LARGE naming the limit)', async ({ hub }) => {
    const post = async (body: string) => {
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(COUNTY)}` },
        body,
      });
      return { status: res.status, body: (await res.json()) as { errors?: { message: string; extensions: { code: string } }[] } };
    };
    const IMPORT = 'mutation ($rows: [TeacherRowInput!]!) { importTeachers(rows: $rows) { imported } }';
    // 1.5 MB of rows the hub reads and judges (every row lacks its columns), against 1.5 MB of anything else
    const rows = (n: number, subject: string) => Array.from({ length: n }, (_, i) => ({ row: i + 2, name: `大${i}`, subject }));
    const judged = await post(JSON.stringify({ query: IMPORT, variables: { rows: rows(3000, '学'.repeat(150)) } }));
    expect(judged.status).toBe(200);
    expect(judged.body.errors![0]!.message).toMatch(/^导入未执行，文件中有 \d+ 处错误/);
    const other = await post(JSON.stringify({ query: '{ __typename }', variables: { x: 'x'.repeat(1.5 * 1024 * 1024) } }));
    expect(other.status).toBe(413);
    expect(expectRefusal(other.body, 'PAYLOAD_TOO_LARGE').message).toBe('请求体过大（上限 1 MB），请分批提交');
    // an import beside another field is not an import alone
    const mixed = await post(
      JSON.stringify({
        query: IMPORT.replace('{ imported }', '{ imported } __typename'),
        variables: { rows: rows(3000, '学'.repeat(150)) },
      }),
    );
    expect(mixed.status).toBe(413);
    const over = await post(JSON.stringify({ query: IMPORT, variables: { rows: rows(5000, '学'.repeat(300)) } }));
    expect(over.status).toBe(413);
    expect(expectRefusal(over.body, 'PAYLOAD_TOO_LARGE').message).toBe('请求体过大（上限 4 MB），请分批提交');
  });

  test('a gateway out of reach is 无法连接网关 (a file problem with the gateway up never is: see unreadable above)', async ({
    hub,
  }) => {
    const file = await xlsx('nowhere.xlsx', [fullRow(50_000)]);
    const away = await runImport(hub, 'teachers', file, await hub.token(COUNTY), [
      '--url',
      `http://127.0.0.1:${await freePort()}`,
    ]);
    expect(away.out).toMatch(/无法连接网关 http:\/\/127\.0\.0\.1:\d+：connect ECONNREFUSED/);
    expect(away.code).toBe(1);
  });

  test('a truncated .xlsx, random bytes, an .xls, a missing file, an empty sheet, a misnamed file: one line each, exit 2', async ({
    hub,
  }) => {
    const good = await readFile(await xlsx('whole.xlsx', [fullRow(20_000)]));
    const cases: [string, Buffer | null, string][] = [
      ['truncated.xlsx', good.subarray(0, Math.floor(good.length / 2)), '文件已损坏或不完整，无法作为 .xlsx 读取'],
      ['random.xlsx', randomBytes(4096), '文件内容不是 Excel 工作簿，也可能文件已损坏'],
      ['random.csv', randomBytes(4096), '文件内容不是 CSV 文本，也可能文件已损坏'],
      ['old.xls', good, '只支持 .xlsx、.csv 文件，请在 Excel 或 WPS 中另存为 .xlsx'],
      ['renamed.csv', good, '文件内容是 Excel 工作簿（.xlsx），扩展名却是 .csv：请把扩展名改为 .xlsx'],
      ['missing.xlsx', null, '找不到这个文件'],
      ['blank.csv', Buffer.from('\uFEFF\r\n\r\n'), '文件是空的'],
    ];
    for (const [name, bytes, message] of cases) {
      const file = join(dir, name);
      if (bytes) await writeFile(file, bytes);
      expect(await unreadable(hub, file)).toContain(message);
    }
    const book = new ExcelJS.Workbook();
    book.addWorksheet('空表');
    await book.xlsx.writeFile(join(dir, 'empty.xlsx'));
    expect(await unreadable(hub, join(dir, 'empty.xlsx'))).toContain('第一个工作表“空表”是空的');
    await writeFile(join(dir, 'header-only.csv'), toCsv(FULL, []));
    expect(await unreadable(hub, join(dir, 'header-only.csv'))).toContain('表头下面没有数据行');
  });

  test('a cell over 2,000 characters is named by row and column before anything is uploaded; one of 2,000 is read', async ({
    hub,
  }) => {
    const at = fullRow(30_000);
    const atLimit = await runImport(
      hub,
      'teachers',
      await xlsx('cell-2000.xlsx', [at.map((c, k) => (k === 8 ? '学'.repeat(2000) : c))]),
      await hub.token(COUNTY),
    );
    expect(atLimit.out).toContain('已导入 1 人');
    const over = await xlsx('cell-2001.xlsx', [at.map((c, k) => (k === 8 ? '学'.repeat(2001) : c))]);
    expect(await unreadable(hub, over)).toContain('第 3 行 I 列的内容过长（2,001 个字，一个单元格最多 2,000 个字）');
    // 8 MB in one cell, more than an import may upload: the file's fault, told as such
    const big = await xlsx('cell-8mb.xlsx', [at.map((c, k) => (k === 0 ? '大'.repeat(8 * 1024 * 1024) : c))]);
    expect(await unreadable(hub, big)).toContain('第 3 行 A 列的内容过长（8,388,608 个字');
  });

  test('a workbook unpacking to over 100 MB (a cell of 101 MB) is refused before it is unpacked; a file over 20 MB too', async ({
    hub,
  }) => {
    // an .xlsx is a zip: what it unpacks to is read from its directory, before anything is unpacked
    const book = new ExcelJS.Workbook();
    book.addWorksheet('推荐汇总表').addRows([FULL, fullRow(40_000).map((c, k) => (k === 8 ? 'x'.repeat(101 * 1024 * 1024) : c))]);
    const file = join(dir, 'unpacks-large.xlsx');
    await book.xlsx.writeFile(file);
    expect(await unreadable(hub, file)).toMatch(/工作簿解压后过大（101\.\d MB，上限 100 MB）/);
    const large = join(dir, 'large.csv');
    await writeFile(large, Buffer.alloc(20 * 1024 * 1024 + 1, 'a'));
    expect(await unreadable(hub, large)).toContain('文件过大（20.0 MB，上限 20 MB），请分成几个文件导入');
  });
});
