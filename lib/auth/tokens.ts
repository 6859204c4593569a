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
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { durationSeconds, type Config } from '../service/config.ts';
import { userError } from '../graphql/errors.ts';
import { isRegionCode, regionLevelOf, subtreePrefix } from '../domain/region-code.ts';
import { isKnownRegion } from '../domain/region-tree.ts';
import { isAbove, OFFICE_LEVELS, zodEnum, type OfficeLevel } from '../domain/vocabulary.ts';

export const ROLES = ['viewer', 'analyst', 'editor', 'evaluator', 'finance', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/**
 * Who may run documents not registered in operations/ when TRUSTED_DOCUMENTS=explorers (production's default):
 * analysts exploring in the playground, and administrators. They read what a viewer reads.
 */
export const EXPLORER_ROLES: readonly Role[] = ['analyst', 'admin'];
export type { OfficeLevel };

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

/**
 * A token lives from its `iat` (or from now, if `iat` is absent or later) to its `exp`: one without `exp`, or living
 * longer than the maximum (JWT_MAX_LIFETIME), is refused.
 */
export function assertLifetime(payload: { exp?: number; iat?: number }, maxSeconds: number): void {
  if (typeof payload.exp !== 'number') {
    throw userError('UNAUTHENTICATED', '令牌没有有效期（exp），不能使用：请重新登录', { http: { status: 401 } });
  }
  const now = Math.floor(Date.now() / 1000);
  const from = Math.min(typeof payload.iat === 'number' ? payload.iat : now, now);
  if (payload.exp - from > maxSeconds) {
    throw userError('UNAUTHENTICATED', `令牌有效期过长（最长 ${hours(maxSeconds)}），不能使用：请重新登录`, {
      http: { status: 401 },
      maxLifetimeSeconds: maxSeconds,
    });
  }
}

const hours = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} 小时` : `${Math.ceil(seconds / 60)} 分钟`);

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

/**
 * Signs a user token with the local development key (for `npm run token`, the printed start token and tests),
 * living `expiresIn` (e.g. `12h`; by default 12 hours or the configured maximum, if shorter). A lifetime the hub
 * would refuse is refused here.
 */
export async function signDevToken(
  config: Config,
  viewer: Omit<Viewer, 'subject'> & { subject?: string },
  expiresIn?: string,
): Promise<string> {
  const seconds = expiresIn === undefined ? Math.min(12 * 3600, config.JWT_MAX_LIFETIME) : durationSeconds(expiresIn);
  if (!seconds) throw new Error(`有效期“${expiresIn}”无效：应为时长，如 30m、12h`);
  if (seconds > config.JWT_MAX_LIFETIME) {
    throw new Error(`有效期 ${expiresIn} 超过了允许的最长有效期 ${hours(config.JWT_MAX_LIFETIME)}（JWT_MAX_LIFETIME）`);
  }
  const key = await devKey(config.DEV_KEY_FILE);
  return new SignJWT(claimsOf({ subject: 'dev', ...viewer }))
    .setProtectedHeader({ alg: DEV_ALG })
    .setSubject(viewer.subject ?? `dev-${viewer.level.toLowerCase()}-${viewer.schoolId ?? viewer.regionCode}`)
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${seconds}s`)
    .sign(await importJWK(key.privateKey, DEV_ALG));
}

export const usesDevKey = (config: Config) => !config.JWT_JWKS_URL && !config.JWT_PUBLIC_KEY;

/** The token of an `Authorization: Bearer <token>` header: the scheme in any case, any spaces or tabs around it. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^\s*bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/** Checks a request's `Authorization` header and says who the user is. */
export interface TokenVerifier {
  (authorization: string | undefined): Promise<Viewer>;
  /** The viewer a token verified before and not yet expired names, found with no signature work; else undefined. */
  known(authorization: string | undefined): Viewer | undefined;
  /** The issuer (`iss`) every accepted token carries: with `sub`, who the user is. */
  readonly issuer: string;
}

/** How long a refused token is answered from memory with its refusal, without its signature checked again. */
const REFUSED_FOR_MS = 30_000;
/** jose's refusals of the token itself (not of a key set it could not fetch or match): remembered. */
const TOKEN_FAULTS = /^ERR_(JWT|JWS)_|^ERR_JOSE_(ALG_NOT_ALLOWED|NOT_SUPPORTED)$/;

/**
 * Verifies `Authorization: Bearer …` against the configured key (a JWKS URL, a PEM public key or the dev key):
 * signature, issuer, audience, a lifetime within JWT_MAX_LIFETIME, claims that agree with each other and, for a
 * school user, `confirmSchool` (the school lies in the token's region). A token refused for what it is (its
 * signature, claims or lifetime; not a key set that could not be fetched) is refused again from memory for 30 s
 * (at most 8 MB of them kept), so sending the same bad token again costs no signature check.
 */
export async function createTokenVerifier(
  config: Config,
  confirmSchool: (viewer: Viewer) => Promise<void> = async () => {},
  verified: VerifiedTokens = new VerifiedTokens(),
): Promise<TokenVerifier> {
  let key: JWTVerifyGetKey | CryptoKey | Uint8Array;
  if (config.JWT_JWKS_URL) key = createRemoteJWKSet(new URL(config.JWT_JWKS_URL));
  else if (config.JWT_PUBLIC_KEY) key = await importSPKI(config.JWT_PUBLIC_KEY, 'ES256');
  else key = (await importJWK((await devKey(config.DEV_KEY_FILE)).publicKey, DEV_ALG)) as CryptoKey;
  const refused = new LRUCache<string, Error>({
    maxSize: 8 * 1024 * 1024,
    // a refusal with its stack holds about 2 KB of heap (measured), besides the token's text
    sizeCalculation: (_error, token) => token.length * 2 + 2500,
    ttl: REFUSED_FOR_MS,
  });
  const verify = async (authorization: string | undefined) => {
    const token = bearerToken(authorization);
    if (!token) {
      throw userError('UNAUTHENTICATED', '请先登录：请求须带 Authorization: Bearer <令牌>', { http: { status: 401 } });
    }
    // the same token, already verified and not yet expired, is the same viewer: every check below depends only on
    // the token and on a clock that only makes an accepted token's lifetime shorter, so only exp can change it
    let viewer = verified.get(token);
    if (!viewer) {
      const known = refused.get(token);
      if (known) throw known;
      let exp: number;
      try {
        const { payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
          issuer: config.JWT_ISSUER,
          audience: config.JWT_AUDIENCE,
        });
        assertLifetime(payload, config.JWT_MAX_LIFETIME);
        viewer = viewerFromClaims(payload);
        exp = payload.exp!;
      } catch (error) {
        const refusal =
          error instanceof Error && 'extensions' in error
            ? error
            : userError('UNAUTHENTICATED', `令牌无效或已过期，请重新登录（${(error as Error).message}）`, {
                http: { status: 401 },
              });
        // what is wrong with the token itself stays wrong; a key set that could not be fetched is asked again
        if (refusal === error || TOKEN_FAULTS.test(String((error as { code?: unknown }).code))) {
          refused.set(token, refusal);
        }
        throw refusal;
      }
      verified.set(token, viewer, exp);
    }
    if (viewer.schoolId) await confirmSchool(viewer);
    return viewer;
  };
  return Object.assign(verify, {
    known: (authorization: string | undefined) => {
      const token = bearerToken(authorization);
      return token ? verified.get(token) : undefined;
    },
    issuer: config.JWT_ISSUER,
  });
}

/**
 * Tokens whose signature and claims were verified, and the viewer each names: an entry serves until its token's
 * `exp` and never longer than `ttlMs` (so a rotated key or a changed JWKS takes effect), the least recently used
 * dropped beyond `max`. Only accepted tokens are kept here (`createTokenVerifier` remembers refused ones apart).
 */
export class VerifiedTokens {
  // Date as the clock: an entry's lifetime is its token's `exp`, read against Date.now as jose reads it
  readonly #entries: LRUCache<string, Viewer> | undefined;
  readonly ttlMs: number;
  constructor(max = 10_000, ttlMs = 60_000) {
    this.ttlMs = ttlMs;
    if (max > 0) this.#entries = new LRUCache({ max, ttl: ttlMs, ttlResolution: 0, perf: Date });
  }

  get size(): number {
    return this.#entries?.size ?? 0;
  }

  get(token: string): Viewer | undefined {
    return this.#entries?.get(token);
  }

  /** `exp` in seconds, as in the token: valid while now < exp, as jose reads it. */
  set(token: string, viewer: Viewer, exp: number): void {
    // lru-cache keeps an entry while its age is at most its ttl: so one millisecond less than until exp
    const ttl = Math.min(exp * 1000 - Date.now(), this.ttlMs) - 1;
    if (ttl >= 1) this.#entries?.set(token, viewer, { ttl });
  }
}

/**
 * A school user's school must lie in the token's region (the region the school belongs to). `regionOf` asks
 * personnel, which owns schools, as that user: the school's region code, or null when it is none the user may see.
 * Answers are kept a minute, as long as the gateway's signature on a request lives.
 */
export function schoolRegionCheck(regionOf: (viewer: Viewer) => Promise<string | null>, keepMs = 60_000) {
  const known = new Map<string, { region: string | null; until: number }>();
  return async (viewer: Viewer): Promise<void> => {
    const key = `${viewer.schoolId}@${viewer.regionCode}`;
    let entry = known.get(key);
    if (!entry || entry.until < Date.now()) {
      if (known.size > 10_000) known.clear();
      entry = { region: await regionOf(viewer), until: Date.now() + keepMs };
      known.set(key, entry);
    }
    if (entry.region !== viewer.regionCode) {
      throw userError(
        'UNAUTHENTICATED',
        `令牌中的学校不属于行政区划 ${viewer.regionCode}：学校用户的 region 须为本校所在的行政区划`,
        {
          http: { status: 401 },
        },
      );
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

/**
 * The gateway's signer: one header per viewer, signed again once it is 30 s old (it lives 60 s), so the headers
 * of one viewer's requests are the same and a subgraph verifies each once (`gatewayViewers`).
 */
export function subgraphSigner(secret: string, max = 10_000): (viewer: Viewer) => Promise<string> {
  const signed = new LRUCache<string, Promise<string>>({ max, ttl: 30_000, ttlResolution: 0, perf: Date });
  return (viewer) => {
    const key = JSON.stringify([viewer.subject, viewer.level, viewer.regionCode, viewer.schoolId, viewer.roles]);
    let value = signed.get(key);
    if (!value) {
      value = signForSubgraphs(secret, viewer);
      signed.set(key, value);
      value.catch(() => signed.delete(key));
    }
    return value;
  };
}

/** A subgraph's check: only requests the gateway signed get anything. */
async function verifyGatewayHeader(secret: string, token: string | undefined) {
  if (!token) throw userError('UNAUTHENTICATED', '子图只接受经网关转发的请求', { http: { status: 401 } });
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), {
      issuer: INTERNAL_ISSUER,
      audience: INTERNAL_AUDIENCE,
      requiredClaims: ['exp'],
    });
    return { token, viewer: viewerFromClaims(payload), exp: payload.exp! };
  } catch (error) {
    if (error instanceof Error && 'extensions' in error) throw error;
    throw userError('UNAUTHENTICATED', '网关凭据无效：子图只接受经网关转发的请求', { http: { status: 401 } });
  }
}

/**
 * A subgraph's check (only requests the gateway signed get anything), kept: the same header, once verified, names
 * the same viewer until its exp (at most a minute), so a subgraph checks each header's HMAC once, not per request.
 */
export function gatewayViewers(
  secret: string,
  verified: VerifiedTokens = new VerifiedTokens(),
): (header: string | string[] | undefined) => Promise<Viewer> {
  return async (header) => {
    const token = Array.isArray(header) ? header[0] : header;
    const known = token ? verified.get(token) : undefined;
    if (known) return known;
    const checked = await verifyGatewayHeader(secret, token);
    verified.set(checked.token, checked.viewer, checked.exp);
    return checked.viewer;
  };
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
