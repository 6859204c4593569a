import type { EntityManager } from '@mikro-orm/postgresql';
import type { Fact } from '../../../lib/auth/scope.ts';
import { type PageArgs, subtreePage } from '../../../lib/graphql/connection.ts';
import { type SubgraphContext } from '../../../lib/graphql/context.ts';
import { byId, findInScope } from '../../../lib/data/loaders.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import { openRegion } from '../../../lib/graphql/region-queries.ts';
import { School } from './school.entity.ts';

/** Where a school lies, for scope: in its region, and a school user's own school is itself. */
export const schoolPlace = (school: School): Fact => ({ id: school.id, regionCode: school.regionCode, hostSchoolId: school.id });

/** A school the viewer may see: in their subtree, or their own school (NOT_FOUND otherwise, as if there were none). */
export const findSchool = (ctx: SubgraphContext, id: string): Promise<School> =>
  findInScope(ctx, School, id, '学校', schoolPlace);

/** Where a teacher lies, for scope: at their school (read in `tx` inside a change's transaction). */
export const teacherPlace = (ctx: SubgraphContext, tx?: EntityManager) => async (teacher: { schoolId: string }) =>
  schoolPlace(
    tx ? await tx.findOneOrFail(School, { id: teacher.schoolId }) : (await ctx.loaders.get(byId(School)).load(teacher.schoolId))!,
  );

/** The schools of a region's subtree the viewer may see (a school user only their own), by name. */
export const schoolsWithin = (ctx: SubgraphContext, within: string): Promise<School[]> => {
  const region = openRegion(ctx, within);
  const own = ctx.viewer.schoolId ? { id: ctx.viewer.schoolId } : {};
  return ctx.em.find(School, { regionCode: { $like: `${subtreePrefix(region.code)}%` }, ...own }, { orderBy: { name: 'asc' } });
};

/** A sync page of the schools of a region's subtree. */
export const schoolsPage = (ctx: SubgraphContext, within: string, page: PageArgs) =>
  subtreePage(ctx, School, { from: 'school t', region: 't.region_code', school: 't.id' }, within, page);
