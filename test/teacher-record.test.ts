import { schools, teachers } from './support/demo.ts';
import { describe, expect, test, TEST_TODAY, type Office, expectRefusal } from './support/hub.ts';

const teacher = teachers.find((t) => schools.find((s) => s.id === t.schoolId)!.regionCode === '410422')!;
const COUNTY: Office = { level: 'COUNTY', region: '410422', roles: ['editor'] };
const READ = `query ($id: ID!) { teacher(id: $id) { version title education headTeacherYears honors { title level kind } researchProjects { title role } publications { title coreJournal } } }`;
const UPDATE = `mutation ($input: UpdateTeacherInput!) { updateTeacher(input: $input) { version title education } }`;

describe("a teacher's record (000 附件3)", () => {
  test('changes with the version read; a stale version is CONFLICT and changes nothing', async ({ hub }) => {
    const { version } = (await hub.query(READ, { id: teacher.id }, COUNTY)).data.teacher;
    const ok = await hub.query(
      UPDATE,
      { input: { id: teacher.id, version, title: '高级教师', education: '硕士研究生' } },
      COUNTY,
    );
    expect(ok.data.updateTeacher).toEqual({ version: version + 1, title: '高级教师', education: '硕士研究生' });
    const stale = await hub.query(UPDATE, { input: { id: teacher.id, version, title: '正高级教师' } }, COUNTY);
    expectRefusal(stale, 'CONFLICT');
    expect((await hub.query(READ, { id: teacher.id }, COUNTY)).data.teacher.title).toBe('高级教师');
  });

  test('records honors, research projects and publications', async ({ hub }) => {
    for (const add of [
      'addHonor(teacherId: $id, title: "市级优秀班主任", level: MUNICIPAL, year: 2024)',
      'addHonor(teacherId: $id, title: "市级先进班集体", level: MUNICIPAL, ofClass: true)',
      'addResearchProject(teacherId: $id, title: "班级文化建设研究", level: MUNICIPAL, hosted: true, year: 2023)',
      'addPublication(teacherId: $id, title: "班会课设计", venue: "中小学德育", year: 2022, coreJournal: true)',
    ]) {
      expect((await hub.query(`mutation ($id: ID!) { ${add} { id } }`, { id: teacher.id }, COUNTY)).errors).toBeUndefined();
    }
    const { data } = await hub.query(READ, { id: teacher.id }, COUNTY);
    expect(data.teacher.honors).toEqual(
      expect.arrayContaining([
        { title: '市级优秀班主任', level: 'MUNICIPAL', kind: 'PERSONAL' },
        { title: '市级先进班集体', level: 'MUNICIPAL', kind: 'CLASS' },
      ]),
    );
    // beside the demo's 市级 project of a school's experienced teacher (demo/world.ts)
    expect(data.teacher.researchProjects).toEqual(
      expect.arrayContaining([
        { title: '班集体建设与德育实践研究', role: 'HOST' },
        { title: '班级文化建设研究', role: 'HOST' },
      ]),
    );
    // beside the demo's 省级 paper of a school's experienced teacher (demo/world.ts)
    expect(data.teacher.publications).toEqual(expect.arrayContaining([{ title: '班会课设计', coreJournal: true }]));
  });

  test('viewers cannot change records, nor read ethnicity or political status; bad values are refused', async ({ hub }) => {
    const viewer: Office = { ...COUNTY, roles: ['viewer'] };
    const { version } = (await hub.query(READ, { id: teacher.id }, COUNTY)).data.teacher;
    expect(
      (await hub.query(UPDATE, { input: { id: teacher.id, version, title: '一级教师' } }, viewer)).errors![0]!.extensions!.code,
    ).toBe('FORBIDDEN');
    const sensitive = await hub.query('query ($id: ID!) { teacher(id: $id) { name ethnicity } }', { id: teacher.id }, viewer);
    expect(sensitive.errors![0]!.path).toEqual(['teacher', 'ethnicity']);
    const bad = await hub.query(UPDATE, { input: { id: teacher.id, version, headTeacherYears: 60 } }, COUNTY);
    expectRefusal(bad, 'BAD_USER_INPUT');
  });

  test('teacherPublicationAdd (001 五(一)3 论文、专著): a paper with its journal’s level and a monograph are recorded and audited; another county’s office may not record one', async ({
    hub,
  }) => {
    const ADD = `mutation ($input: AddPublicationInput!) {
      teacherPublicationAdd(input: $input) { teacher { id } userErrors { code field message } }
    }`;
    // audited where the teacher's school lies, like the record's other facts
    const audited = async () =>
      (
        await hub.query('query { region(code: "410422") { personnelChanges { action entityId } } }', {}, COUNTY)
      ).data.region.personnelChanges.filter(
        (e: { action: string; entityId: string }) => e.action === 'addPublication' && e.entityId === teacher.id,
      ).length;
    const before = await audited();
    const paper = { teacherId: teacher.id, title: '德育叙事研究', venue: '江苏教育', year: 2024, level: 'PROVINCIAL' };
    const book = { teacherId: teacher.id, title: '做温暖的班主任', venue: '华东师范大学出版社', year: 2023, monograph: true };
    for (const input of [paper, book])
      expect((await hub.query(ADD, { input }, COUNTY)).data.teacherPublicationAdd).toEqual({
        teacher: { id: teacher.id },
        userErrors: [],
      });
    const READ_PUBLICATIONS =
      'query ($id: ID!) { teacher(id: $id) { publications { title venue year level monograph coreJournal } } }';
    const read = await hub.query(READ_PUBLICATIONS, { id: teacher.id }, COUNTY);
    expect(read.data.teacher.publications).toEqual(
      expect.arrayContaining([
        { title: '德育叙事研究', venue: '江苏教育', year: 2024, level: 'PROVINCIAL', monograph: false, coreJournal: false },
        { title: '做温暖的班主任', venue: '华东师范大学出版社', year: 2023, level: null, monograph: true, coreJournal: false },
      ]),
    );
    expect(await audited()).toBe(before + 2);
    // scope: the office of another county does not see the teacher at all (as missing), and nothing is recorded
    const other: Office = { level: 'COUNTY', region: '320412', roles: ['editor'] };
    const refused = await hub.query(ADD, { input: { ...paper, title: '越权' } }, other);
    expectRefusal(refused, 'NOT_FOUND');
    const after = (await hub.query(READ_PUBLICATIONS, { id: teacher.id }, COUNTY)).data.teacher.publications;
    expect(after.map((x: { title: string }) => x.title)).not.toContain('越权');
    expect(await audited()).toBe(before + 2);
  });

  test('teacherPublicationAdd refuses bad input on both sides of each limit (BAD_USER_INPUT naming the field, in Chinese)', async ({
    hub,
  }) => {
    const ADD = `mutation ($input: AddPublicationInput!) {
      teacherPublicationAdd(input: $input) { teacher { id } userErrors { code field message } }
    }`;
    const thisYear = Number(TEST_TODAY.slice(0, 4));
    const base = { teacherId: teacher.id, title: '班级日志的育人价值', venue: '中小学德育', year: 2020 };
    const errorsOf = async (input: Record<string, unknown>) =>
      (await hub.query(ADD, { input }, COUNTY)).data.teacherPublicationAdd.userErrors as {
        code: string;
        field: string;
        message: string;
      }[];
    // each pair: the side refused, then the side taken
    const pairs: [field: string, refused: Record<string, unknown>, taken: Record<string, unknown>, message: string][] = [
      ['title', { title: '  ' }, { title: '班会' }, '请填写论文或专著的题目'],
      ['venue', { venue: '' }, { venue: '班主任' }, '请填写发表刊物'],
      ['year', { year: 1948 }, { year: 1949 }, `发表年份应在 1949 年至今年（${thisYear} 年）之间`],
      ['year', { year: thisYear + 1 }, { year: thisYear }, `发表年份应在 1949 年至今年（${thisYear} 年）之间`],
      ['level', { monograph: true, level: 'PROVINCIAL' }, { monograph: false, level: 'PROVINCIAL' }, '专著不填写级别'],
      ['coreJournal', { monograph: true, coreJournal: true }, { monograph: false, coreJournal: true }, '不能标为核心期刊'],
    ];
    for (const [field, bad, good, message] of pairs) {
      const refused = await errorsOf({ ...base, ...bad });
      expect(refused, field).toEqual([{ code: 'BAD_USER_INPUT', field, message: expect.stringContaining(message) }]);
      expect(await errorsOf({ ...base, ...good }), field).toEqual([]);
    }
  });
});
