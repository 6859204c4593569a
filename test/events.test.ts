import { randomUUID } from 'node:crypto';
import { expectTypeOf } from 'vitest';
import { consumedBy, publishedBy, SUBSCRIPTIONS, TOPICS, type HandlersOf, type PayloadOf } from '../lib/events/topics.ts';
import { publish, pruneEvents, signEvent } from '../lib/events/outbox.ts';
import { demoStudio, schools } from './support/demo.ts';
import type { SubgraphName } from '../lib/service/config.ts';
import { handlers as fundingHandlers } from '../subgraphs/funding/events.ts';
import { handlers as studiosHandlers } from '../subgraphs/studios/events.ts';
import { eventually } from './support/events.ts';
import { withLogs } from './support/logs.ts';
import { describe, expect, test, type TestHub } from './support/hub.ts';

/**
 * Events as a typed contract (lib/events/topics.ts): one zod schema per topic, shared by its publisher and its consumers;
 * `POST /events` refuses what the schema does not accept, visibly (a 4xx with a code), and the relay does not send
 * a refused event again.
 */

const hold = (studioId: string) => ({
  studioId,
  regionCode: '410422',
  hostSchoolId: randomUUID(),
  action: 'WITHHOLD',
  fromYear: 2027,
  toYear: 2027,
  reason: '2026 年年度考核不合格（测试）',
  evaluationId: randomUUID(),
});

const post = async (hub: TestHub, to: SubgraphName, body: string) => {
  const res = await fetch(`${hub.subgraphs[to]!.url}/events`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await signEvent(hub.config.GATEWAY_SECRET!, 'studios.fundingConsequence')}`,
    },
    body,
  });
  return { status: res.status, body: (await res.json()) as { code?: string; error?: string; ok?: boolean } };
};

const funding = (hub: TestHub) => hub.subgraphs.funding!.orm.orm.em.getConnection();
const holdsOf = async (hub: TestHub, studioId: string) =>
  (await funding(hub).execute<{ action: string }[]>('select action from funding_hold where studio_id = ?', [studioId])).length;

describe('events: one typed contract per topic (lib/events/topics.ts)', () => {
  test("a topic's publisher and its consumer share the payload type; subscriptions and handlers follow the contract", () => {
    expectTypeOf<Parameters<typeof publish<'studios.fundingConsequence'>>[2]>().toEqualTypeOf<
      PayloadOf<'studios.fundingConsequence'>
    >();
    expectTypeOf<Parameters<HandlersOf<'funding'>['studios.fundingConsequence']>[1]['payload']>().toEqualTypeOf<
      PayloadOf<'studios.fundingConsequence'>
    >();
    expectTypeOf<keyof HandlersOf<'studios'>>().toEqualTypeOf<
      'personnel.teacherTransferred' | 'evaluations.evaluationCompleted' | 'evaluations.memberFailed'
    >();
    expect(SUBSCRIPTIONS).toEqual({
      'personnel.teacherTransferred': ['studios'],
      'evaluations.evaluationCompleted': ['studios'],
      'evaluations.memberFailed': ['studios'],
      'studios.fundingConsequence': ['funding'],
    });
    expect(Object.keys(fundingHandlers).sort()).toEqual(consumedBy('funding').sort());
    expect(Object.keys(studiosHandlers).sort()).toEqual(consumedBy('studios').sort());
    expect(publishedBy('funding')).toEqual([]);
    expect(Object.values(TOPICS).every((t) => t.consumers.length > 0)).toBe(true);
  });

  test('publish() refuses a payload its topic does not accept, so the change it belongs to fails whole', async ({ hub }) => {
    const em = hub.subgraphs.studios!.orm.fork();
    const bad = { ...hold(randomUUID()), action: 'CANCEL' } as unknown as PayloadOf<'studios.fundingConsequence'>;
    await expect(em.transactional((tx) => publish(tx, 'studios.fundingConsequence', bad))).rejects.toThrow(/action/);
  });

  test('POST /events: a payload the schema refuses is 422 BAD_EVENT_PAYLOAD naming the field, and nothing is applied', async ({
    hub,
  }) => {
    const studioId = randomUUID();
    const { reason: _, ...noReason } = hold(studioId);
    const refused = await post(
      hub,
      'funding',
      JSON.stringify({ id: randomUUID(), topic: 'studios.fundingConsequence', payload: { ...noReason, fromYear: '2027' } }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('BAD_EVENT_PAYLOAD');
    expect(refused.body.error).toMatch(/reason/);
    expect(refused.body.error).toMatch(/fromYear/);
    expect(await holdsOf(hub, studioId)).toBe(0);
  });

  test('POST /events: not JSON or not an event is 400 BAD_EVENT; a topic the subgraph does not handle is 422 UNKNOWN_TOPIC', async ({
    hub,
  }) => {
    expect(await post(hub, 'funding', '{"id":')).toMatchObject({ status: 400, body: { code: 'BAD_EVENT' } });
    expect(await post(hub, 'funding', JSON.stringify({ id: 'x', topic: 'studios.fundingConsequence' }))).toMatchObject({
      status: 400,
      body: { code: 'BAD_EVENT' },
    });
    const elsewhere = JSON.stringify({ id: randomUUID(), topic: 'personnel.teacherTransferred', payload: {} });
    expect(await post(hub, 'funding', elsewhere)).toMatchObject({ status: 422, body: { code: 'UNKNOWN_TOPIC' } });
  });

  test('POST /events: a payload the schema accepts is applied once, a redelivery acknowledged without a second hold', async ({
    hub,
  }) => {
    const studioId = randomUUID();
    const event = JSON.stringify({ id: randomUUID(), topic: 'studios.fundingConsequence', payload: hold(studioId) });
    expect(await post(hub, 'funding', event)).toEqual({ status: 200, body: { ok: true } });
    expect(await post(hub, 'funding', event)).toEqual({ status: 200, body: { ok: true } });
    expect(await holdsOf(hub, studioId)).toBe(1);
  });

  test('the relay sends a refused event once and closes it with the refusal; the events after it still arrive', async ({
    hub,
  }) => {
    const studios = hub.subgraphs.studios!.orm.orm.em.getConnection();
    const [bad, good] = [randomUUID(), randomUUID()];
    const studioId = randomUUID();
    // written straight into the outbox, past publish()'s check, as an older or broken producer might
    const insert = `insert into outbox_event (id, topic, payload, created_at, next_attempt_at) values (?, 'studios.fundingConsequence', ?, clock_timestamp(), now())`;
    await studios.execute(insert, [bad, JSON.stringify({ ...hold(studioId), toYear: 'next' })]);
    await studios.execute(insert, [good, JSON.stringify(hold(studioId))]);
    const rows = () =>
      studios.execute<{ id: string; delivered: boolean; attempts: number; last_error: string | null }[]>(
        'select id, delivered_at is not null as delivered, attempts, last_error from outbox_event where id in (?, ?) order by created_at',
        [bad, good],
      );
    const after = await eventually(rows, (r) => r.every((e) => e.delivered));
    expect(after.map((e) => [e.id, e.delivered, e.attempts])).toEqual([
      [bad, true, 1],
      [good, true, 1],
    ]);
    expect(after[0]!.last_error).toMatch(/funding refused it \(422\).*BAD_EVENT_PAYLOAD.*toYear/);
    expect(after[1]!.last_error).toBeNull();
    expect(await holdsOf(hub, studioId)).toBe(1);
  });

  test('an event carries the request id of the change that published it: the consumer logs applying it under that id (one trace shows a change and its consequences)', async ({
    hub,
  }) => {
    const studio = demoStudio({ policyId: '000-pingdingshan', regionCode: '410422', status: 'RUNNING' });
    const to = schools.find((s) => s.regionCode === '410422' && s.id !== studio.hostSchoolId)!;
    await withLogs('info', async (logs) => {
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await hub.token({ level: 'CITY', region: '410400', roles: ['editor'] })}`,
          'x-request-id': 'req-transfer-trace',
        },
        body: JSON.stringify({
          query:
            'mutation ($t: ID!, $s: ID!) { transferTeacher(teacherId: $t, toSchoolId: $s, movedOn: "2026-09-01", reason: "工作调动") { id } }',
          variables: { t: studio.hostTeacherId, s: to.id },
        }),
      });
      expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
      const applied = async () =>
        logs.entries().filter((e) => e.msg === 'event' && e.service === 'studios' && e.topic === 'personnel.teacherTransferred');
      expect(await eventually(applied, (found) => found.length > 0)).toEqual([
        expect.objectContaining({ requestId: 'req-transfer-trace', applied: true }),
      ]);
    });
    const [row] = await hub.subgraphs
      .personnel!.orm.orm.em.getConnection()
      .execute<{ trace: { requestId?: string } }[]>(
        "select trace from outbox_event where payload->>'teacherId' = ? order by seq desc limit 1",
        [studio.hostTeacherId],
      );
    expect(row!.trace.requestId).toBe('req-transfer-trace');
  });

  test('delivered outbox rows and applied inbox rows are pruned once older than EVENT_RETENTION; newer ones, and undelivered ones however old, stay', async ({
    hub,
  }) => {
    const orm = hub.subgraphs.studios!.orm;
    const db = orm.orm.em.getConnection();
    const [oldDelivered, newDelivered, oldPending, oldInbox, newInbox] = Array.from({ length: 5 }, () => randomUUID());
    const outbox = `insert into outbox_event (id, topic, payload, created_at, next_attempt_at, delivered_at, parked_at)
      values (?, 'studios.fundingConsequence', ?, now() - interval '9 days', now(), ?::timestamptz, ?::timestamptz)`;
    const nineDaysAgo = new Date(Date.now() - 9 * 86_400_000).toISOString();
    const sixDaysAgo = new Date(Date.now() - 6 * 86_400_000).toISOString();
    await db.execute(outbox, [oldDelivered, JSON.stringify(hold(randomUUID())), nineDaysAgo, null]);
    await db.execute(outbox, [newDelivered, JSON.stringify(hold(randomUUID())), sixDaysAgo, null]);
    // parked, so the relay leaves it undelivered for the length of the test
    await db.execute(outbox, [oldPending, JSON.stringify(hold(randomUUID())), null, nineDaysAgo]);
    const inbox = `insert into inbox_event (id, topic, processed_at) values (?, 'personnel.teacherTransferred', ?::timestamptz)`;
    await db.execute(inbox, [oldInbox, nineDaysAgo]);
    await db.execute(inbox, [newInbox, sixDaysAgo]);
    const pruned = await pruneEvents(orm, 7 * 86_400, { outbox: true, inbox: true });
    expect(pruned.outbox).toBeGreaterThanOrEqual(1);
    expect(pruned.inbox).toBeGreaterThanOrEqual(1);
    const left = await db.execute<{ id: string }[]>(
      'select id from outbox_event where id in (?, ?, ?) union all select id from inbox_event where id in (?, ?)',
      [oldDelivered, newDelivered, oldPending, oldInbox, newInbox],
    );
    expect(left.map((r) => r.id).sort()).toEqual([newDelivered, oldPending, newInbox].sort());
    await db.execute('delete from outbox_event where id = ?', [oldPending]);
  });
});
