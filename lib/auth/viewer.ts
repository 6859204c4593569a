import { z } from 'zod';
import { userError } from '../graphql/errors.ts';
import { isRegionCode, regionLevelOf } from '../domain/region-code.ts';
import { isKnownRegion } from '../domain/region-tree.ts';
import { OFFICE_LEVELS, zodEnum, type OfficeLevel } from '../domain/vocabulary.ts';

// ---- who is asking: the viewer a token names (users' tokens, the gateway's header and scope all speak of it) ----

export const ROLES = ['viewer', 'analyst', 'editor', 'evaluator', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/**
 * Who may run documents not registered in operations/ when TRUSTED_DOCUMENTS=explorers (production's default):
 * analysts exploring in the playground, and administrators. They read what a viewer reads.
 */
export const EXPLORER_ROLES: readonly Role[] = ['analyst', 'admin'];

/** Who is asking: an office at a level, over a region's subtree, or a school over itself. */
export interface Viewer {
  subject: string;
  level: OfficeLevel;
  /** The office's region; for a school, the region the school belongs to. */
  regionCode: string;
  schoolId: string | null;
  roles: Role[];
}

/**
 * The claims of a user's token: `level`, `region` (six-digit code), `school` for SCHOOL users, `roles`. They must
 * agree: the region is a real one, and an office's level is its region's level (a province office has a province
 * code); a school's region is the school's own, which only personnel knows (see `schoolRegionCheck`).
 */
const claims = z
  .object({
    sub: z.string().min(1),
    level: zodEnum(OFFICE_LEVELS),
    region: z.string().refine(isRegionCode, '应为六位行政区划代码').refine(isKnownRegion, '不是现行的行政区划代码'),
    school: z.uuid().optional(),
    roles: z.array(z.enum(ROLES)).min(1),
  })
  .refine((c) => (c.level === 'SCHOOL') === Boolean(c.school), {
    message: '学校用户须带 school，其他层级不带',
    path: ['school'],
  })
  .refine((c) => c.level === 'SCHOOL' || regionLevelOf(c.region) === c.level, {
    message: '层级与行政区划不符：省级用户须带省级代码，市级用户带市级代码，县级用户带县级代码',
    path: ['level'],
  });

/** The viewer a token's claims describe, or UNAUTHENTICATED naming what is wrong with them. */
export function viewerFromClaims(payload: unknown): Viewer {
  const parsed = claims.safeParse(payload);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw userError('UNAUTHENTICATED', `令牌内容不完整或无效（${why}）`, { http: { status: 401 } });
  }
  const c = parsed.data;
  return { subject: c.sub, level: c.level, regionCode: c.region, schoolId: c.school ?? null, roles: c.roles };
}

export function claimsOf(viewer: Viewer) {
  return {
    level: viewer.level,
    region: viewer.regionCode,
    roles: viewer.roles,
    ...(viewer.schoolId ? { school: viewer.schoolId } : {}),
  };
}
