import { userError } from '../graphql/errors.ts';
import { subtreePrefix } from '../domain/region-code.ts';
import { isAbove, OFFICE_LEVELS, type OfficeLevel } from '../domain/vocabulary.ts';
import type { Role, Viewer } from './viewer.ts';

// ---- scope: what a viewer may read ---------------------------------------------------------------------------

/** Whether a region lies in the viewer's subtree (for a school, the school's own region). */
export function regionInScope(viewer: Viewer, code: string): boolean {
  return code.startsWith(subtreePrefix(viewer.regionCode));
}

const scopeName = (viewer: Viewer) =>
  viewer.schoolId ? `本校（${viewer.regionCode}）` : `行政区划 ${viewer.regionCode} 及其下级`;

export function assertRegionInScope(viewer: Viewer, code: string): void {
  if (!regionInScope(viewer, code)) {
    throw userError('FORBIDDEN', `无权查看行政区划 ${code} 的数据：您的权限范围是${scopeName(viewer)}`, { regionCode: code });
  }
}

/** Where a fact (a studio, a row about one, a school) lies: its region and host school; `id` names it in answers. */
export type Fact = { id?: string; regionCode: string; hostSchoolId?: string | null };

export function factInScope(viewer: Viewer, fact: Fact): boolean {
  return regionInScope(viewer, fact.regionCode) && (!viewer.schoolId || fact.hostSchoolId === viewer.schoolId);
}

/**
 * The one answer for a thing that does not exist and for one outside the viewer's scope: NOT_FOUND, worded alike,
 * so no office learns by asking what exists outside its scope. Regions are public reference data: a region
 * outside the scope is FORBIDDEN (`assertRegionInScope`).
 */
export function notFound(what: string, id?: string) {
  return userError(
    'NOT_FOUND',
    id ? `未找到编号为 ${id} 的${what}（或它不在您的权限范围内）` : `未找到该${what}（或它不在您的权限范围内）`,
    id ? { id } : {},
  );
}

export function assertFactInScope(viewer: Viewer, fact: Fact, what: string): void {
  if (!factInScope(viewer, fact)) throw notFound(what, fact.id);
}

/** Figures a region's offices keep (quotas, submissions) are theirs: a school user sees its own school's facts only. */
export function assertOffice(viewer: Viewer, what: string): void {
  if (viewer.level === 'SCHOOL') {
    throw userError('FORBIDDEN', `${what}只对教育行政部门开放，学校用户无权查看`, { requiredLevel: 'COUNTY' });
  }
}

/** SQL that keeps a school user's rows to its own school: `and <column> = ?`, `column` naming the row's school. */
export function ownSchoolCondition(viewer: Viewer, column: string): { sql: string; params: unknown[] } {
  return viewer.schoolId ? { sql: `and ${column} = ?`, params: [viewer.schoolId] } : { sql: '', params: [] };
}

/** SQL that keeps a school user's rows to its own school's studios: `and <alias>.host_school_id = ?`. */
export const schoolCondition = (viewer: Viewer, alias: string) => ownSchoolCondition(viewer, `${alias}.host_school_id`);

/** SQL true for rows in the viewer's scope: their subtree and, for a school, its own studios. */
export function scopeCondition(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  const school = schoolCondition(viewer, alias);
  return {
    sql: `(${alias}.region_code like ? ${school.sql})`,
    params: [`${subtreePrefix(viewer.regionCode)}%`, ...school.params],
  };
}

/** Personal data (birth date, phone, email) only for these roles. */
const PERSONAL_DATA_ROLES: Role[] = ['admin', 'editor'];
export const maySeePersonalData = (viewer: Viewer) => viewer.roles.some((r) => PERSONAL_DATA_ROLES.includes(r));

// ---- writes: by role and level ------------------------------------------------------------------------------

/**
 * A change to a fact in the viewer's scope (NOT_FOUND outside it, as for reads) by an office at the fact's
 * authority level or above (a county office manages county studios, a city office municipal ones and those of its
 * counties) holding one of `roles`.
 */
export function assertMayChange(viewer: Viewer, fact: Fact, authority: OfficeLevel, roles: Role[], what: string): void {
  assertFactInScope(viewer, fact, what);
  if (!viewer.roles.some((r) => r === 'admin' || roles.includes(r))) {
    throw userError('FORBIDDEN', `无权修改${what}：需要 ${roles.join(' 或 ')} 角色`, { requiredRoles: roles });
  }
  if (isAbove(authority, viewer.level)) {
    throw userError('FORBIDDEN', `无权修改${what}：须由${OFFICE_LEVELS[authority]}或更高层级的主管部门办理`, {
      requiredLevel: authority,
    });
  }
}
