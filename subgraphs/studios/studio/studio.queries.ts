import type { EntityManager } from '@mikro-orm/postgresql';
import { assertRegionInScope } from '../../../lib/auth/scope.ts';
import { connectionOf, type PageArgs } from '../../../lib/graphql/connection.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { findInScope, readRows } from '../../../lib/data/loaders.ts';
import { decodeCursor } from '../../../lib/graphql/pagination.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import { atLeastLevel } from '../../../lib/domain/vocabulary.ts';
import { StudioTransition } from '../lifecycle/transition.entity.ts';
import { Studio, type StudioLevel, type StudioStatus } from './studio.entity.ts';
import type { StudioFilter } from './studio.inputs.ts';

/** A studio the viewer may see: in their subtree, or hosted by their school (NOT_FOUND otherwise, as if there were none). */
export const findStudio = (ctx: SubgraphContext, id: string): Promise<Studio> => findInScope(ctx, Studio, id, '工作室');

/** A page of the studios of a region's subtree the viewer may see, ordered by (updatedAt, id). */
export async function studiosPage(
  ctx: SubgraphContext,
  {
    within: code,
    first,
    after,
    filter,
  }: { within: string; first: number; after?: string | null; filter?: typeof StudioFilter.$inferInput | null },
  page: PageArgs,
) {
  const size = first;
  assertRegionInScope(ctx.viewer, code);
  const where = {
    regionCode: { $like: `${subtreePrefix(code)}%` },
    ...(ctx.viewer.schoolId ? { hostSchoolId: ctx.viewer.schoolId } : {}),
    ...(filter?.updatedSince ? { updatedAt: { $gte: filter.updatedSince } } : {}),
    ...(filter?.level ? { level: filter.level } : {}),
    ...(filter?.status ? { status: filter.status } : {}),
  };
  const position = after ? decodeCursor(after, page.scope) : null;
  const pageWhere = position
    ? {
        ...where,
        $or: [{ updatedAt: { $gt: position.updatedAt } }, { updatedAt: position.updatedAt, id: { $gt: position.id } }],
      }
    : where;
  const [rows, totalCount] = await Promise.all([
    readRows(ctx.em, Studio, pageWhere, { orderBy: [{ updatedAt: 'asc' }, { id: 'asc' }], limit: size + 1 }),
    ctx.em.count(Studio, where),
  ]);
  return connectionOf(rows, size, totalCount, page);
}

/** Statuses a studio reaches only once named (授牌); one on hold or revoked was named if it passed through ESTABLISHED. */
const NAMED: StudioStatus[] = ['ESTABLISHED', 'RUNNING', 'WARNED', 'COMPLETED', 'RENEWED'];

/**
 * For each teacher, the highest level of the named (授牌) studios they host or hosted (`member.hostedStudio.minLevel`),
 * from this subgraph's own studios, in two statements for any number of teachers; a teacher with none is absent.
 */
export async function hostedStudioLevels(em: EntityManager, teacherIds: string[]): Promise<Map<string, StudioLevel>> {
  const hosted = teacherIds.length ? await readRows(em, Studio, { hostTeacherId: { $in: teacherIds } }) : [];
  const doubtful = hosted.filter((s) => !NAMED.includes(s.status)).map((s) => s.id);
  const plaqued = new Set(
    doubtful.length
      ? (await readRows(em, StudioTransition, { studioId: { $in: doubtful }, toStatus: 'ESTABLISHED' })).map((t) => t.studioId)
      : [],
  );
  const levels = new Map<string, StudioLevel>();
  for (const studio of hosted) {
    if (!NAMED.includes(studio.status) && !plaqued.has(studio.id)) continue;
    const held = levels.get(studio.hostTeacherId);
    if (!held || !atLeastLevel(held, studio.level)) levels.set(studio.hostTeacherId, studio.level);
  }
  return levels;
}
