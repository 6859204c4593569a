import { schools, teachers } from './support/demo.ts';
import { describe, expect, test, type Office } from './support/hub.ts';

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
    expect(stale.errors![0]!.extensions!.code).toBe('CONFLICT');
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
    expect(data.teacher.publications).toEqual([{ title: '班会课设计', coreJournal: true }]);
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
    expect(bad.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
  });
});
