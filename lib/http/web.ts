import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import type { TokenVerifier } from '../auth/tokens.ts';
import type { Viewer } from '../auth/viewer.ts';

/**
 * The browser's and the network's conventions at the gateway: CORS for a configured allow-list of origins,
 * compressed answers, and a rate limit per user (and per address for requests with no verified token).
 */
const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);
const COMPRESS_FROM_BYTES = 1024;

/** Adds to the response's `vary` rather than replacing what CORS put there. */
function vary(res: ServerResponse, field: string): void {
  const present = String(res.getHeader('vary') ?? '');
  if (!present.split(',').some((f) => f.trim() === field)) res.setHeader('vary', present ? `${present}, ${field}` : field);
}

/** The encoding to answer in: brotli, then gzip, as the client accepts; none for small bodies. */
export function encodingFor(req: IncomingMessage, size: number): 'br' | 'gzip' | null {
  if (size < COMPRESS_FROM_BYTES) return null;
  const accepted = String(req.headers['accept-encoding'] ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
    .map(([name]) => name!.toLowerCase());
  return accepted.includes('br') ? 'br' : accepted.includes('gzip') ? 'gzip' : null;
}

export async function compress(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 4, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzipped(body, { level: 6 });
}

/** Ends the response with `body`, compressed when the client accepts it and it is worth it. */
export async function sendBody(req: IncomingMessage, res: ServerResponse, body: string | Buffer): Promise<void> {
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const encoding = encodingFor(req, raw.length);
  vary(res, 'accept-encoding');
  if (!encoding) return void res.end(raw);
  const packed = await compress(raw, encoding);
  res.setHeader('content-encoding', encoding);
  res.setHeader('content-length', packed.length);
  res.end(packed);
}

/** A static asset kept compressed in each encoding once, with a strong ETag, answered 304 when unchanged. */
export function staticAsset(body: Buffer, type: string): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  const packed = new Map<string, Promise<Buffer>>();
  return async (req, res) => {
    const headers = { 'content-type': type, 'cache-control': 'public, max-age=86400', etag, vary: 'accept-encoding' };
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, headers).end();
    const encoding = encodingFor(req, body.length);
    if (!encoding) return void res.writeHead(200, headers).end(body);
    if (!packed.has(encoding)) packed.set(encoding, compress(body, encoding));
    const out = await packed.get(encoding)!;
    res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': out.length }).end(out);
  };
}

export interface CorsPolicy {
  origins: string[];
}

/**
 * CORS: an allowed origin is named back (with `vary: origin`); a preflight from it is answered 204 with the methods
 * and headers the API takes. A preflight from any other origin is refused (403) and gets no CORS header, so the
 * browser refuses the request. Returns true when the request was a preflight and is answered.
 */
export function applyCors(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const allowed = typeof origin === 'string' && policy.origins.includes(origin);
  vary(res, 'origin');
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', 'x-request-id, retry-after, content-disposition');
  }
  if (req.method !== 'OPTIONS' || !req.headers['access-control-request-method']) return false;
  if (!allowed) {
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify({
        errors: [{ message: `不允许来自 ${String(origin ?? '未知来源')} 的跨域访问`, extensions: { code: 'FORBIDDEN' } }],
      }),
    );
    return true;
  }
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers': 'authorization, content-type, x-request-id',
    'access-control-max-age': '600',
    'content-length': '0',
  });
  res.end();
  return true;
}

/**
 * Fixed one-minute windows of requests, one per key. `take` answers null while the key has requests left, else the
 * seconds until its window ends; `give` hands one back. About 16 MB of windows are kept at most (some 45,000 keys),
 * the least recently used dropped first.
 */
export class RateLimit {
  readonly perMinute: number;
  readonly #windows = new LRUCache<string, { count: number }>({
    maxSize: 16 * 1024 * 1024,
    sizeCalculation: (_window, key) => key.length * 2 + 300,
    ttl: 60_000,
  });
  constructor(perMinute: number) {
    this.perMinute = perMinute;
  }

  take(key: string): number | null {
    let window = this.#windows.get(key);
    if (!window) this.#windows.set(key, (window = { count: 0 }));
    if (window.count >= this.perMinute) return Math.max(1, Math.ceil(this.#windows.getRemainingTTL(key) / 1000));
    window.count++;
    return null;
  }

  give(key: string): void {
    const window = this.#windows.get(key);
    if (window && window.count > 0) window.count--;
  }
}

/**
 * The client address a window is kept under: an IPv4 address as it is, an IPv6 one by its /64 network, the least a
 * subscriber is given and could spread requests over.
 */
export function addressKey(address: string): string {
  const v4 = /^(?:::ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (v4) return v4[1]!;
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

export interface RateRefusal {
  retryAfter: number;
  message: string;
  detail: string;
}

/**
 * The rate limit keyed by who the caller is, not by the text of the token: a token verified before (in any case or
 * spacing of its scheme) takes from its user's window, `iss` and `sub`, however many tokens that user holds. Any
 * other request (no token, or one not verified yet) first takes from its client address's window (`addressKey`),
 * before any signature work, so requests with no token, garbage or forged ones are refused cheaply once the address
 * has spent its minute; a token that then verifies hands that request back to the address and takes from its user.
 * Answers null when the request may go on, else the refusal.
 */
export function callerLimit(limit: RateLimit, callers: TokenVerifier): (req: IncomingMessage) => Promise<RateRefusal | null> {
  const refusal = (retryAfter: number, whose = ''): RateRefusal => ({
    retryAfter,
    message: `请求过于频繁：${whose}每分钟最多 ${limit.perMinute} 次，请 ${retryAfter} 秒后再试`,
    detail: `rate limit of ${limit.perMinute} requests per minute reached; retry after ${retryAfter} s`,
  });
  const userKey = (caller: Viewer) => `u:${callers.issuer}\u0000${caller.subject}`;
  return async (req) => {
    const authorization = req.headers.authorization;
    const known = callers.known(authorization);
    if (known) {
      const wait = limit.take(userKey(known));
      return wait === null ? null : refusal(wait);
    }
    const address = `a:${addressKey(req.socket.remoteAddress ?? '')}`;
    const wait = limit.take(address);
    if (wait !== null) return refusal(wait, '来自同一地址的未登录或令牌无效的请求');
    // a token whose signature held is its user's even when the rest failed (a school personnel could not confirm)
    const caller = await callers(authorization).catch(() => callers.known(authorization));
    if (!caller) return null; // refused where the request is answered (401), and counted against its address
    limit.give(address);
    const userWait = limit.take(userKey(caller));
    return userWait === null ? null : refusal(userWait);
  };
}
