/**
 * Browser and network conventions at the gateway (issue 13.4): CORS from the CORS_ORIGINS allow-list, compressed
 * answers, caching headers and ETags for the playground's static assets, and a rate limit per user and per address
 * answering 429 with Retry-After (RATE_LIMIT_PER_MINUTE; off by default outside production).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../lib/auth/dev-keys.ts';
import { parseConfig } from '../lib/service/config.ts';
import { addressKey } from '../lib/http/web.ts';
import { startTestHub, type Office, type TestHub, expectRefusal } from './support/hub.ts';

const DASHBOARD = 'https://dash.example.edu.cn';
/** The order n of P-256's group: an ECDSA signature (r, s) and (r, n − s) verify alike. */
const P256_ORDER = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
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
    expectRefusal(await res.json(), 'FORBIDDEN');
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

describe('rate limit per user, and per address before any signature work (issue 22)', () => {
  it(`answers ${LIMIT} requests a minute per user, then 429 with Retry-After; another user is not held back`, async () => {
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
    expectRefusal(body, 'RATE_LIMITED');
    expect(body.errors[0]!.message).toContain('请求过于频繁');
    expect((await post({ level: 'CITY', region: '410400', subject: 'other-clerk' })).status).toBe(200);
    // health is never limited
    expect((await fetch(`${hub.url}/livez`)).status).toBe(200);
  });

  /** One request to the gateway from a loopback address of its own (127.0.0.x), so each test has its own address windows. */
  const from = (address: string, authorization?: string, path = '/graphql') =>
    new Promise<{ status: number; retryAfter: number; code: string; message: string }>((resolve, reject) => {
      const req = request(
        `${hub.url}${path}`,
        {
          method: path === '/graphql' ? 'POST' : 'GET',
          localAddress: address,
          headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const error = res.statusCode === 200 ? undefined : JSON.parse(text).errors?.[0];
            resolve({
              status: res.statusCode!,
              retryAfter: Number(res.headers['retry-after'] ?? 0),
              code: error?.extensions?.code ?? '',
              message: error?.message ?? '',
            });
          });
        },
      );
      req.on('error', reject);
      req.end(path === '/graphql' ? QUERY : undefined);
    });
  const expectLimited = (answer: Awaited<ReturnType<typeof from>>) => {
    expect(answer).toMatchObject({ status: 429, code: 'RATE_LIMITED', message: expect.stringContaining('请求过于频繁') });
    expect(answer.retryAfter).toBeGreaterThanOrEqual(1);
    expect(answer.retryAfter).toBeLessThanOrEqual(60);
  };
  const clerk = (subject: string, expiresIn?: string) =>
    signDevToken(hub.config, { level: 'CITY', regionCode: '410400', schoolId: null, roles: ['viewer'], subject }, expiresIn);

  it(`one token however its scheme is written (bearer, BEARER, spaces, a tab) is one user: ${LIMIT} pass, the next is 429, an export too`, async () => {
    const token = await clerk('scheme-variants');
    const variants = [`Bearer ${token}`, `bearer ${token}`, `BEARER ${token}`, `Bearer    ${token}`, `Bearer\t${token}`];
    for (let i = 0; i < LIMIT; i++) expect((await from('127.0.0.11', variants[i % variants.length])).status).toBe(200);
    expectLimited(await from('127.0.0.11', `bEaReR \t ${token}`, '/export/studios.csv?within=410400&year=2025'));
    // another address makes no difference: the window is the user's
    expectLimited(await from('127.0.0.12', `Bearer ${token}`));
  });

  it(`the ECDSA twin of a token's signature (s → n − s) is valid, and the same user: ${LIMIT} pass between them, the next is 429`, async () => {
    const token = await clerk('ecdsa-twin');
    const [head, body, signature] = token.split('.') as [string, string, string];
    const rs = Buffer.from(signature, 'base64url');
    const s = BigInt(`0x${rs.subarray(32).toString('hex')}`);
    const twinS = Buffer.from((P256_ORDER - s).toString(16).padStart(64, '0'), 'hex');
    const twin = `${head}.${body}.${Buffer.concat([rs.subarray(0, 32), twinS]).toString('base64url')}`;
    expect(twin).not.toBe(token);
    // the twin verifies on its own: a second valid text for one token, so keying by text was a bypass
    expect((await from('127.0.0.13', `Bearer ${twin}`)).status).toBe(200);
    for (let i = 1; i < LIMIT; i++) expect((await from('127.0.0.13', `Bearer ${i % 2 ? token : twin}`)).status).toBe(200);
    expectLimited(await from('127.0.0.13', `Bearer ${twin}`));
    expectLimited(await from('127.0.0.13', `Bearer ${token}`));
  });

  it(`many tokens for one user share one window: ${LIMIT} tokens pass once each, the ${LIMIT + 1}th token is 429`, async () => {
    const tokens = await Promise.all(Array.from({ length: LIMIT + 1 }, (_, i) => clerk('many-tokens', `${600 + i}s`)));
    expect(new Set(tokens).size).toBe(LIMIT + 1);
    for (const token of tokens.slice(0, LIMIT)) expect((await from('127.0.0.14', `Bearer ${token}`)).status).toBe(200);
    expectLimited(await from('127.0.0.14', `Bearer ${tokens[LIMIT]}`));
    // another user from the same address is not held back
    expect((await from('127.0.0.14', `Bearer ${await clerk('many-tokens-colleague')}`)).status).toBe(200);
  });

  it(`forged and garbage bearers, 10 at a time: the first ${LIMIT} from an address are checked (401), the rest 429 before any signature work`, async () => {
    const real = await clerk('forger');
    const [head, , signature] = real.split('.') as [string, string, string];
    const forged = Array.from({ length: 3 * LIMIT }, (_, i) =>
      i % 2
        ? `${head}.${Buffer.from(JSON.stringify({ sub: `forged-${i}`, level: 'NATION', region: '100000', roles: ['admin'] })).toString('base64url')}.${signature}`
        : `garbage-${i}`,
    );
    const answers = [];
    for (let i = 0; i < forged.length; i += 10) {
      answers.push(...(await Promise.all(forged.slice(i, i + 10).map((token) => from('127.0.0.15', `Bearer ${token}`)))));
    }
    expect(answers.filter((a) => a.status === 401 && a.code === 'UNAUTHENTICATED')).toHaveLength(LIMIT);
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(2 * LIMIT);
    for (const answer of limited) expectLimited(answer);
    expect(limited[0]!.message).toContain('来自同一地址的未登录或令牌无效的请求');
    // a request without a token, and a new token that would need checking, wait too; a user verified before does not
    expectLimited(await from('127.0.0.15'));
    expectLimited(await from('127.0.0.15', `Bearer ${await clerk('forger-neighbour')}`));
    const known = await clerk('known-neighbour');
    expect((await from('127.0.0.16', `Bearer ${known}`)).status).toBe(200);
    expect((await from('127.0.0.15', `Bearer ${known}`)).status).toBe(200);
  });

  it(`requests without a token: ${LIMIT} from an address are answered 401, the next 429`, async () => {
    for (let i = 0; i < LIMIT; i++) {
      expect(await from('127.0.0.17')).toMatchObject({
        status: 401,
        code: 'UNAUTHENTICATED',
        message: expect.stringContaining('请先登录'),
      });
    }
    expectLimited(await from('127.0.0.17', 'Basic dXNlcjpwYXNz'));
  });

  it('an IPv6 client counts by its /64 network, an IPv4 one by its address (IPv4-mapped alike)', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:eeee:dddd:cccc')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('2001:db8::5')).toBe('2001:db8:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('203.0.113.8')).not.toBe(addressKey('203.0.113.7'));
  });

  it('is off by default in development and tests, 600 a minute in production', () => {
    expect(parseConfig({}).RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(parseConfig({ NODE_ENV: 'test' }).RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(parseConfig({ NODE_ENV: 'production' }).RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(parseConfig({ NODE_ENV: 'production', RATE_LIMIT_PER_MINUTE: '0' }).RATE_LIMIT_PER_MINUTE).toBe(0);
  });
});
