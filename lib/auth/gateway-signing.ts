import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { userError } from '../graphql/errors.ts';
import { VerifiedTokens } from './tokens.ts';
import { claimsOf, viewerFromClaims, type Viewer } from './viewer.ts';

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
