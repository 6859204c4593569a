import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { jwtVerify, SignJWT } from 'jose';
import type { SubgraphName } from './config.ts';
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

export interface Event<P = Record<string, unknown>> {
  id: string;
  topic: string;
  payload: P;
}

/** Which subgraphs receive which topics. */
export const SUBSCRIPTIONS: Record<string, SubgraphName[]> = {
  'personnel.teacherTransferred': ['studios'],
  'evaluations.evaluationCompleted': ['studios'],
  'studios.fundingConsequence': ['funding'],
};

/** Records an event in the producer's transaction. */
export async function publish(em: EntityManager, topic: string, payload: Record<string, unknown>): Promise<string> {
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
      for (const consumer of SUBSCRIPTIONS[event.topic] ?? []) {
        const url = peers.urlOf(consumer);
        if (!url) throw new Error(`no address for ${consumer}`);
        const token = await new SignJWT({ topic: event.topic })
          .setProtectedHeader({ alg: 'HS256' })
          .setAudience(EVENT_AUDIENCE)
          .setExpirationTime('60s')
          .sign(key(secret));
        const res = await fetch(url.replace(/\/graphql$/, '/events'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ id: event.id, topic: event.topic, payload: event.payload }),
          signal: AbortSignal.timeout(peers.timeoutMs),
        });
        if (!res.ok) throw new Error(`${consumer} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      }
      await em
        .getConnection()
        .execute('update outbox_event set delivered_at = now(), attempts = attempts + 1 where id = ?', [event.id]);
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

export type EventHandler = (em: EntityManager, event: Event) => Promise<void>;

/** The consumer's `POST /events`: verify, then handle each event once, in one transaction with its inbox row. */
export function eventsRoute(orm: SubgraphOrm, secret: string, handlers: Record<string, EventHandler>) {
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
    const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Event;
    const handler = handlers[event.topic];
    if (!handler) return sendJson(res, 422, { error: `no handler for ${event.topic}` });
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
