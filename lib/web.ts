import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

/**
 * The browser's and the network's conventions at the gateway: CORS for a configured allow-list of origins,
 * compressed answers, and a per-token rate limit.
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
 * A fixed one-minute window of requests per bearer token (by its hash; a request without one by its address).
 * `take` answers null while the key has requests left, else the seconds until its window ends.
 */
export class RateLimit {
  readonly #perMinute: number;
  readonly #windows = new Map<string, { start: number; count: number }>();
  constructor(perMinute: number) {
    this.#perMinute = perMinute;
  }

  static keyOf(req: IncomingMessage): string {
    const auth = req.headers.authorization;
    return auth ? `t:${createHash('sha256').update(auth).digest('base64url')}` : `a:${req.socket.remoteAddress ?? ''}`;
  }

  take(key: string, now = Date.now()): number | null {
    let window = this.#windows.get(key);
    if (!window || now - window.start >= 60_000) {
      if (this.#windows.size > 100_000) this.#sweep(now);
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    if (window.count >= this.#perMinute) return Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
    window.count++;
    return null;
  }

  #sweep(now: number): void {
    for (const [key, w] of this.#windows) if (now - w.start >= 60_000) this.#windows.delete(key);
  }
}
