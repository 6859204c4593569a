/**
 * Health that does not cascade (issue 22.4): /livez says the process answers; /readyz that the service can serve its
 * own data (a subgraph's database, the gateway's supergraph), which is what compose's healthcheck asks; /health
 * says what else it uses (each peer's /readyz, the outbox, NATS), and a peer down makes it `degraded` there and in
 * `hub_peer_up`, never unready, so no healthy service is restarted because another is down.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/service/config.ts';
import { demoStudio } from './support/demo.ts';
import { describe, expect, test, type TestHub, expectRefusal } from './support/hub.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const get = async (url: string) => {
  const res = await fetch(url);
  return {
    status: res.status,
    body: (await res.json()) as { status: string; checks: Record<string, string>; [k: string]: unknown },
  };
};
const scrape = async (url: string) => (await fetch(`${url}/metrics`)).text();

/** Compose's healthcheck for a subgraph, run as compose runs it, at the port the test hub gave that subgraph. */
async function healthcheck(hub: TestHub, name: SubgraphName): Promise<number> {
  const env = { [`${name.toUpperCase()}_PORT`]: new URL(hub.subgraphs[name]!.url).port };
  return promisify(execFile)(process.execPath, ['scripts/healthcheck.ts', name], { cwd: ROOT, env }).then(
    () => 0,
    (error: { code?: number }) => error.code ?? -1,
  );
}

const studio = demoStudio({ policyId: '000-pingdingshan', regionCode: '410422', status: 'RUNNING' });
const STUDIO = 'query ($id: ID!) { studio(id: $id) { id name status } }';

describe('liveness, readiness and health', () => {
  test('/readyz checks only the service’s own data (database; the gateway: its supergraph); /health adds each peer it uses and its outbox', async ({
    hub,
  }) => {
    expect(await get(`${hub.subgraphs.studios!.url}/readyz`)).toEqual({
      status: 200,
      body: { status: 'ready', subgraph: 'studios', checks: { database: 'ok' } },
    });
    expect(await get(`${hub.subgraphs.studios!.url}/health`)).toEqual({
      status: 200,
      body: {
        status: 'ok',
        subgraph: 'studios',
        checks: { database: 'ok', 'peer:evaluations': 'ok', 'peer:funding': 'ok', 'peer:personnel': 'ok', outbox: 'ok' },
      },
    });
    // funding asks studios and publishes nothing
    expect((await get(`${hub.subgraphs.funding!.url}/health`)).body.checks).toEqual({ database: 'ok', 'peer:studios': 'ok' });
    expect(await get(`${hub.url}/readyz`)).toEqual({
      status: 200,
      body: { status: 'ready', service: 'gateway', checks: { supergraph: 'ok' } },
    });
    expect(await get(`${hub.url}/health`)).toMatchObject({
      status: 200,
      body: { status: 'ok', checks: Object.fromEntries(SUBGRAPH_NAMES.map((name) => [`peer:${name}`, 'ok'])) },
    });
    for (const url of [hub.url, ...SUBGRAPH_NAMES.map((name) => hub.subgraphs[name]!.url)])
      expect((await get(`${url}/livez`)).status).toBe(200);
    expect(await scrape(hub.url)).toMatch(/^hub_peer_up\{peer="personnel"\} 1$/m);
  });

  test('no cascade: with personnel stopped, studios, evaluations, funding and the gateway stay ready (compose healthcheck passes), /health and hub_peer_up name personnel, and studios still answers', async ({
    hub,
  }) => {
    await hub.subgraphs.personnel!.close();
    try {
      for (const name of ['studios', 'evaluations', 'funding'] as const) {
        const url = hub.subgraphs[name]!.url;
        expect((await get(`${url}/readyz`)).status, name).toBe(200);
        expect(await healthcheck(hub, name), name).toBe(0);
        const health = await get(`${url}/health`);
        if ('peer:personnel' in health.body.checks) {
          expect(health, name).toMatchObject({ status: 503, body: { status: 'degraded', checks: { database: 'ok' } } });
          expect(health.body.checks['peer:personnel'], name).not.toBe('ok');
          expect(await scrape(url), name).toMatch(/^hub_peer_up\{peer="personnel"\} 0$/m);
        } else expect(health, name).toMatchObject({ status: 200, body: { status: 'ok' } });
      }
      // studios uses personnel: degraded, not down
      expect((await get(`${hub.subgraphs.studios!.url}/health`)).body.checks).toHaveProperty('peer:personnel');
      expect(await healthcheck(hub, 'personnel')).toBe(1);

      expect((await get(`${hub.url}/readyz`)).status).toBe(200);
      const gateway = await get(`${hub.url}/health`);
      expect(gateway).toMatchObject({
        status: 503,
        body: { status: 'degraded', checks: { supergraph: 'ok', 'peer:studios': 'ok', 'peer:funding': 'ok' } },
      });
      expect(gateway.body.checks['peer:personnel']).not.toBe('ok');
      const metrics = await scrape(hub.url);
      expect(metrics).toMatch(/^hub_peer_up\{peer="personnel"\} 0$/m);
      expect(metrics).toMatch(/^hub_peer_up\{peer="studios"\} 1$/m);

      const { data, errors } = await hub.query(STUDIO, { id: studio.id }, undefined, { fresh: true });
      expect(errors).toBeUndefined();
      expect(data.studio).toEqual({ id: studio.id, name: studio.name, status: 'RUNNING' });
    } finally {
      await hub.restartSubgraph('personnel');
    }
    expect((await get(`${hub.url}/health`)).body.status).toBe('ok');
    expect(await scrape(hub.url)).toMatch(/^hub_peer_up\{peer="personnel"\} 1$/m);
  });

  test('a gateway with every subgraph down can still plan: ready, degraded naming all four, and its answers name the service down', async ({
    hub,
  }) => {
    await Promise.all(SUBGRAPH_NAMES.map((name) => hub.subgraphs[name]!.close()));
    try {
      expect(await get(`${hub.url}/readyz`)).toMatchObject({ status: 200, body: { status: 'ready' } });
      const health = await get(`${hub.url}/health`);
      expect(health.body.status).toBe('degraded');
      for (const name of SUBGRAPH_NAMES) expect(health.body.checks[`peer:${name}`], name).not.toBe('ok');
      const { errors } = await hub.query(STUDIO, { id: studio.id }, undefined, { fresh: true });
      expectRefusal({ errors }, 'SERVICE_UNAVAILABLE', { serviceName: 'studios' });
    } finally {
      for (const name of SUBGRAPH_NAMES) await hub.restartSubgraph(name);
    }
    expect((await get(`${hub.url}/health`)).body.status).toBe('ok');
  });

  test('an event undelivered for longer than OUTBOX_STUCK_AFTER_MS makes its producer degraded, never unready, and ok again once it is out', async ({
    hub,
  }) => {
    const url = hub.subgraphs.personnel!.url;
    const db = hub.subgraphs.personnel!.orm.orm.em.getConnection();
    const stuckFor = hub.config.OUTBOX_STUCK_AFTER_MS / 1000;
    // just inside the bound: not stuck yet
    await db.execute(
      `insert into outbox_event (id, topic, payload, created_at, next_attempt_at)
       values ('00000000-0000-4000-8000-000000000013', 'personnel.teacherTransferred', '{}', now() - make_interval(secs => ?), now() + interval '1 hour')`,
      [stuckFor - 5],
    );
    try {
      expect((await get(`${url}/health`)).body.status).toBe('ok');
      await db.execute(
        "update outbox_event set created_at = now() - make_interval(secs => ?) where id = '00000000-0000-4000-8000-000000000013'",
        [stuckFor + 5],
      );
      const health = await get(`${url}/health`);
      expect(health).toMatchObject({ status: 503, body: { status: 'degraded' } });
      expect(health.body.checks.outbox).toContain('1 event(s) undelivered');
      expect((await get(`${url}/readyz`)).status).toBe(200);
    } finally {
      await db.execute("delete from outbox_event where id = '00000000-0000-4000-8000-000000000013'");
    }
    expect((await get(`${url}/health`)).body.status).toBe('ok');
  });
});
