import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { importJWK, SignJWT, type JWK } from 'jose';
import { schools, studios } from '../demo/world.ts';
import { ConfigError, parseConfig } from '../lib/config.ts';
import { describe, expect, test, type Office, type TestHub } from './support/hub.ts';

// Claims are consistent or refused (issue 10): a token's level is its region's level, a school lies in its
// region, and every token expires within JWT_MAX_LIFETIME.

const yexianSchool = schools.find((s) => s.name === '叶县求是高级中学')!;
const baofengSchool = schools.find((s) => s.name === '宝丰县求是高级中学')!;
/** A city-managed (municipal) studio in 叶县: a county editor may not move it. */
const municipal = studios.find((s) => s.regionCode === '410422' && s.level === 'MUNICIPAL' && s.status === 'RUNNING')!;
const SUBMISSION = 'query ($y: Int!) { region(code: "410422") { annualSubmission(year: $y) { status } } }';
const TRANSITION = `mutation ($id: ID!) { transitionStudio(input: { id: $id, version: 1, to: COMPLETED, reason: "越权测试" }) { status } }`;
const VERSION = 'query ($id: ID!) { studio(id: $id) { status version } }';

/** POSTs an operation with a raw bearer token; the HTTP status and the body. */
async function post(hub: TestHub, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as { data?: any; errors?: any[] } };
}

/** A token signed with the hub's development key, with exactly the times given (no exp when `exp` is null). */
async function rawToken(hub: TestHub, claims: Record<string, unknown>, times: { iat?: number; exp: number | null }) {
  const key = JSON.parse(await readFile(hub.config.DEV_KEY_FILE, 'utf8')) as { privateKey: JWK };
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject('test')
    .setIssuer(hub.config.JWT_ISSUER)
    .setAudience(hub.config.JWT_AUDIENCE)
    .setIssuedAt(times.iat ?? Math.floor(Date.now() / 1000));
  if (times.exp !== null) jwt.setExpirationTime(times.exp);
  return jwt.sign(await importJWK(key.privateKey, 'ES256'));
}

const now = () => Math.floor(Date.now() / 1000);
const PROVINCE_VIEWER = { level: 'PROVINCE', region: '410000', roles: ['viewer'] };

function expectRefused(res: { status: number; body: { data?: any; errors?: any[] } }, message: string) {
  expect(res.status).toBe(401);
  expect(res.body.data ?? null).toBeNull();
  expect(res.body.errors![0].extensions.code).toBe('UNAUTHENTICATED');
  expect(res.body.errors![0].message).toContain(message);
}

describe("a token's level must be its region's level", () => {
  test('a PROVINCE token with a county code (410422) is refused, and cannot move a city-managed studio', async ({ hub }) => {
    const escalated: Office = { level: 'PROVINCE', region: '410422', roles: ['editor'] };
    const res = await post(hub, await hub.token(escalated), TRANSITION, { id: municipal.id });
    expectRefused(res, '层级与行政区划不符');
    // the studio did not move; the real county editor is FORBIDDEN, the city editor may
    expect((await hub.query(VERSION, { id: municipal.id })).data.studio).toEqual({ status: 'RUNNING', version: 1 });
    const county = await hub.query(TRANSITION, { id: municipal.id }, { level: 'COUNTY', region: '410422', roles: ['editor'] });
    expect(county.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });

  test("a CITY token with a county code is refused: it cannot read its county's submission as the city", async ({ hub }) => {
    const res = await post(hub, await hub.token({ level: 'CITY', region: '410422' }), SUBMISSION, { y: 2025 });
    expectRefused(res, '层级与行政区划不符');
    // the county's own office, with a consistent token, reads it
    const county = await hub.query(SUBMISSION, { y: 2025 }, { level: 'COUNTY', region: '410422' });
    expect(county.errors).toBeUndefined();
    expect(county.data.region.annualSubmission.status).toBeTruthy();
  });

  test('a COUNTY token with a city code, and a code that names no region (419999), are refused', async ({ hub }) => {
    expectRefused(await post(hub, await hub.token({ level: 'COUNTY', region: '410400' }), '{ __typename }'), '层级');
    expectRefused(
      await post(hub, await hub.token({ level: 'COUNTY', region: '419999' }), '{ __typename }'),
      '不是现行的行政区划代码',
    );
  });

  test('a consistent token of each level is accepted: 河南省, 平顶山市, 叶县, 济源市 (a county-level city under the province)', async ({
    hub,
  }) => {
    for (const office of [
      { level: 'PROVINCE', region: '410000' },
      { level: 'CITY', region: '410400' },
      { level: 'COUNTY', region: '410422' },
      { level: 'COUNTY', region: '419001' },
    ] as Office[]) {
      const res = await post(hub, await hub.token(office), 'query ($c: ID!) { region(code: $c) { code } }', { c: office.region });
      expect(res.status, office.region).toBe(200);
      expect(res.body.data.region.code).toBe(office.region);
    }
  });

  test.for(['personnel', 'studios', 'evaluations', 'funding'] as const)(
    '%s itself refuses a gateway-signed viewer whose level disagrees with its region, and accepts a consistent one',
    async (name, { hub }) => {
      const refused = await hub.subgraphQuery(name, '{ __typename }', {}, { level: 'CITY', region: '410422', roles: ['admin'] });
      expect(refused.data ?? null).toBeNull();
      expect(refused.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
      expect(refused.errors![0]!.message).toContain('层级与行政区划不符');
      const accepted = await hub.subgraphQuery(name, '{ __typename }', {}, { level: 'CITY', region: '410400' });
      expect(accepted).toEqual({ data: { __typename: 'Query' } });
    },
  );
});

describe("a SCHOOL token's school must lie in its region", () => {
  const asSchool = (region: string, school: string): Office => ({ level: 'SCHOOL', region, school });

  test('a school of 宝丰县 with the region 叶县 is refused', async ({ hub }) => {
    const res = await post(hub, await hub.token(asSchool('410422', baofengSchool.id)), '{ __typename }');
    expectRefused(res, '不属于行政区划 410422');
  });

  test('a school of 叶县 with the province above it (410000) is refused: the region is the school’s own', async ({ hub }) => {
    const res = await post(hub, await hub.token(asSchool('410000', yexianSchool.id)), '{ schools(within: "410000") { id } }');
    expectRefused(res, '不属于行政区划 410000');
  });

  test('a school that does not exist is refused', async ({ hub }) => {
    const res = await post(hub, await hub.token(asSchool('410422', crypto.randomUUID())), '{ __typename }');
    expectRefused(res, '不属于行政区划 410422');
  });

  test('a school of 叶县 with the region 叶县 is accepted and sees its own school', async ({ hub }) => {
    const res = await post(hub, await hub.token(asSchool('410422', yexianSchool.id)), '{ schools(within: "410422") { id } }');
    expect(res.status).toBe(200);
    expect(res.body.data.schools).toEqual([{ id: yexianSchool.id }]);
  });
});

describe('every token expires, within JWT_MAX_LIFETIME (24 h by default)', () => {
  const claims = PROVINCE_VIEWER;

  test('a token without exp is refused', async ({ hub }) => {
    expectRefused(await post(hub, await rawToken(hub, claims, { exp: null }), '{ __typename }'), '没有有效期');
  });

  test('a token living longer than the maximum is refused; one living exactly the maximum is accepted', async ({ hub }) => {
    const max = hub.config.JWT_MAX_LIFETIME;
    expect(max).toBe(24 * 3600);
    const long = await rawToken(hub, claims, { exp: now() + max + 60 });
    expectRefused(await post(hub, long, '{ __typename }'), '有效期过长（最长 24 小时）');
    const issued = now();
    const exact = await rawToken(hub, claims, { iat: issued, exp: issued + max });
    expect((await post(hub, exact, '{ __typename }')).status).toBe(200);
  });

  test('an iat set in the future does not stretch the lifetime: it counts from now', async ({ hub }) => {
    // one hour from its iat, but 30 days and an hour from now
    expect(hub.config.JWT_MAX_LIFETIME).toBeGreaterThan(3600);
    const future = await rawToken(hub, claims, { iat: now() + 30 * 86400, exp: now() + 30 * 86400 + 3600 });
    expectRefused(await post(hub, future, '{ __typename }'), '有效期过长');
  });

  test('JWT_MAX_LIFETIME reads durations (30m, 12h, 7d) and refuses anything else', () => {
    expect(parseConfig({}).JWT_MAX_LIFETIME).toBe(86400);
    expect(parseConfig({ JWT_MAX_LIFETIME: '30m' }).JWT_MAX_LIFETIME).toBe(1800);
    expect(parseConfig({ JWT_MAX_LIFETIME: '7d' }).JWT_MAX_LIFETIME).toBe(7 * 86400);
    for (const bad of ['forever', '0h', '24', '-1h']) {
      expect(() => parseConfig({ JWT_MAX_LIFETIME: bad }), bad).toThrow(ConfigError);
    }
  });
});

describe('the dev token command prints tokens the hub accepts', () => {
  const run = (hub: TestHub, args: string[]) =>
    promisify(execFile)(process.execPath, ['scripts/token.ts', ...args], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, NODE_ENV: 'test', DEV_KEY_FILE: hub.config.DEV_KEY_FILE },
    });

  test('a county token from `npm run token` is accepted', async ({ hub }) => {
    const { stdout } = await run(hub, ['--level', 'COUNTY', '--region', '410422', '--role', 'viewer']);
    const res = await post(hub, stdout.trim(), '{ region(code: "410422") { name } }');
    expect(res.status).toBe(200);
    expect(res.body.data.region.name).toBe('叶县');
  });

  test('it refuses a level that disagrees with the region, and a lifetime beyond the maximum', async ({ hub }) => {
    await expect(run(hub, ['--level', 'CITY', '--region', '410422'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('层级与行政区划不符'),
    });
    await expect(run(hub, ['--level', 'CITY', '--region', '410400', '--expires', '48h'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('JWT_MAX_LIFETIME'),
    });
  });
});
