import { assertRegionInScope } from '../auth/scope.ts';
import type { SubgraphContext } from './context.ts';
import { userError } from './errors.ts';
import type { RegionLevel } from '../domain/region-code.ts';
import { descendantRegions, regionRow, type RegionRow } from '../domain/region-tree.ts';

/** A region by its code: NOT_FOUND when no region has it. */
export function findRegion(code: string): RegionRow {
  const region = regionRow(code);
  if (!region) throw userError('NOT_FOUND', `未找到行政区划代码为 ${code} 的地区`, { regionCode: code });
  return region;
}

/** A region the viewer may open: in their subtree (FORBIDDEN otherwise), and existing. */
export function openRegion(ctx: SubgraphContext, code: string): RegionRow {
  assertRegionInScope(ctx.viewer, code);
  return findRegion(code);
}

/** A level regions are asked by: SCHOOL is refused (no region is of that level). */
function regionLevel(level: RegionLevel | 'SCHOOL' | null | undefined): RegionLevel | undefined {
  if (level === 'SCHOOL')
    throw userError('BAD_USER_INPUT', '学校不是行政区划层级：请查询 PROVINCE、CITY 或 COUNTY 级地区', { argumentName: 'level' });
  return level ?? undefined;
}

/** The regions below `code`, only those of `level` when given (`Region.descendants`). */
export const regionsBelow = (code: string, level: RegionLevel | 'SCHOOL' | null | undefined): RegionRow[] =>
  descendantRegions(code, regionLevel(level));

/**
 * `regions(level:, within:)`: the regions of a level below `within` (which the viewer may open); without it, the
 * viewer's own region, when of that level, and those below it.
 */
export function regionsOfLevel(
  ctx: SubgraphContext,
  { level, within }: { level: RegionLevel | 'SCHOOL'; within?: string | null },
): RegionRow[] {
  const wanted = regionLevel(level);
  if (within) return descendantRegions(openRegion(ctx, within).code, wanted);
  const own = findRegion(ctx.viewer.regionCode);
  const below = descendantRegions(own.code, wanted);
  return own.level === wanted ? [own, ...below] : below;
}
