import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll } from 'vitest';
import { schools } from './support/demo.ts';
import { toCsv } from '../lib/http/csv.ts';
import { Teacher } from '../subgraphs/personnel/teacher/teacher.entity.ts';
import { runImport } from './support/import.ts';
import { describe, expect, test, type Office, type TestHub, expectRefusal } from './support/hub.ts';

/** Issue 16.7: offices register and update their schools, so 000 附件2's quotas for 石龙区 and the like can be used. */
const REGISTER = `mutation ($input: RegisterSchoolInput!) {
  registerSchool(input: $input) { id name stage version runBy region { code name } }
}`;
const UPDATE = `mutation ($input: UpdateSchoolInput!) {
  updateSchool(input: $input) { id name stage version runBy region { code } }
}`;
const NOMINATE = `mutation ($teacherId: ID!) {
  nominateHost(policyId: "000-pingdingshan", batch: "2026年", teacherId: $teacherId) { id region { code } }
}`;
const SCHOOLS_IN = 'query ($within: ID!) { schools(within: $within) { id name stage } }';
const county = (region: string, roles: Office['roles'] = ['editor']): Office => ({ level: 'COUNTY', region, roles });
const SHILONG = county('410404'); // 平顶山市石龙区: 000 附件2 gives it 1, and the demo has no school there
const YEXIAN = county('410422');
const CITY: Office = { level: 'CITY', region: '410400', roles: ['editor'] };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-hub-schools-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const schoolNames = async (hub: TestHub, within: string) =>
  ((await hub.query(SCHOOLS_IN, { within }, county(within, ['viewer']))).data.schools as { name: string }[]).map((s) => s.name);

describe('offices register their schools (issue 16.7)', () => {
  test('石龙区 registers a school, imports a teacher there, and uses its 000 附件2 quota of 1; a second is refused', async ({
    hub,
  }) => {
    expect(schools.some((s) => s.regionCode === '410404')).toBe(false);
    const { data, errors } = await hub.query(
      REGISTER,
      { input: { name: '平顶山市石龙区高庄小学', regionCode: '410404', stage: 'PRIMARY' } },
      SHILONG,
    );
    expect(errors).toBeUndefined();
    expect(data.registerSchool).toMatchObject({
      name: '平顶山市石龙区高庄小学',
      stage: 'PRIMARY',
      version: 1,
      runBy: 'COUNTY',
      region: { code: '410404', name: '石龙区' },
    });
    // audited where the school lies
    const audit = await hub.query('{ region(code: "410404") { personnelChanges { action entityId summary } } }', {}, SHILONG);
    expect(audit.data.region.personnelChanges).toContainEqual(
      expect.objectContaining({
        action: 'registerSchool',
        entityId: data.registerSchool.id,
        summary: expect.stringContaining('高庄小学'),
      }),
    );
    // two teachers of the new school, from the office's spreadsheet
    const file = join(dir, 'shilong-teachers.csv');
    await writeFile(
      file,
      toCsv(
        ['姓名', '单位', '年龄', '班主任工作年限', '职称', '学段'],
        [
          ['石一', '平顶山市石龙区高庄小学', '45', '15', '高级教师', '小学'],
          ['石二', '平顶山市石龙区高庄小学', '40', '12', '一级教师', '小学'],
        ],
      ),
    );
    const imported = await runImport(hub, 'teachers', file, await hub.token(SHILONG));
    expect(imported.out).toContain('已导入 2 人');
    const people = await hub.subgraphs
      .personnel!.orm.fork()
      .find(Teacher, { schoolId: data.registerSchool.id }, { orderBy: { name: 'asc' } });
    expect(people.map((p) => p.name)).toEqual(['石一', '石二']);
    const first = await hub.query(NOMINATE, { teacherId: people[0]!.id }, SHILONG);
    expect(first.errors).toBeUndefined();
    expect(first.data.nominateHost.region.code).toBe('410404');
    const second = await hub.query(NOMINATE, { teacherId: people[1]!.id }, SHILONG);
    expectRefusal(second, 'POLICY_VIOLATION', { rule: 'naming.perRegion.max', quota: 1, used: 1 });
  });

  test('a city registers its own school (局属) at its code; a county may not, nor may an office outside, a viewer or a school', async ({
    hub,
  }) => {
    const city = await hub.query(
      REGISTER,
      { input: { name: '平顶山市第二实验高中', regionCode: '410400', stage: 'SENIOR' } },
      CITY,
    );
    expect(city.errors).toBeUndefined();
    expect(city.data.registerSchool).toMatchObject({ runBy: 'CITY', region: { code: '410400' } });
    // a city office registers in its counties too
    const inCounty = await hub.query(
      REGISTER,
      { input: { name: '石龙区市办初中', regionCode: '410404', stage: 'JUNIOR' } },
      CITY,
    );
    expect(inCounty.errors).toBeUndefined();
    const input = { name: '越界小学', regionCode: '410404', stage: 'PRIMARY' };
    for (const [as, code] of [
      [YEXIAN, 'FORBIDDEN'], // another county
      [county('410404', ['viewer']), 'FORBIDDEN'],
      [
        { level: 'SCHOOL', region: '410422', school: schools.find((s) => s.regionCode === '410422')!.id, roles: ['admin'] },
        'FORBIDDEN',
      ],
      [{ level: 'CITY', region: '440300', roles: ['admin'] }, 'FORBIDDEN'], // 深圳
    ] as [Office, string][]) {
      const { errors } = await hub.query(REGISTER, { input }, as);
      expectRefusal({ errors }, code);
    }
    // a county office cannot register a school at the city's code
    const up = await hub.query(REGISTER, { input: { ...input, regionCode: '410400' } }, SHILONG);
    expectRefusal(up, 'FORBIDDEN');
    expect(await schoolNames(hub, '410404')).not.toContain('越界小学');
  });

  test('updating: in scope and at the version read; outsiders get NOT_FOUND whether or not the school exists', async ({
    hub,
  }) => {
    const { data } = await hub.query(
      REGISTER,
      { input: { name: '石龙区待改名学校', regionCode: '410404', stage: 'JUNIOR' } },
      SHILONG,
    );
    const id = data.registerSchool.id;
    const changed = await hub.query(UPDATE, { input: { id, version: 1, name: '石龙区龙兴初级中学', stage: 'SENIOR' } }, SHILONG);
    expect(changed.errors).toBeUndefined();
    expect(changed.data.updateSchool).toMatchObject({ name: '石龙区龙兴初级中学', stage: 'SENIOR', version: 2 });
    const stale = await hub.query(UPDATE, { input: { id, version: 1, name: '石龙区旧版本' } }, SHILONG);
    expectRefusal(stale, 'CONFLICT', { currentVersion: 2 });
    // no teachers yet: the city may make it one of its own (局属)
    const moved = await hub.query(UPDATE, { input: { id, version: 2, regionCode: '410400' } }, CITY);
    expect(moved.data.updateSchool).toMatchObject({ runBy: 'CITY', region: { code: '410400' }, version: 3 });
    // now outside 石龙区's scope: the same answer as a school that does not exist
    const outside = await hub.query(UPDATE, { input: { id, version: 3, name: '石龙区夺回' } }, SHILONG);
    const missing = await hub.query(
      UPDATE,
      { input: { id: '00000000-0000-4000-8000-000000000000', version: 1, name: '不存在' } },
      SHILONG,
    );
    expectRefusal(outside, 'NOT_FOUND');
    expectRefusal(missing, 'NOT_FOUND');
    expect(outside.errors![0]!.message.replace(id, 'X')).toBe(
      missing.errors![0]!.message.replace('00000000-0000-4000-8000-000000000000', 'X'),
    );
    // a school with teachers stays where its teachers' records lie
    const yexian = schools.find((s) => s.regionCode === '410422')!;
    const { data: school } = await hub.query('query ($id: ID!) { school(id: $id) { version } }', { id: yexian.id }, YEXIAN);
    const away = await hub.query(
      UPDATE,
      { input: { id: yexian.id, version: school.school.version, regionCode: '410400' } },
      CITY,
    );
    expectRefusal(away, 'BAD_USER_INPUT', { argumentName: 'regionCode' });
    expect(away.errors![0]!.message).toContain('已有教师');
  });

  test('bad input is BAD_USER_INPUT in Chinese: an unknown region, the nation, a duplicate name, a bad stage', async ({
    hub,
  }) => {
    const bad = async (input: Record<string, unknown>) => {
      const { errors } = await hub.query(
        REGISTER,
        { input: { name: '石龙区坏输入学校', stage: 'PRIMARY', regionCode: '410404', ...input } },
        {
          level: 'PROVINCE',
          region: '410000',
          roles: ['admin'],
        },
      );
      return expectRefusal({ errors }, 'BAD_USER_INPUT');
    };
    expect((await bad({ regionCode: '410499' })).message).toContain('不是现行的行政区划');
    expect((await bad({ regionCode: '4104' })).message).toContain('六位数字');
    expect((await bad({ regionCode: '100000' })).extensions).toMatchObject({ argumentName: 'regionCode' });
    expect((await bad({ name: '   ' })).message).toContain('学校名称不能为空');
    const existing = schools.find((s) => s.regionCode === '410422')!;
    expect((await bad({ name: existing.name, regionCode: '410422' })).message).toBe(
      `叶县（410422）已有名为“${existing.name}”的学校`,
    );
    expect((await bad({ stage: 'KINDERGARTEN' })).message).toContain('input.stage');
    // the same name in another region is another school
    const { errors } = await hub.query(
      REGISTER,
      { input: { name: existing.name, regionCode: '410404', stage: 'PRIMARY' } },
      SHILONG,
    );
    expect(errors).toBeUndefined();
  });

  test('schools from a spreadsheet: all or nothing, each bad row listed', async ({ hub }) => {
    const HEADER = ['学校名称', '行政区划代码', '学段'];
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('学校名单');
    sheet.addRow(['石龙区学校登记表']);
    sheet.addRow(HEADER);
    sheet.addRow(['石龙区导入小学', '410404', '小学']);
    sheet.addRow(['石龙区导入大学', '410404', '大学']);
    // a school that exists outside the scope: the row says only that the region is not the office's
    sheet.addRow([schools.find((s) => s.regionCode === '410421')!.name, '410421', '初中']);
    sheet.addRow(['石龙区无码中学', '419999', '初中']);
    sheet.addRow(['石龙区导入小学', '410404', '小学']);
    const badFile = join(dir, 'bad-schools.xlsx');
    await book.xlsx.writeFile(badFile);
    const token = await hub.token(SHILONG);
    const refused = await runImport(hub, 'schools', badFile, token);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('未写入任何数据');
    expect(refused.out).toMatch(/第 4 行\s+学段/);
    expect(refused.out).toMatch(/第 5 行\s+行政区划代码：行政区划 410421 不在您的权限范围内/);
    expect(refused.out).toMatch(/第 6 行\s+行政区划代码：行政区划代码 419999 不是现行的行政区划/);
    expect(refused.out).toMatch(/第 7 行\s+学校名称：与前面的行重复/);
    expect(refused.out).not.toMatch(/第 3 行/);
    expect(refused.out).not.toContain('已有名为');
    expect(await schoolNames(hub, '410404')).not.toContain('石龙区导入小学');

    const goodFile = join(dir, 'good-schools.csv');
    await writeFile(
      goodFile,
      toCsv(HEADER, [
        ['石龙区导入小学', '410404', '小学'],
        ['石龙区导入初中', '410404', '初中'],
      ]),
    );
    const done = await runImport(hub, 'schools', goodFile, token);
    expect(done.out).toContain('已导入 2 所学校');
    expect(done.code).toBe(0);
    expect(await schoolNames(hub, '410404')).toEqual(expect.arrayContaining(['石龙区导入小学', '石龙区导入初中']));
    // the same file again: every row names a school that exists, and nothing is written
    const again = await runImport(hub, 'schools', goodFile, token);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/第 2 行\s+学校名称：石龙区（410404）已有名为“石龙区导入小学”的学校/);
  });
});
