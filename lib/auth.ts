import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  importSPKI,
  jwtVerify,
  SignJWT,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';
import type { Config } from './config.ts';
import { userError } from './graphql.ts';
import { isRegionCode, subtreePrefix } from './region-code.ts';

export const ROLES = ['viewer', 'editor', 'evaluator', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const LEVELS = ['NATION', 'PROVINCE', 'CITY', 'COUNTY', 'SCHOOL'] as const;
export type OfficeLevel = (typeof LEVELS)[number];

/** Who is asking: an office at a level, over a region's subtree, or a school over itself. */
export interface Viewer {
  subject: string;
  level: OfficeLevel;
  /** The office's region; for a school, the region the school belongs to. */
  regionCode: string;
  schoolId: string | null;
  roles: Role[];
}

/** The claims of a user's token: `level`, `region` (six-digit code), `school` for SCHOOL users, `roles`. */
const claims = z
  .object({
    sub: z.string().min(1),
    level: z.enum(LEVELS),
    region: z.string().refine(isRegionCode, '应为六位行政区划代码'),
    school: z.uuid().optional(),
    roles: z.array(z.enum(ROLES)).min(1),
  })
  .refine((c) => (c.level === 'SCHOOL') === Boolean(c.school), {
    message: '学校用户须带 school，其他层级不带',
    path: ['school'],
  });

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

// ---- users' tokens: verified by the gateway ------------------------------------------------------------------

interface DevKey {
  privateKey: JWK;
  publicKey: JWK;
}

const DEV_ALG = 'ES256';

/** The local development key pair, made on first use and kept beside the embedded database's data. */
async function devKey(file: string): Promise<DevKey> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as DevKey;
  const pair = await generateKeyPair(DEV_ALG, { extractable: true });
  const key = { privateKey: await exportJWK(pair.privateKey), publicKey: await exportJWK(pair.publicKey) };
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}

/** Signs a user token with the local development key (for `npm run token`, the printed start token and tests). */
export async function signDevToken(
  config: Config,
  viewer: Omit<Viewer, 'subject'> & { subject?: string },
  expiresIn = '12h',
): Promise<string> {
  const key = await devKey(config.DEV_KEY_FILE);
  return new SignJWT(claimsOf({ subject: 'dev', ...viewer }))
    .setProtectedHeader({ alg: DEV_ALG })
    .setSubject(viewer.subject ?? `dev-${viewer.level.toLowerCase()}-${viewer.schoolId ?? viewer.regionCode}`)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(await importJWK(key.privateKey, DEV_ALG));
}

export const usesDevKey = (config: Config) => !config.JWT_JWKS_URL && !config.JWT_PUBLIC_KEY;

/** Verifies `Authorization: Bearer …` against the configured key: a JWKS URL, a PEM public key or the dev key. */
export async function createTokenVerifier(config: Config): Promise<(authorization: string | undefined) => Promise<Viewer>> {
  let key: JWTVerifyGetKey | CryptoKey | Uint8Array;
  if (config.JWT_JWKS_URL) key = createRemoteJWKSet(new URL(config.JWT_JWKS_URL));
  else if (config.JWT_PUBLIC_KEY) key = await importSPKI(config.JWT_PUBLIC_KEY, 'ES256');
  else key = (await importJWK((await devKey(config.DEV_KEY_FILE)).publicKey, DEV_ALG)) as CryptoKey;
  return async (authorization) => {
    const token = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1];
    if (!token) {
      throw userError('UNAUTHENTICATED', '请先登录：请求须带 Authorization: Bearer <令牌>', { http: { status: 401 } });
    }
    try {
      const { payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: config.JWT_ISSUER,
        audience: config.JWT_AUDIENCE,
      });
      return viewerFromClaims(payload);
    } catch (error) {
      if (error instanceof Error && 'extensions' in error) throw error;
      throw userError('UNAUTHENTICATED', `令牌无效或已过期，请重新登录（${(error as Error).message}）`, {
        http: { status: 401 },
      });
    }
  };
}

// ---- the gateway's credentials: what subgraphs trust ---------------------------------------------------------

export const VIEWER_HEADER = 'x-hub-viewer';
const INTERNAL_ISSUER = 'studio-hub-gateway';
const INTERNAL_AUDIENCE = 'studio-hub-subgraph';
const secretKey = (secret: string) => new TextEncoder().encode(secret);

/** What the gateway sends a subgraph: the verified user, signed with the shared gateway secret, valid a minute. */
export function signForSubgraphs(secret: string, viewer: Viewer): Promise<string> {
  return new SignJWT(claimsOf(viewer))
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.subject)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('60s')
    .sign(secretKey(secret));
}

/** A subgraph's check: only requests the gateway signed get anything. */
export async function viewerFromGateway(secret: string, header: string | string[] | undefined): Promise<Viewer> {
  const token = Array.isArray(header) ? header[0] : header;
  if (!token) throw userError('UNAUTHENTICATED', '子图只接受经网关转发的请求', { http: { status: 401 } });
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { issuer: INTERNAL_ISSUER, audience: INTERNAL_AUDIENCE });
    return viewerFromClaims(payload);
  } catch (error) {
    if (error instanceof Error && 'extensions' in error) throw error;
    throw userError('UNAUTHENTICATED', '网关凭据无效：子图只接受经网关转发的请求', { http: { status: 401 } });
  }
}

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

/** Whether a fact (a studio, or a row about one) lies in the viewer's scope. */
type Fact = { regionCode: string; hostSchoolId?: string | null };

export function factInScope(viewer: Viewer, fact: Fact): boolean {
  return regionInScope(viewer, fact.regionCode) && (!viewer.schoolId || fact.hostSchoolId === viewer.schoolId);
}

export function assertFactInScope(viewer: Viewer, fact: Fact, what: string): void {
  if (!factInScope(viewer, fact)) throw userError('FORBIDDEN', `无权查看该${what}：它不在您的权限范围（${scopeName(viewer)}）内`);
}

/** SQL that keeps a school user's rows to its own school's studios: `and <alias>.host_school_id = ?`. */
export function schoolCondition(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  return viewer.schoolId ? { sql: `and ${alias}.host_school_id = ?`, params: [viewer.schoolId] } : { sql: '', params: [] };
}

/** SQL true for rows in the viewer's scope: their subtree and, for a school, its own studios. */
export function scopeCondition(viewer: Viewer, alias: string): { sql: string; params: unknown[] } {
  const school = schoolCondition(viewer, alias);
  return {
    sql: `(${alias}.region_code like ? ${school.sql})`,
    params: [`${subtreePrefix(viewer.regionCode)}%`, ...school.params],
  };
}

export const forbidden = (message: string) => userError('FORBIDDEN', message);

/** Personal data (birth date, phone, email) only for these roles. */
const PERSONAL_DATA_ROLES: Role[] = ['admin', 'editor'];
export const maySeePersonalData = (viewer: Viewer) => viewer.roles.some((r) => PERSONAL_DATA_ROLES.includes(r));

// ---- writes: by role and level ------------------------------------------------------------------------------

const RANK: Record<OfficeLevel, number> = { NATION: 0, PROVINCE: 1, CITY: 2, COUNTY: 3, SCHOOL: 4 };

/**
 * A change to a fact in the viewer's scope by an office at the fact's authority level or above (a county office
 * manages county studios, a city office municipal ones and those of its counties) holding one of `roles`.
 */
export function assertMayChange(viewer: Viewer, fact: Fact, authority: OfficeLevel, roles: Role[], what: string): void {
  assertFactInScope(viewer, fact, what);
  if (!viewer.roles.some((r) => r === 'admin' || roles.includes(r))) {
    throw userError('FORBIDDEN', `无权修改${what}：需要 ${roles.join(' 或 ')} 角色`, { requiredRoles: roles });
  }
  if (RANK[viewer.level] > RANK[authority]) {
    throw userError('FORBIDDEN', `无权修改${what}：须由${LEVEL_NAMES[authority]}或更高层级的主管部门办理`, {
      requiredLevel: authority,
    });
  }
}

const LEVEL_NAMES: Record<OfficeLevel, string> = {
  NATION: '国家级',
  PROVINCE: '省级',
  CITY: '市级',
  COUNTY: '县级',
  SCHOOL: '学校',
};
