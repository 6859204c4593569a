import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { isTopic, readPayload, SUBSCRIPTIONS, TOPICS, type Event, type Handlers, type PayloadOf, type Topic } from './events.ts';
import { sendJson } from './http.ts';
import type { SubgraphOrm } from './orm.ts';
import type { Peers } from './peers.ts';

/**
 * Consequences that cross subgraphs, never lost and applied once. The producer writes its change and an event
 * to its own `outbox_event` table in one transaction (no dual write); a relay in the producing process delivers
 * each event to the subscribed subgraphs' `POST /events` until they answer 2xx (at least once, with back-off);
 * each consumer records the event id in its `inbox_event` table in the same transaction as its handler, so a
 * redelivered event is acknowledged without being applied again. A consumer that is down simply receives the
 * event when it is back. At larger scale the relay can publish to a broker (Kafka, NATS) instead: the tables
 * and the idempotent handlers stay as they are.
 */
export const OUTBOX_TABLE_SQL = [
  `create table outbox_event (
    id uuid primary key,
    topic text not null,
    payload jsonb not null,
    created_at timestamptz(3) not null,
    delivered_at timestamptz(3),
    attempts int not null default 0,
    next_attempt_at timestamptz(3) not null,
    last_error text
  )`,
  'create index outbox_event_pending_idx on outbox_event (next_attempt_at) where delivered_at is null',
];
export const INBOX_TABLE_SQL = [
  `create table inbox_event (
    id uuid primary key,
    topic text not null,
    processed_at timestamptz(3) not null
  )`,
];

/**
 * Records an event in the producer's transaction, its payload checked against the topic's schema (lib/events.ts):
 * a payload the consumers would refuse fails the producer's change instead.
 */
export async function publish<T extends Topic>(em: EntityManager, topic: T, payload: PayloadOf<T>): Promise<string> {
  TOPICS[topic].payload.parse(payload);
  const id = randomUUID();
  await em
    .getConnection()
    .execute(
      'insert into outbox_event (id, topic, payload, created_at, next_attempt_at) values (?, ?, ?, clock_timestamp(), now())',
      [id, topic, JSON.stringify(payload)],
      'run',
      em.getTransactionContext(),
    );
  return id;
}

const key = (secret: string) => new TextEncoder().encode(secret);
const EVENT_AUDIENCE = 'studio-hub-events';

/** The hub's signature on one delivery, which `POST /events` asks for. */
export const signEvent = (secret: string, topic: string) =>
  new SignJWT({ topic })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(EVENT_AUDIENCE)
    .setExpirationTime('60s')
    .sign(key(secret));

/** Delivers pending events; returns how many were delivered. */
export async function relayOnce(orm: SubgraphOrm, secret: string, peers: Peers): Promise<number> {
  const em = orm.fork();
  const pending = await em
    .getConnection()
    .execute<{ id: string; topic: string; payload: Record<string, unknown>; attempts: number; due: boolean }[]>(
      'select id, topic, payload, attempts, next_attempt_at <= now() as due from outbox_event where delivered_at is null order by created_at, id limit 50',
    );
  let delivered = 0;
  // in the order they were published: an event waiting to be retried holds back those after it, so a consumer
  // never applies a later consequence before an earlier one (a 二次评估 pass before the creation failure)
  for (const event of pending) {
    if (!event.due) break;
    try {
      const refusals: string[] = [];
      for (const consumer of isTopic(event.topic) ? SUBSCRIPTIONS[event.topic] : []) {
        const url = peers.urlOf(consumer);
        if (!url) throw new Error(`no address for ${consumer}`);
        const token = await signEvent(secret, event.topic);
        const res = await fetch(url.replace(/\/graphql$/, '/events'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ id: event.id, topic: event.topic, payload: event.payload }),
          signal: AbortSignal.timeout(peers.timeoutMs),
        });
        // a refusal (400, 422: an event the consumer can never apply) is final: logged and kept, not retried
        if (REFUSED.has(res.status)) refusals.push(`${consumer} refused it (${res.status}): ${(await res.text()).slice(0, 300)}`);
        else if (!res.ok) throw new Error(`${consumer} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      }
      if (refusals.length) console.error(`outbox relay: event ${event.id} (${event.topic}) ${refusals.join('; ')}`);
      await em
        .getConnection()
        .execute('update outbox_event set delivered_at = now(), attempts = attempts + 1, last_error = ? where id = ?', [
          refusals.length ? refusals.join('; ').slice(0, 500) : null,
          event.id,
        ]);
      delivered++;
    } catch (error) {
      // back off: 1 s, 2 s, 4 s … up to a minute
      const delay = Math.min(60, 2 ** event.attempts);
      await em
        .getConnection()
        .execute(
          `update outbox_event set attempts = attempts + 1, last_error = ?, next_attempt_at = now() + interval '${delay} seconds' where id = ?`,
          [(error as Error).message.slice(0, 500), event.id],
        );
      break;
    }
  }
  return delivered;
}

/** Runs the relay until stopped: every `intervalMs`, and at once when nudged after a publish. */
export function startRelay(orm: SubgraphOrm, secret: string, peers: Peers, intervalMs = 500) {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const tick = () => {
    // one pass at a time: a consumer slow to answer is not sent the same event again meanwhile
    if (stopped || running) return;
    running = relayOnce(orm, secret, peers)
      .catch((error: Error) => console.error(`outbox relay: ${error.message}`))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  return {
    nudge: tick,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** The answers by which a consumer refuses an event for good: it is malformed, or of a topic it does not handle. */
const REFUSED = new Set([400, 422]);

const envelope = z.object({ id: z.guid(), topic: z.string(), payload: z.unknown() });

/** Refuses an event visibly: a 4xx with a stable code, and a line in the consumer's log. */
function refuse(res: ServerResponse, status: 400 | 422, code: string, message: string) {
  const error = message.replaceAll(/\s*\n\s*/g, ' ');
  console.error(`events: refused (${code}) ${error}`);
  sendJson(res, status, { code, error });
}

/**
 * The consumer's `POST /events`: verify, check the event against its topic's schema (lib/events.ts), then handle
 * each event once, in one transaction with its inbox row. An event that is not JSON, or without an id and a topic,
 * is `BAD_EVENT` (400); one of a topic this subgraph does not handle `UNKNOWN_TOPIC` (422); a payload its topic's
 * schema refuses `BAD_EVENT_PAYLOAD` (422), naming the fields. The relay does not send a refused event again.
 */
export function eventsRoute(orm: SubgraphOrm, secret: string, handlers: Handlers) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await jwtVerify(/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '', key(secret), {
        audience: EVENT_AUDIENCE,
      });
    } catch {
      return sendJson(res, 401, { error: "events need the hub's signature" });
    }
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return refuse(res, 400, 'BAD_EVENT', 'the body is not JSON');
    }
    const read = envelope.safeParse(body);
    if (!read.success) return refuse(res, 400, 'BAD_EVENT', `not an event: ${z.prettifyError(read.error)}`);
    const { id, topic } = read.data;
    const handler = isTopic(topic)
      ? (handlers[topic] as ((em: EntityManager, e: Event) => Promise<void>) | undefined)
      : undefined;
    if (!isTopic(topic) || !handler)
      return refuse(res, 422, 'UNKNOWN_TOPIC', `event ${id}: no handler for ${topic.slice(0, 100)}`);
    const payload = readPayload(topic, read.data.payload);
    if (!payload.success)
      return refuse(res, 422, 'BAD_EVENT_PAYLOAD', `event ${id} (${topic}): ${z.prettifyError(payload.error)}`);
    const event: Event = { id, topic, payload: payload.data };
    await orm.fork().transactional(async (tx) => {
      const fresh = await tx
        .getConnection()
        .execute(
          'insert into inbox_event (id, topic, processed_at) values (?, ?, now()) on conflict (id) do nothing',
          [event.id, event.topic],
          'run',
          tx.getTransactionContext(),
        );
      if ((fresh as { affectedRows?: number }).affectedRows === 0) return; // seen before: acknowledge, do not apply again
      await handler(tx, event);
    });
    sendJson(res, 200, { ok: true });
  };
}
