import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { demoStudio, schools } from './support/demo.ts';
import { createTokenVerifier, VerifiedTokens } from '../lib/auth/tokens.ts';
import { ConfigError, parseConfig } from '../lib/service/config.ts';
import { describe, expect, test, type Office, type TestHub, expectRefusal } from './support/hub.ts';
import { freePort } from './support/ports.ts';

// Claims are consistent or refused (issue 10): a token's level is its region's level, a school lies in its
// region, and every token expires within JWT_MAX_LIFETIME.

const yexianSchool = schools.find((s) => s.name === '叶县求是高级中学')!;
const baofengSchool = schools.find((s) => s.name === '宝丰县求是高级中学')!;
/** A city-managed (municipal) studio in 叶县: a county editor may not move it. */
const municipal = demoStudio({ regionCode: '410422', level: 'MUNICIPAL', status: 'RUNNING' });
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
  expectRefusal(res.body, 'UNAUTHENTICATED');
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
    expectRefusal(county, 'FORBIDDEN');
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
      expectRefusal(refused, 'UNAUTHENTICATED');
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

describe('a verified token is kept for its own lifetime only, and only once verified (issue 11)', () => {
  const claims = PROVINCE_VIEWER;
  const ok = '{ __typename }';
  /** The subgraphs' header, signed with the gateway's secret, living until `exp`. */
  const gatewayHeader = async (hub: TestHub, exp: number) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('test')
      .setIssuer('studio-hub-gateway')
      .setAudience('studio-hub-subgraph')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(new TextEncoder().encode(hub.config.GATEWAY_SECRET!));
  const askStudios = async (hub: TestHub, header: string) => {
    const res = await fetch(`${hub.subgraphs.studios!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-viewer': header },
      body: JSON.stringify({ query: ok }),
    });
    return (await res.json()) as { data?: any; errors?: any[] };
  };

  test('a token and a gateway header accepted (and kept) while valid are refused once their exp has passed', async ({ hub }) => {
    const exp = now() + 2;
    const token = await rawToken(hub, claims, { exp });
    const header = await gatewayHeader(hub, exp);
    for (let i = 0; i < 2; i++) {
      expect((await post(hub, token, ok)).status).toBe(200);
      expect(await askStudios(hub, header)).toEqual({ data: { __typename: 'Query' } });
    }
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 100));
    expectRefused(await post(hub, token, ok), '令牌无效或已过期');
    const refused = await askStudios(hub, header);
    expect(refused.data ?? null).toBeNull();
    expectRefusal(refused, 'UNAUTHENTICATED');
    expect(refused.errors![0].message).toContain('网关凭据无效');
  });

  test('a tampered copy of an accepted token is refused: new claims under its signature, or a changed signature', async ({
    hub,
  }) => {
    const token = await hub.token({ level: 'COUNTY', region: '410422', roles: ['viewer'] });
    expect((await post(hub, token, ok)).status).toBe(200);
    const [head, body, signature] = token.split('.') as [string, string, string];
    const escalated = {
      ...JSON.parse(Buffer.from(body, 'base64url').toString()),
      level: 'PROVINCE',
      region: '410000',
      roles: ['admin'],
    };
    const forged = `${head}.${Buffer.from(JSON.stringify(escalated)).toString('base64url')}.${signature}`;
    const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
    for (const tampered of [forged, `${head}.${body}.${flipped}`]) {
      for (let i = 0; i < 2; i++) expectRefused(await post(hub, tampered, ok), '令牌无效或已过期');
    }
    // the original is still the county viewer it was
    expect((await post(hub, token, ok)).status).toBe(200);
  });

  test('a refused token is never kept among the accepted: a claim mismatch is refused every time, and keeps nothing', async ({
    hub,
  }) => {
    const verified = new VerifiedTokens();
    const verify = await createTokenVerifier(hub.config, undefined, verified);
    const mismatch = `Bearer ${await hub.token({ level: 'PROVINCE', region: '410422', roles: ['admin'] })}`;
    const unsigned = `Bearer ${await rawToken(hub, claims, { exp: null })}`;
    for (let i = 0; i < 3; i++) {
      await expect(verify(mismatch)).rejects.toThrow('层级与行政区划不符');
      await expect(verify(unsigned)).rejects.toThrow('没有有效期');
    }
    expect(verified.size).toBe(0);
    // over the hub, the same refusal twice
    for (let i = 0; i < 2; i++) expectRefused(await post(hub, mismatch.slice(7), ok), '层级与行政区划不符');
  });

  test('the kept tokens are bounded: beyond the maximum the least recently used goes, and is verified again', async ({ hub }) => {
    const verified = new VerifiedTokens(3);
    const verify = await createTokenVerifier(hub.config, undefined, verified);
    const tokens = await Promise.all(
      ['410000', '410400', '410422', '410100', '419001'].map(
        async (region, i) =>
          `Bearer ${await hub.token({ level: (['PROVINCE', 'CITY', 'COUNTY', 'CITY', 'COUNTY'] as const)[i]!, region })}`,
      ),
    );
    for (const token of tokens) await verify(token);
    expect(verified.size).toBe(3);
    // the first two were dropped and the last three kept; a dropped one is verified afresh, and is the same viewer
    expect(verified.get(tokens[0]!.slice(7))).toBeUndefined();
    expect(verified.get(tokens[4]!.slice(7))).toMatchObject({ level: 'COUNTY', regionCode: '419001' });
    expect(await verify(tokens[0]!)).toMatchObject({ level: 'PROVINCE', regionCode: '410000' });
    expect(verified.size).toBe(3);
  });
  test('a token refused because the key set could not be fetched is not remembered: it is accepted once the key set answers', async ({
    hub,
  }) => {
    const pair = await generateKeyPair('ES256');
    const keys = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
    let asked = 0;
    const idp = createServer((_req, res) => {
      asked++;
      if (asked === 1) return void res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(keys));
    });
    await new Promise<void>((resolve) => idp.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = idp.address() as AddressInfo;
      const verify = await createTokenVerifier({ ...hub.config, JWT_JWKS_URL: `http://127.0.0.1:${port}/jwks.json` });
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('idp-user')
        .setIssuer(hub.config.JWT_ISSUER)
        .setAudience(hub.config.JWT_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(pair.privateKey);
      await expect(verify(`Bearer ${token}`)).rejects.toThrow('令牌无效或已过期');
      expect(await verify(`Bearer ${token}`)).toMatchObject({ subject: 'idp-user', level: 'PROVINCE', regionCode: '410000' });
      expect(asked).toBe(2);
    } finally {
      idp.close();
    }
  });
});

describe('the dev token command prints tokens the hub accepts', () => {
  const run = (hub: TestHub, args: string[], pgPort = hub.config.PG_PORT) =>
    promisify(execFile)(process.execPath, ['scripts/token.ts', ...args], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      env: { ...process.env, NODE_ENV: 'test', DEV_KEY_FILE: hub.config.DEV_KEY_FILE, PG_PORT: String(pgPort) },
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

  test("a SCHOOL token is signed only for the school's own region, read from the database (issue 26.4)", async ({ hub }) => {
    // the issue's case: a school of 宝丰县 given the region 叶县 is refused, not printed
    await expect(run(hub, ['--level', 'SCHOOL', '--school', baofengSchool.id, '--region', '410422'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('hub 不会接受'),
    });
    // its own region, given or read: accepted by the hub
    for (const args of [
      ['--school', yexianSchool.id, '--region', '410422'],
      ['--school', yexianSchool.id],
    ]) {
      const { stdout } = await run(hub, ['--level', 'SCHOOL', ...args]);
      const res = await post(hub, stdout.trim(), '{ schools(within: "410422") { id } }');
      expect(res.body.data.schools, args.join(' ')).toEqual([{ id: yexianSchool.id }]);
    }
    // found by its name
    const { stdout } = await run(hub, ['--level', 'SCHOOL', '--school-name', yexianSchool.name]);
    const res = await post(hub, stdout.trim(), '{ schools(within: "410422") { id } }');
    expect(res.body.data.schools).toEqual([{ id: yexianSchool.id }]);
  });

  test('without a reachable database a SCHOOL token is refused, and --help says how to find a school id', async ({ hub }) => {
    await expect(
      run(hub, ['--level', 'SCHOOL', '--school', yexianSchool.id, '--region', '410422'], await freePort()),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('无法连接数据库') });
    const { stdout } = await run(hub, ['--help']);
    expect(stdout).toContain('--school-name');
    expect(stdout).toContain('schoolsConnection');
  });
});
