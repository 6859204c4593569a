import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { change } from '../../../lib/data/change.ts';
import { assertVersion } from '../../../lib/data/concurrency.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { about, AUDIT_ACTIONS, type AuditAction } from '../../../lib/data/audit.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { findForChange } from '../../../lib/data/loaders.ts';
import { today } from '../../../lib/domain/clock.ts';
import { findSchool, teacherPlace } from '../school/school.queries.ts';
import { Teacher, TeacherHonor, TeacherPublication, TeacherResearch } from './teacher.entity.ts';
import { birthDateProblem } from './age.ts';
import type { AddHonorInput, AddPublicationInput, AddResearchProjectInput, UpdateTeacherInput } from './profile.inputs.ts';

/** One change to a teacher's record, in one transaction, by an editor of an office (or the school) holding the teacher. */
async function changeTeacher(
  ctx: SubgraphContext,
  id: string,
  action: AuditAction,
  work: (tx: EntityManager, teacher: Teacher) => void,
  version?: number,
) {
  const what = AUDIT_ACTIONS[action];
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const teacher = await findForChange(tx, ctx.viewer, Teacher, id, '教师', teacherPlace(ctx, tx));
      const school = await findSchool({ ...ctx, em: tx }, teacher.schoolId);
      assertMayChange(ctx.viewer, { regionCode: school.regionCode, hostSchoolId: school.id }, 'SCHOOL', ['editor'], what);
      if (version !== undefined) assertVersion('教师信息', version, teacher.version);
      work(tx, teacher);
      audit({
        action,
        ...about('Teacher', teacher.id, { regionCode: school.regionCode, hostSchoolId: school.id }),
        summary: `${teacher.name}：${what}`,
      });
      return teacher;
    },
    '教师信息',
  );
}

/** Changes a teacher's record, by an editor of the school or an office holding it, at the version read. */
export async function updateTeacher(ctx: SubgraphContext, input: typeof UpdateTeacherInput.$inferInput) {
  if (
    input.headTeacherYears !== null &&
    input.headTeacherYears !== undefined &&
    (input.headTeacherYears < 0 || input.headTeacherYears > 50)
  ) {
    throw userError('BAD_USER_INPUT', '班主任工作年限应在 0 到 50 年之间', { argumentName: 'headTeacherYears' });
  }
  const birth = input.birthDate ? birthDateProblem(input.birthDate) : null;
  if (birth) throw userError('BAD_USER_INPUT', birth, { argumentName: 'birthDate' });
  if (input.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email))
    throw userError('BAD_USER_INPUT', '邮箱格式不正确', { argumentName: 'email' });
  return changeTeacher(
    ctx,
    input.id,
    'updateTeacher',
    (_tx, teacher) => {
      for (const key of [
        'title',
        'subject',
        'gender',
        'birthDate',
        'headTeacherYears',
        'activeHeadTeacher',
        'education',
        'position',
        'ethnicity',
        'politicalStatus',
        'phone',
        'email',
      ] as const) {
        const value = input[key];
        if (value !== null && value !== undefined) (teacher as unknown as Record<string, unknown>)[key] = value;
      }
    },
    input.version,
  );
}

/**
 * Adds a row to a teacher's record (an honour, a project, a publication) as one change of the record: `missing`
 * refuses it when a required text is empty, `add` writes the row for the teacher's id.
 */
function addToRecord(
  ctx: SubgraphContext,
  teacherId: string,
  action: AuditAction,
  missing: string | null,
  add: (tx: EntityManager, teacherId: string) => void,
) {
  return changeTeacher(ctx, teacherId, action, (tx, teacher) => {
    if (missing) throw userError('BAD_USER_INPUT', missing);
    add(tx, teacher.id);
  });
}

/** Records an honor of the teacher or their class. */
export const addHonor = (ctx: SubgraphContext, a: typeof AddHonorInput.$inferInput) =>
  addToRecord(ctx, a.teacherId, 'addHonor', a.title.trim() ? null : '请填写荣誉名称', (tx, teacherId) =>
    tx.create(TeacherHonor, {
      id: randomUUID(),
      teacherId,
      title: a.title.trim(),
      level: a.level,
      kind: a.ofClass ? 'CLASS' : 'PERSONAL',
      year: a.year ?? null,
    }),
  );

/** Records a research project the teacher leads or takes part in. */
export const addResearchProject = (ctx: SubgraphContext, a: typeof AddResearchProjectInput.$inferInput) =>
  addToRecord(ctx, a.teacherId, 'addResearchProject', a.title.trim() ? null : '请填写课题名称', (tx, teacherId) =>
    tx.create(TeacherResearch, {
      id: randomUUID(),
      teacherId,
      title: a.title.trim(),
      level: a.level,
      role: a.hosted ? 'HOST' : 'PARTICIPANT',
      year: a.year ?? null,
      status: a.concluded ? 'CONCLUDED' : 'ONGOING',
    }),
  );

/** The earliest year a publication may carry: the People's Republic's first (older records are not these teachers'). */
const FIRST_PUBLICATION_YEAR = 1949;

/**
 * Records a paper (论文) or a monograph (专著): a title and the journal or publisher, a paper's level (刊物级别, which
 * the host rule on papers reads: 001 五(一)3 省级（含省级）学术论文), the year published (1949 to this year).
 */
export const addPublication = (ctx: SubgraphContext, a: typeof AddPublicationInput.$inferInput) => {
  if (!a.title.trim()) throw userError('BAD_USER_INPUT', '请填写论文或专著的题目', { argumentName: 'title' });
  if (!a.venue.trim()) throw userError('BAD_USER_INPUT', '请填写发表刊物（论文）或出版社（专著）', { argumentName: 'venue' });
  const thisYear = Number(today().slice(0, 4));
  if (a.year !== null && a.year !== undefined && (a.year < FIRST_PUBLICATION_YEAR || a.year > thisYear))
    throw userError('BAD_USER_INPUT', `发表年份应在 ${FIRST_PUBLICATION_YEAR} 年至今年（${thisYear} 年）之间`, {
      argumentName: 'year',
    });
  if (a.monograph && a.level)
    throw userError('BAD_USER_INPUT', '专著不填写级别：级别是论文所发表刊物的级别（如省级刊物）', { argumentName: 'level' });
  if (a.monograph && a.coreJournal)
    throw userError('BAD_USER_INPUT', '专著不是期刊论文，不能标为核心期刊', { argumentName: 'coreJournal' });
  return addToRecord(ctx, a.teacherId, 'addPublication', null, (tx, teacherId) =>
    tx.create(TeacherPublication, {
      id: randomUUID(),
      teacherId,
      title: a.title.trim(),
      venue: a.venue.trim(),
      year: a.year ?? null,
      coreJournal: a.coreJournal ?? false,
      monograph: a.monograph ?? false,
      level: a.level ?? null,
    }),
  );
};
