import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/data/change.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { today } from '../../../lib/domain/clock.ts';
import { refuseProblems, type RowProblem } from '../../../lib/graphql/input.ts';
import { assertVersion } from '../../../lib/data/concurrency.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import { School } from '../school/school.entity.ts';
import { STAGE_NAMES } from '../school/register.service.ts';
import { Teacher, TeacherHonor } from './teacher.entity.ts';
import { ageOn, birthDateProblem } from './age.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { ImportTeachersInput } from './import.inputs.ts';

/**
 * Teachers from the offices' spreadsheets, in the columns of 000 附件4 (姓名, 单位, 年龄, 班主任工作年限, 职称, 学段,
 * 任教学科, 市级优秀班主任), with 性别 and 出生日期 of 000 附件3 where the file has them. Cells arrive as the clerk typed them; every cell is checked, and a file with any bad
 * row is refused whole with each problem listed (row, column, why), so nothing of it is written. In UPDATE mode a
 * row naming a teacher already at the school (the key: 姓名 + 单位) updates that teacher instead of being refused.
 */

const TITLES = ['正高级教师', '高级教师', '一级教师', '二级教师', '三级教师'];

/**
 * The titles before the 2015 reform of primary and secondary teachers' titles (人社部发〔2015〕79号), as old
 * forms still name them, to today's: 原中学高级教师 → 高级教师; 原中学一级教师和小学高级教师 → 一级教师;
 * 原中学二级教师和小学一级教师 → 二级教师; 原中学三级教师和小学二级、三级教师 → 三级教师.
 */
export const HISTORIC_TITLES: Record<string, string> = {
  中学高级教师: '高级教师',
  中小学高级教师: '高级教师',
  中学一级教师: '一级教师',
  小学高级教师: '一级教师',
  中学二级教师: '二级教师',
  小学一级教师: '二级教师',
  中学三级教师: '三级教师',
  小学二级教师: '三级教师',
  小学三级教师: '三级教师',
  中小学正高级教师: '正高级教师',
};

const GENDERS: Record<string, 'MALE' | 'FEMALE'> = { 男: 'MALE', 女: 'FEMALE' };

/** A date as clerks type it (1980-05-12, 1980/5/12, 1980.5.12, 1980年5月12日) as YYYY-MM-DD; null when empty. */
function normalDate(text: string | null | undefined): string | null {
  const cell = text?.trim();
  if (!cell) return null;
  const parts = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cell);
  return parts ? `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}` : cell;
}

const integer = (text: string | null | undefined) => (text && /^\d{1,3}$/.test(text.trim()) ? Number(text.trim()) : null);

/** The fields an import may change, for the audit entry. */
const pick = ({ title, headTeacherYears, declaredAge, subject, gender, birthDate }: Teacher) => ({
  title,
  headTeacherYears,
  declaredAge,
  subject,
  gender,
  birthDate,
});

/**
 * Imports teachers from a spreadsheet's rows (000 附件4), all or nothing: every cell is checked, and a file with any
 * bad row is refused whole with each problem listed; in UPDATE mode (CREATE unless given) a row naming a teacher already
 * at the school updates them.
 */
export async function importTeachers(ctx: SubgraphContext, { rows, mode }: typeof ImportTeachersInput.$inferInput) {
  // editors of any office, a school's included, fill in their own schools (the lookup below keeps to them)
  assertMayChange(
    ctx.viewer,
    { regionCode: ctx.viewer.regionCode, hostSchoolId: ctx.viewer.schoolId },
    'SCHOOL',
    ['editor'],
    '教师信息',
  );
  const problems: RowProblem[] = [];
  const problem = (row: number, column: string, message: string) => problems.push({ row, column, message });
  // the schools the user may fill, by name
  const schools = await ctx.em.find(School, {
    regionCode: { $like: `${subtreePrefix(ctx.viewer.regionCode)}%` },
    ...(ctx.viewer.schoolId ? { id: ctx.viewer.schoolId } : {}),
  });
  const byName = new Map(schools.map((s) => [s.name, s]));
  const seen = new Set<string>();
  const accepted: { row: number; teacher: Omit<Teacher, never>; honor: boolean }[] = [];
  for (const r of rows) {
    const name = r.name?.trim() ?? '';
    if (!name) problem(r.row, '姓名', '姓名不能为空');
    else if (name.length > 20) problem(r.row, '姓名', '姓名过长（最多 20 个字）');
    const school = byName.get(r.school?.trim() ?? '');
    if (!school) problem(r.row, '单位', `找不到您权限范围内名为“${r.school ?? ''}”的学校，请填写学校全称`);
    const age = integer(r.age);
    if (age === null || age < 18 || age > 70) problem(r.row, '年龄', `年龄“${r.age ?? ''}”应为 18 到 70 的整数`);
    const genderText = r.gender?.trim() ?? '';
    const gender = GENDERS[genderText];
    if (genderText && !gender) problem(r.row, '性别', `性别“${genderText}”应为“男”或“女”`);
    const birthDate = normalDate(r.birthDate);
    const birth = birthDate ? birthDateProblem(birthDate) : null;
    if (birth) problem(r.row, '出生日期', birth);
    else if (birthDate && age !== null && Math.abs(ageOn(birthDate, new Date(`${today()}T00:00:00Z`))! - age) > 1)
      problem(r.row, '年龄', `年龄 ${age} 岁与出生日期 ${birthDate} 不符`);
    const years = integer(r.headTeacherYears);
    if (years === null) problem(r.row, '班主任工作年限', `班主任工作年限“${r.headTeacherYears ?? ''}”应为整数`);
    else if (age !== null && years > age - 16) problem(r.row, '班主任工作年限', `班主任工作年限 ${years} 年超过了年龄允许的范围`);
    const typed = r.title?.trim() ?? '';
    const title = HISTORIC_TITLES[typed] ?? typed;
    if (!TITLES.includes(title)) problem(r.row, '职称', `职称“${title}”应为：${TITLES.join('、')}`);
    const stage = STAGE_NAMES[r.stage?.trim() ?? ''];
    if (!stage) problem(r.row, '学段', `学段“${r.stage ?? ''}”应为：小学、初中、高中或中职`);
    else if (school && school.stage !== stage) problem(r.row, '学段', `学段“${r.stage}”与学校“${school.name}”不符`);
    const excellent = r.municipalExcellent?.trim() ?? '';
    if (!['是', '否', ''].includes(excellent)) problem(r.row, '市级优秀班主任', '应填“是”或“否”');
    const key = `${name}@${school?.id}`;
    if (name && school && seen.has(key)) problem(r.row, '姓名', `与前面的行重复：${school.name}的${name}`);
    seen.add(key);
    if (school) {
      assertMayChange(ctx.viewer, { regionCode: school.regionCode, hostSchoolId: school.id }, 'SCHOOL', ['editor'], '教师信息');
      accepted.push({
        row: r.row,
        honor: excellent === '是',
        teacher: {
          id: randomUUID(),
          name,
          gender: gender ?? null,
          birthDate: birth ? null : birthDate,
          schoolId: school.id,
          title,
          subject: r.subject?.trim() || null,
          yearsWorked: null,
          headTeacherYears: years ?? 0,
          activeHeadTeacher: true,
          phone: null,
          email: null,
          declaredAge: age,
          declaredOn: today(),
          ethnicity: null,
          politicalStatus: null,
          education: null,
          position: null,
          version: 1,
        } as Teacher,
      });
    }
  }
  // the key is the teacher's name at the school: refused as already there, or in UPDATE mode updated
  const existing = accepted.length
    ? await ctx.em.find(Teacher, { $or: accepted.map((a) => ({ name: a.teacher.name, schoolId: a.teacher.schoolId })) })
    : [];
  const keyOf = (t: { name: string; schoolId: string }) => `${t.name}@${t.schoolId}`;
  const found = Map.groupBy(existing, keyOf);
  const updates = new Map<(typeof accepted)[number], Teacher>();
  for (const a of accepted) {
    const same = found.get(keyOf(a.teacher)) ?? [];
    const school = schools.find((s) => s.id === a.teacher.schoolId)!;
    if (!same.length) continue;
    if (mode !== 'UPDATE')
      problem(a.row, '姓名', `${school.name}已有名为${a.teacher.name}的教师（要更新已有教师，请选择更新模式：--update）`);
    else if (same.length > 1)
      problem(
        a.row,
        '姓名',
        `${school.name}有 ${same.length} 名名为${a.teacher.name}的教师，无法确定更新哪一位，请在系统中逐一修改`,
      );
    else updates.set(a, same[0]!);
  }
  refuseProblems(problems);
  const added = accepted.filter((a) => !updates.has(a));
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const teachers = added.map((a) => tx.create(Teacher, a.teacher));
      const before: Record<string, Partial<Teacher>>[] = [];
      const updated: Teacher[] = [];
      for (const [a, read] of updates) {
        const teacher = await tx.findOneOrFail(Teacher, read.id);
        assertVersion('教师信息', read.version, teacher.version);
        const t = a.teacher;
        before.push({ [teacher.id]: pick(teacher) });
        Object.assign(teacher, {
          title: t.title,
          headTeacherYears: t.headTeacherYears,
          declaredAge: t.declaredAge,
          declaredOn: t.declaredOn,
          ...(t.subject ? { subject: t.subject } : {}),
          ...(t.gender ? { gender: t.gender } : {}),
          ...(t.birthDate ? { birthDate: t.birthDate } : {}),
        });
        updated.push(teacher);
      }
      await tx.flush(); // honors reference teachers by a plain column
      const honored = updated.length
        ? await tx.find(TeacherHonor, { teacherId: { $in: updated.map((x) => x.id) }, title: '市级优秀班主任' })
        : [];
      const targets = [
        ...added.map((a, i) => [a, teachers[i]!] as const),
        ...[...updates.keys()].map((a, i) => [a, updated[i]!] as const),
      ];
      for (const [a, teacher] of targets)
        if (a.honor && !honored.some((h) => h.teacherId === teacher.id))
          tx.create(TeacherHonor, {
            id: randomUUID(),
            teacherId: teacher.id,
            title: '市级优秀班主任',
            level: 'MUNICIPAL',
            kind: 'PERSONAL',
            year: null,
          });
      audit({
        action: 'importTeachers',
        entity: 'Teacher',
        entityId: `${teachers.length + updated.length} rows`,
        regionCode: ctx.viewer.regionCode,
        hostSchoolId: ctx.viewer.schoolId,
        summary: `导入教师：新增 ${teachers.length} 人${updated.length ? `，更新 ${updated.length} 人` : ''}`,
        before: updated.length ? { updated: before } : null,
        after: { ids: teachers.map((x) => x.id), updated: updated.map((x) => ({ [x.id]: pick(x) })) },
      });
      return { teachers, updated };
    },
    '教师信息',
  );
}
