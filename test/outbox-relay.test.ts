/**
 * The outbox relay with replicas (issue 13.5): two relays over one outbox never deliver the same event, each
 * studio's (here each teacher's) events go out in the order they were published, and an event that keeps failing
 * is parked where an operator sees it (`npm run outbox -- <subgraph> parked`, the parked-events metric) and can
 * retry it. The consumer is a counting stand-in for studios' POST /events on a loopback port.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsOf } from '../lib/service/observability.ts';
import type { SubgraphOrm } from '../lib/data/orm.ts';
import { outboxState, relayOnce, startRelay } from '../lib/events/outbox.ts';
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
const received: { id: string; teacherId: string; seq: number }[] = [];
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
        payload: { teacherId: string; seq: number };
      };
      if (failFor.has(event.id)) return res.writeHead(503).end('down for this one');
      received.push({ id: event.id, teacherId: event.payload.teacherId, seq: event.payload.seq });
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
async function publishEvents(teachers: string[], perTeacher: number): Promise<string[]> {
  const ids: string[] = [];
  for (let seq = 0; seq < perTeacher; seq++)
    for (const teacherId of teachers) {
      const id = randomUUID();
      ids.push(id);
      await db().execute(
        'insert into outbox_event (id, topic, payload, created_at, next_attempt_at) values (?, ?, ?, clock_timestamp(), now())',
        [id, TOPIC, JSON.stringify({ teacherId, seq })],
      );
    }
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
