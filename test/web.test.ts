/**
 * Browser and network conventions at the gateway (issue 13.4): CORS from the CORS_ORIGINS allow-list, compressed
 * answers, caching headers and ETags for the playground's static assets, and a per-token rate limit answering 429
 * with Retry-After (RATE_LIMIT_PER_MINUTE; off by default outside production).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../lib/config.ts';
import { startTestHub, type Office, type TestHub } from './support/hub.ts';

const DASHBOARD = 'https://dash.example.edu.cn';
const LIMIT = 5;
let hub: TestHub & { dispose(): Promise<void> };
beforeAll(async () => {
  hub = await startTestHub({ CORS_ORIGINS: `${DASHBOARD}, http://localhost:5173`, RATE_LIMIT_PER_MINUTE: String(LIMIT) });
}, 120_000);
afterAll(() => hub?.dispose());

const QUERY = JSON.stringify({ query: '{ region(code: "410400") { name } }' });
const post = async (office: Office, headers: Record<string, string> = {}) =>
  fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token(office)}`, ...headers },
    body: QUERY,
  });

describe('CORS', () => {
  it('answers a preflight from an allowed origin with the methods and headers the API takes', async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'OPTIONS',
      headers: {
        origin: DASHBOARD,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(res.status).toBe(204);
    const answer = Object.fromEntries([...res.headers].filter(([k]) => k.startsWith('access-control-') || k === 'vary'));
    expect(answer).toMatchObject({
      'access-control-allow-origin': DASHBOARD,
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type, x-request-id',
      'access-control-max-age': '600',
      vary: 'origin',
    });
    console.log(`CORS preflight answer: ${res.status} ${JSON.stringify(answer)}`);
    const answered = await post({ level: 'CITY', region: '410400', subject: 'cors' }, { origin: DASHBOARD });
    expect(answered.headers.get('access-control-allow-origin')).toBe(DASHBOARD);
  });

  it('refuses a preflight from an origin not on the list, naming none back', async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('FORBIDDEN');
    const plain = await post({ level: 'CITY', region: '410400', subject: 'cors-evil' }, { origin: 'https://evil.example.com' });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes only origins in CORS_ORIGINS, not paths', () => {
    expect(() => parseConfig({ CORS_ORIGINS: 'https://dash.example.edu.cn/app' })).toThrow('CORS_ORIGINS');
    expect(parseConfig({}).CORS_ORIGINS).toEqual([]);
  });
});

describe('compression and caching', () => {
  it('compresses the playground script with brotli, caches it for a day and answers 304 to its ETag', async () => {
    const plain = await fetch(`${hub.url}/playground/graphiql.js`, { headers: { 'accept-encoding': 'identity' } });
    const size = (await plain.arrayBuffer()).byteLength;
    const res = await fetch(`${hub.url}/playground/graphiql.js`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(Number(res.headers.get('content-length'))).toBeLessThan(size / 3);
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await fetch(`${hub.url}/playground/graphiql.js`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    console.log(`graphiql.js: ${size} bytes, ${res.headers.get('content-length')} with brotli`);
  });

  it('gzips a large GraphQL answer and leaves a small one as it is', async () => {
    const token = await hub.token({ level: 'PROVINCE', region: '410000', subject: 'gzip' });
    const ask = (query: string) =>
      fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' },
        body: JSON.stringify({ query }),
      });
    const large = await ask('{ region(code: "410000") { descendants(level: COUNTY) { code name } } }');
    expect(large.headers.get('content-encoding')).toBe('gzip');
    expect(
      ((await large.json()) as { data: { region: { descendants: unknown[] } } }).data.region.descendants.length,
    ).toBeGreaterThan(100);
    const small = await ask('{ region(code: "410400") { name } }');
    expect(small.headers.get('content-encoding')).toBeNull();
  });
});

describe('rate limit per token', () => {
  it(`answers ${LIMIT} requests a minute per token, then 429 with Retry-After; another token is not held back`, async () => {
    const office: Office = { level: 'CITY', region: '410400', subject: 'busy-clerk' };
    const token = await hub.token(office);
    const send = () =>
      fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: QUERY,
      });
    for (let i = 0; i < LIMIT; i++) expect((await send()).status).toBe(200);
    const refused = await send();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await refused.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe('RATE_LIMITED');
    expect(body.errors[0]!.message).toContain('请求过于频繁');
    expect((await post({ level: 'CITY', region: '410400', subject: 'other-clerk' })).status).toBe(200);
    // health is never limited
    expect((await fetch(`${hub.url}/livez`)).status).toBe(200);
  });

  it('is off by default in development and tests, 600 a minute in production', () => {
    expect(parseConfig({}).RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(parseConfig({ NODE_ENV: 'test' }).RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(parseConfig({ NODE_ENV: 'production' }).RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(parseConfig({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' }).RATE_LIMIT_PER_MINUTE).toBe(0);
  });
});
