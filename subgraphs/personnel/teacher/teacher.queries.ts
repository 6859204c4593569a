import { HONOR_LEVELS, valuesOf } from '../../../lib/domain/vocabulary.ts';
import { type PageArgs, subtreePage } from '../../../lib/graphql/connection.ts';
import { type SubgraphContext } from '../../../lib/graphql/context.ts';
import { findInScope, rowsLoader } from '../../../lib/data/loaders.ts';
import { teacherPlace } from '../school/school.queries.ts';
import { Teacher, TeacherHonor, TeacherPublication, TeacherResearch, TeacherTransfer } from './teacher.entity.ts';

/** A teacher the viewer may see: one of a school in their scope (NOT_FOUND otherwise, as if there were none). */
export const findTeacher = (ctx: SubgraphContext, id: string): Promise<Teacher> =>
  findInScope(ctx, Teacher, id, '教师', teacherPlace(ctx));

/** A sync page of the teachers of the schools of a region's subtree. */
export const teachersPage = (ctx: SubgraphContext, within: string, page: PageArgs) =>
  subtreePage(
    ctx,
    Teacher,
    { from: 'teacher t join school s on s.id = t.school_id', region: 's.region_code', school: 't.school_id' },
    within,
    page,
  );

const newestYearFirst = { orderBy: { year: 'desc', id: 'asc' } } as const;

/** A teacher's moves between schools, oldest first. */
const transfersOfTeacher = rowsLoader(TeacherTransfer, 'teacherId', { orderBy: { movedOn: 'asc', at: 'asc' } });
export const transfersOf = (ctx: SubgraphContext, teacherId: string) => ctx.loaders.get(transfersOfTeacher).load(teacherId);

/** The honors of a teacher and their class, newest first. */
const honorsOfTeacher = rowsLoader(TeacherHonor, 'teacherId', newestYearFirst);
export const honorsOf = (ctx: SubgraphContext, teacherId: string) => ctx.loaders.get(honorsOfTeacher).load(teacherId);

/** A teacher's research projects, newest first. */
const researchOfTeacher = rowsLoader(TeacherResearch, 'teacherId', newestYearFirst);
export const researchProjectsOf = (ctx: SubgraphContext, teacherId: string) => ctx.loaders.get(researchOfTeacher).load(teacherId);

/** A teacher's papers and monographs, newest first. */
const publicationsOfTeacher = rowsLoader(TeacherPublication, 'teacherId', newestYearFirst);
export const publicationsOf = (ctx: SubgraphContext, teacherId: string) => ctx.loaders.get(publicationsOfTeacher).load(teacherId);

const LEVEL_ORDER = valuesOf(HONOR_LEVELS);

/** The highest level of a teacher's personal (个人) or class (班级) honors, for eligibility rules. */
export const highestHonorLevel = async (ctx: SubgraphContext, teacherId: string, kind: 'PERSONAL' | 'CLASS') => {
  const honors = await honorsOf(ctx, teacherId);
  return LEVEL_ORDER.find((level) => honors.some((h) => h.kind === kind && h.level === level)) ?? null;
};
