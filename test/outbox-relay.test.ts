/**
 * The outbox relay with replicas (issue 13.5): two relays over one outbox never deliver the same event, each
 * studio's (here each teacher's) events go out in the order they were published, and an event that keeps failing
 * is parked where an operator sees it (`npm run outbox -- <subgraph> parked`, the parked-events metric) and can
 * retry it. Which events share an order is each topic's declared ordering key (issue 27.5, `orderedBy` in
 * lib/events/topics.ts). The consumer is a counting stand-in for studios' POST /events on a loopback port.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsOf } from '../lib/service/observability.ts';
import type { SubgraphOrm } from '../lib/data/orm.ts';
import { orderingKeyOf, outboxState, relayOnce, startRelay } from '../lib/events/outbox.ts';
import { ORDERING_FIELDS, TOPICS, type Topic } from '../lib/events/topics.ts';
import { Peers } from '../lib/service/peers.ts';
import { parkedEvents, retryParked } from '../scripts/outbox.ts';
import { freePort } from './support/ports.ts';
import { scratchDatabase } from './support/scratch-database.ts';

const TOPIC = 'personnel.teacherTransferred';
const TEACHERS = 8;
const PER_TEACHER = 6;

const database = scratchDatabase('studio-hub-relay-');
let consumer: Server;
let peers: Peers;
const orms: SubgraphOrm[] = [];
const secret = randomBytes(32).toString('hex');
/** Every delivery the consumer received, in arrival order; `failFor` answers 503 to those ids. */
const received: { id: string; topic: string; studioId?: string; teacherId?: string; seq: number }[] = [];
const failFor = new Set<string>();

beforeAll(async () => {
  // two replicas of personnel: two ORMs (two pools) over the same schema
  for (let i = 0; i < 2; i++) orms.push(await database.orm('personnel'));
  consumer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        id: string;
        topic: string;
        payload: { studioId?: string; teacherId?: string; seq: number };
      };
      if (failFor.has(event.id)) return res.writeHead(503).end('down for this one');
      received.push({ id: event.id, topic: event.topic, ...event.payload });
      // answer a little later, so the two relays overlap
      setTimeout(() => res.writeHead(200).end('{"ok":true}'), 5);
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => consumer.listen(port, '127.0.0.1', resolve));
  peers = new Peers(secret, 5_000);
  peers.locate({ studios: `http://127.0.0.1:${port}/graphql` });
}, 120_000);

afterAll(() => {
  consumer?.close();
});

const db = () => orms[0]!.orm.em.getConnection();
/** An event as `publish` leaves it in the outbox (its payload not checked: the stand-in consumer reads `seq`). */
async function insertEvent(topic: Topic, payload: Record<string, unknown>): Promise<string> {
  const id = randomUUID();
  await db().execute(
    'insert into outbox_event (id, topic, payload, created_at, next_attempt_at) values (?, ?, ?, clock_timestamp(), now())',
    [id, topic, JSON.stringify(payload)],
  );
  return id;
}
async function publishEvents(teachers: string[], perTeacher: number): Promise<string[]> {
  const ids: string[] = [];
  for (let seq = 0; seq < perTeacher; seq++)
    for (const teacherId of teachers) ids.push(await insertEvent(TOPIC, { teacherId, seq }));
  return ids;
}

describe('two relays over one outbox', () => {
  it('deliver every event exactly once, each teacher’s in the order published', async () => {
    const teachers = Array.from({ length: TEACHERS }, () => randomUUID());
    const ids = await publishEvents(teachers, PER_TEACHER);
    const relays = orms.map((orm) => startRelay(orm, secret, peers, { subgraph: 'personnel', maxAttempts: 5 }, 20));
    const deadline = Date.now() + 60_000;
    while (received.length < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await Promise.all(relays.map((r) => r.stop()));

    const perEvent = new Map<string, number>();
    for (const r of received) perEvent.set(r.id, (perEvent.get(r.id) ?? 0) + 1);
    expect(ids.map((id) => perEvent.get(id))).toEqual(ids.map(() => 1));
    expect(received).toHaveLength(ids.length);
    for (const teacherId of teachers)
      expect(received.filter((r) => r.teacherId === teacherId).map((r) => r.seq)).toEqual([...Array(PER_TEACHER).keys()]);
    const [{ delivered }] = await db().execute<{ delivered: number }[]>(
      'select count(*)::int as delivered from outbox_event where delivered_at is not null and attempts = 1',
    );
    expect(delivered).toBe(ids.length);
    console.log(`two relays: ${ids.length} events, deliveries per event: ${[...new Set(perEvent.values())].join(', ')}`);
  });
});

describe('an event that keeps failing', () => {
  it('is retried until OUTBOX_MAX_ATTEMPTS, then parked: listed, counted, holding back its teacher’s later events, and delivered once retried', async () => {
    received.length = 0;
    const teacher = randomUUID();
    const [first, second] = await publishEvents([teacher], 2);
    failFor.add(first!);
    const options = { subgraph: 'personnel' as const, maxAttempts: 3 };
    for (let attempt = 1; attempt <= 3; attempt++) {
      await db().execute('update outbox_event set next_attempt_at = now() where delivered_at is null');
      expect(await relayOnce(orms[attempt % 2]!, secret, peers, options)).toBe(0);
    }
    // parked after the third failure, not before; the second event waits behind it
    const parked = await parkedEvents(orms[0]!.pool()!);
    expect(parked).toEqual([expect.objectContaining({ id: first, topic: TOPIC, attempts: 3 })]);
    expect(parked[0]!.lastError).toContain('answered 503');
    expect(received).toEqual([]);
    expect(await outboxState(orms[0]!)).toMatchObject({ parked: 1, pending: 1 });
    await db().execute('update outbox_event set next_attempt_at = now() where delivered_at is null');
    expect(await relayOnce(orms[0]!, secret, peers, options)).toBe(0);
    const metrics = await metricsOf('personnel').registry.metrics();
    expect(metrics).toMatch(/hub_outbox_delivery_failures_total\{subgraph="personnel",topic="personnel.teacherTransferred"\} 3/);

    // the consumer is mended; the operator retries: both go out, in order
    failFor.clear();
    expect(await retryParked(orms[0]!.pool()!, first!)).toBe(1);
    expect(await retryParked(orms[0]!.pool()!, first!)).toBe(0); // not parked any more
    expect(await relayOnce(orms[1]!, secret, peers, options)).toBe(2);
    expect(received.map((r) => r.id)).toEqual([first, second]);
    expect(await parkedEvents(orms[0]!.pool()!)).toEqual([]);
  });
});

describe('each topic declares its ordering key (issue 27.5, `orderedBy` in lib/events/topics.ts)', () => {
  it('the key is a field of its payload, and the outbox key index reads it: no ordering field before it is in the payload', () => {
    for (const [topic, contract] of Object.entries(TOPICS)) {
      const fields = Object.keys(contract.payload.shape);
      expect(fields, topic).toContain(contract.orderedBy);
      const before = ORDERING_FIELDS.slice(0, ORDERING_FIELDS.indexOf(contract.orderedBy));
      expect(
        before.filter((field) => fields.includes(field)),
        topic,
      ).toEqual([]);
    }
  });

  it("an event's key is its topic's field (a member's failure is its studio's, a transfer its teacher's); an unknown topic's is its id", () => {
    const [studioId, teacherId, id] = [randomUUID(), randomUUID(), randomUUID()];
    expect(orderingKeyOf({ id, topic: 'evaluations.memberFailed', payload: { studioId, teacherId } })).toBe(studioId);
    expect(orderingKeyOf({ id, topic: 'personnel.teacherTransferred', payload: { teacherId } })).toBe(teacherId);
    expect(orderingKeyOf({ id, topic: 'nobody.knows', payload: { studioId, teacherId } })).toBe(id);
  });

  it("events of one key are delivered in the order published, whatever their topic; a failing event holds back only its key's later events", async () => {
    received.length = 0;
    const [studioA, studioB, teacher] = [randomUUID(), randomUUID(), randomUUID()];
    const firstOfA = await insertEvent('evaluations.evaluationCompleted', { studioId: studioA, seq: 0 });
    await insertEvent('evaluations.memberFailed', { studioId: studioB, teacherId: teacher, seq: 1 });
    await insertEvent('evaluations.memberFailed', { studioId: studioA, teacherId: teacher, seq: 2 });
    await insertEvent('personnel.teacherTransferred', { teacherId: teacher, seq: 3 });
    await insertEvent('evaluations.evaluationCompleted', { studioId: studioB, seq: 4 });
    await insertEvent('evaluations.evaluationCompleted', { studioId: studioA, seq: 5 });
    failFor.add(firstOfA);
    const options = { subgraph: 'personnel' as const, maxAttempts: 5 };

    // studio A's first event fails: A's later events wait, of either topic; studio B's and the teacher's go out,
    // B's member failure too though it names the teacher of A's (its key is its studio, not its teacher)
    expect(await relayOnce(orms[0]!, secret, peers, options)).toBe(3);
    expect(received.map((r) => r.seq)).toEqual([1, 3, 4]);

    failFor.clear();
    await db().execute('update outbox_event set next_attempt_at = now() where delivered_at is null');
    expect(await relayOnce(orms[1]!, secret, peers, options)).toBe(3);
    expect(received.filter((r) => r.studioId === studioA).map((r) => [r.topic, r.seq])).toEqual([
      ['evaluations.evaluationCompleted', 0],
      ['evaluations.memberFailed', 2],
      ['evaluations.evaluationCompleted', 5],
    ]);
  });
});
