import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { LRUCache } from 'lru-cache';
import { durationText, type Config } from '../service/config.ts';
import { userError } from '../graphql/errors.ts';
import { devPublicKey } from './dev-keys.ts';
import { viewerFromClaims, type Viewer } from './viewer.ts';

// ---- users' tokens: verified by the gateway ------------------------------------------------------------------

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
    throw userError('UNAUTHENTICATED', `令牌有效期过长（最长 ${durationText(maxSeconds)}），不能使用：请重新登录`, {
      http: { status: 401 },
      maxLifetimeSeconds: maxSeconds,
    });
  }
}

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
  else key = await devPublicKey(config.DEV_KEY_FILE);
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
