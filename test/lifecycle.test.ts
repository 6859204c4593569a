import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoStudio } from './support/demo.ts';
import { signDevToken } from '../lib/auth/dev-keys.ts';
import { parseConfig } from '../lib/service/config.ts';
import { embeddedUrl } from '../lib/data/database.ts';
import { contractOperation } from './support/contract.ts';
import { expectRefusal } from './support/hub.ts';
import { freePort } from './support/ports.ts';
import { isAlive, npmStart, stopAll, waitFor } from './support/process.ts';

// `npm start` as a user runs it: embedded database, migrations, demo, four subgraphs and the gateway.
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-hub-start-'));
  await chmod(dir, 0o755);
  env = {
    PG_DATA_DIR: join(dir, 'pg'),
    DEV_KEY_FILE: join(dir, 'dev-jwt-key.json'),
    PG_PORT: String(await freePort()),
    PORT: String(await freePort()),
  };
  for (const name of ['PERSONNEL', 'STUDIOS', 'EVALUATIONS', 'FUNDING']) env[`${name}_PORT`] = String(await freePort());
});
// whatever a failed test left running is stopped before the next test, and before the data goes
afterEach(stopAll);
afterAll(async () => {
  await stopAll();
  await rm(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('serves the headline, health and playground, and SIGTERM leaves no process behind', async () => {
    const hub = npmStart(env);
    await waitFor(hub, 'ready in');
    const base = `http://127.0.0.1:${env.PORT}`;
    expect(hub.output()).toContain(`${base}/graphql`);
    expect(hub.output()).toContain('(demo data loaded)');

    // it prints a ready province token signed with the local development key
    const token = /Province token[^\n]*\n\s+(\S+)/.exec(hub.output())?.[1];
    expect(token).toBeDefined();
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({
      status: 'ok',
      checks: { supergraph: 'ok', 'peer:personnel': 'ok', 'peer:studios': 'ok', 'peer:evaluations': 'ok', 'peer:funding': 'ok' },
    });
    const page = await fetch(`${base}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const headline = JSON.stringify({
      query: contractOperation('pending-second-evaluations-by-county.graphql'),
      variables: { within: '410000' },
    });
    const json = { 'content-type': 'application/json' };
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { ...json, authorization: `Bearer ${token}` },
      body: headline,
    });
    expect((await res.json()).data.region.descendants).toHaveLength(181);
    const anonymous = await fetch(`${base}/graphql`, { method: 'POST', headers: json, body: headline });
    expect(anonymous.status).toBe(401);
    expectRefusal(await anonymous.json(), 'UNAUTHENTICATED');

    const postgresPid = Number((await readFile(join(env.PG_DATA_DIR!, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    expect(isAlive(postgresPid)).toBe(true);
    hub.child.kill('SIGTERM');
    await hub.exited;
    await new Promise((r) => setTimeout(r, 500));
    expect(hub.output()).toContain('SIGTERM: stopping');
    expect(isAlive(postgresPid)).toBe(false);
    await expect(fetch(`${base}/health`)).rejects.toThrow();
  });

  it('keeps its data between runs and loads the demo only into an empty database', async () => {
    const hub = npmStart(env);
    await waitFor(hub, 'ready in');
    expect(hub.output()).not.toContain('demo data loaded');
    // the development key survives the restart, so tokens signed with it still work
    const token = await signDevToken(parseConfig(env), {
      level: 'CITY',
      regionCode: '440300',
      schoolId: null,
      roles: ['viewer'],
    });
    const res = await fetch(`http://127.0.0.1:${env.PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ studios(within: "440300", first: 10) { totalCount } }' }),
    });
    expect((await res.json()).data.studios.totalCount).toBe(3);
    hub.child.kill('SIGINT');
    await hub.exited;
  });

  it('SIGTERM drains: a change under way commits and reaches its client as done before the hub stops', async () => {
    const hub = npmStart(env);
    await waitFor(hub, 'ready in');
    const token = await signDevToken(parseConfig(env), {
      level: 'PROVINCE',
      regionCode: '410000',
      schoolId: null,
      roles: ['admin'],
    });
    const db = new pg.Client({ connectionString: embeddedUrl(Number(env.PG_PORT)) });
    db.on('error', () => {}); // the hub stops its database at the end
    await db.connect();
    // the change waits behind a lock, so it is under way when SIGTERM comes
    await db.query('begin');
    await db.query('lock table studios.studio in access exclusive mode');
    const studio = demoStudio({ policyId: '000-pingdingshan', status: 'RUNNING' });
    const answer = fetch(`http://127.0.0.1:${env.PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: 'mutation ($input: RecordWorkInput!) { recordWork(input: $input) { id title } }',
        variables: { input: { studioId: studio.id, kind: 'OFFLINE_STUDY', title: '停机时正在保存', doneOn: '2026-03-02' } },
      }),
    }).then((res) => res.json());
    const waiting = async () =>
      (await db.query("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock'")).rows[0].n;
    for (let i = 0; i < 50 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    hub.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    await db.query('commit');
    expect(await answer).toEqual({ data: { recordWork: { id: expect.any(String), title: '停机时正在保存' } } });
    expect(await hub.exited).toBe(0);
    await db.end().catch(() => {});
  });

  it('reports the gateway degraded (503 at /health) while a subgraph does not answer, and still ready', async () => {
    const secret = { GATEWAY_SECRET: 'a-secret-the-gateway-and-subgraphs-share-0123' };
    const hub = npmStart({ ...env, ...secret, FUNDING_URL: `http://127.0.0.1:${await freePort()}/graphql` }, [
      'personnel',
      'studios',
      'evaluations',
      'gateway',
    ]);
    await waitFor(hub, 'ready in');
    const health = await fetch(`http://127.0.0.1:${env.PORT}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: 'degraded',
      checks: {
        supergraph: 'ok',
        'peer:personnel': 'ok',
        'peer:studios': 'ok',
        'peer:evaluations': 'ok',
        'peer:funding': 'fetch failed',
      },
    });
    expect((await fetch(`http://127.0.0.1:${env.PORT}/readyz`)).status).toBe(200);
    hub.child.kill('SIGTERM');
    await hub.exited;
  });

  it('still stops when its database died first (no hung process)', async () => {
    const hub = npmStart(env);
    await waitFor(hub, 'ready in');
    const postgresPid = Number((await readFile(join(env.PG_DATA_DIR!, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    process.kill(postgresPid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    hub.child.kill('SIGTERM');
    const code = await Promise.race([hub.exited, new Promise((r) => setTimeout(() => r('hung'), 20_000))]);
    expect(code).not.toBe('hung');
  });

  it('stops at once with a message naming a bad setting', async () => {
    const hub = npmStart({ ...env, PORT: 'abc', DEMO_DATA: 'sometimes' });
    expect(await hub.exited).not.toBe(0);
    expect(hub.output()).toMatch(/PORT/);
    expect(hub.output()).toMatch(/DEMO_DATA/);
  });

  it('needs GATEWAY_SECRET when gateway and subgraphs run as separate processes', async () => {
    const hub = npmStart(env, ['gateway']);
    expect(await hub.exited).not.toBe(0);
    expect(hub.output()).toContain('GATEWAY_SECRET');
  });

  it('refuses an unknown service name', async () => {
    const hub = npmStart(env, ['reports']);
    expect(await hub.exited).not.toBe(0);
    expect(hub.output()).toContain('未知的服务');
  });

  it('says clearly when the database cannot be reached, and exits non-zero', async () => {
    const port = await freePort();
    const hub = npmStart({ ...env, DATABASE_URL: `postgres://hub:hub@127.0.0.1:${port}/studio_hub` });
    expect(await hub.exited).not.toBe(0);
    expect(hub.output()).toContain('数据库无法连接');
    expect(hub.output()).toContain(`127.0.0.1:${port}`);
  });
});
