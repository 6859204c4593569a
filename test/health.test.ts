/**
 * Health that tells the truth (issue 13): /livez says the process answers, /readyz that it can do its work (its
 * database, the peers it asks or sends events to, an outbox that is not stuck), /health keeps its meaning for
 * people (the database answers; at the gateway, every subgraph's).
 */
import { describe, expect, test } from './support/hub.ts';

const get = async (url: string) => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as { status: string; checks?: Record<string, string> } };
};

describe('liveness and readiness', () => {
  test('a subgraph is ready with its database and the peers it needs; the gateway with every subgraph alive', async ({ hub }) => {
    const studios = await get(`${hub.subgraphs.studios!.url}/readyz`);
    expect(studios).toEqual({
      status: 200,
      body: {
        status: 'ready',
        subgraph: 'studios',
        checks: { database: 'ok', 'peer:evaluations': 'ok', 'peer:funding': 'ok', 'peer:personnel': 'ok', outbox: 'ok' },
      },
    });
    // funding asks studios and publishes nothing
    expect((await get(`${hub.subgraphs.funding!.url}/readyz`)).body.checks).toEqual({ database: 'ok', 'peer:studios': 'ok' });
    expect((await get(`${hub.url}/readyz`)).status).toBe(200);
    expect((await get(`${hub.url}/livez`)).status).toBe(200);
  });

  test('with funding down, studios (whose events go to funding) is alive but not ready, and /health still says its database answers', async ({
    hub,
  }) => {
    await hub.subgraphs.funding!.close();
    try {
      const ready = await get(`${hub.subgraphs.studios!.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.body.status).toBe('not ready');
      expect(ready.body.checks!['peer:funding']).not.toBe('ok');
      expect(ready.body.checks!.database).toBe('ok');
      expect((await get(`${hub.subgraphs.studios!.url}/livez`)).status).toBe(200);
      expect(await get(`${hub.subgraphs.studios!.url}/health`)).toMatchObject({ status: 200, body: { status: 'ok' } });
      // personnel sends only to studios: still ready
      expect((await get(`${hub.subgraphs.personnel!.url}/readyz`)).status).toBe(200);
      const gateway = await get(`${hub.url}/readyz`);
      expect(gateway.status).toBe(503);
      expect(gateway.body).toMatchObject({ subgraphs: { funding: 'down', studios: 'ok' } });
    } finally {
      await hub.restartSubgraph('funding');
    }
    expect((await get(`${hub.subgraphs.studios!.url}/readyz`)).status).toBe(200);
  });

  test('an event undelivered for longer than OUTBOX_STUCK_AFTER_MS makes its producer not ready, and ready again once it is out', async ({
    hub,
  }) => {
    const db = hub.subgraphs.personnel!.orm.orm.em.getConnection();
    const stuckFor = hub.config.OUTBOX_STUCK_AFTER_MS / 1000;
    // just inside the bound: not stuck yet
    await db.execute(
      `insert into outbox_event (id, topic, payload, created_at, next_attempt_at)
       values ('00000000-0000-4000-8000-000000000013', 'personnel.teacherTransferred', '{}', now() - make_interval(secs => ?), now() + interval '1 hour')`,
      [stuckFor - 5],
    );
    try {
      expect((await get(`${hub.subgraphs.personnel!.url}/readyz`)).status).toBe(200);
      await db.execute(
        "update outbox_event set created_at = now() - make_interval(secs => ?) where id = '00000000-0000-4000-8000-000000000013'",
        [stuckFor + 5],
      );
      const ready = await get(`${hub.subgraphs.personnel!.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(ready.body.checks!.outbox).toContain('1 event(s) undelivered');
    } finally {
      await db.execute("delete from outbox_event where id = '00000000-0000-4000-8000-000000000013'");
    }
    expect((await get(`${hub.subgraphs.personnel!.url}/readyz`)).status).toBe(200);
  });
});
