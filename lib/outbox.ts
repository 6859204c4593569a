import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { jwtVerify, SignJWT } from 'jose';
import type { SubgraphName } from './config.ts';
import { sendJson } from './http.ts';
import type { SubgraphOrm } from './orm.ts';
import { logger, outboxDeliveries, outboxFailures } from './observability.ts';
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

/** Outbox events that keep failing are parked (`parked_at`) for an operator: `npm run outbox`, a metric. */
export const OUTBOX_PARKING_SQL = [
  'alter table outbox_event add column parked_at timestamptz(3)',
  `create index outbox_event_key_idx on outbox_event ((${orderingKey('outbox_event')}), created_at, id) where delivered_at is null`,
];

/**
 * The events that must reach consumers in order share a key: one studio's (or, for a transfer, one teacher's).
 * Events of different keys may go out side by side, from several relays.
 */
function orderingKey(table: string): string {
  return `coalesce(${table}.payload->>'studioId', ${table}.payload->>'teacherId', ${table}.id::text)`;
}

export interface RelayOptions {
  /** The producing subgraph, for metrics and logs. */
  subgraph: SubgraphName;
  /** After this many failed deliveries an event is parked until an operator retries it. */
  maxAttempts: number;
}

/**
 * Claims the oldest due event whose key has no earlier undelivered one, so that two relays (two replicas of a
 * subgraph) never deliver the same event at once and one studio's events go out in order. The claim is one
 * statement (`for update skip locked`: a relay never waits for another's lock) that moves the event's next attempt
 * past the delivery's timeout: no transaction stays open, and no connection is held, while the consumer answers;
 * a relay that dies mid-delivery leaves the event to be claimed again once that lease has passed.
 */
async function claim(orm: SubgraphOrm, leaseSeconds: number) {
  const [event] = await orm.orm.em.getConnection().execute<Claimed[]>(
    `update outbox_event set next_attempt_at = now() + make_interval(secs => ?)
     where id = (
       select e.id from outbox_event e
       where e.delivered_at is null and e.parked_at is null and e.next_attempt_at <= now()
         and not exists (
           select 1 from outbox_event p
           where p.delivered_at is null and ${orderingKey('p')} = ${orderingKey('e')} and (p.created_at, p.id) < (e.created_at, e.id)
         )
       order by e.created_at, e.id
       limit 1
       for update skip locked
     )
     returning id, topic, payload, attempts`,
    [leaseSeconds],
  );
  return event;
}
interface Claimed {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
}

async function deliver(event: Claimed, secret: string, peers: Peers): Promise<void> {
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
}

/** Delivers due events until none is left to claim (at most `limit`); returns how many were delivered. */
export async function relayOnce(
  orm: SubgraphOrm,
  secret: string,
  peers: Peers,
  options: RelayOptions,
  limit = 50,
): Promise<number> {
  const db = orm.orm.em.getConnection();
  const leaseSeconds = Math.ceil(peers.timeoutMs / 1000) + 5;
  let delivered = 0;
  for (let i = 0; i < limit; i++) {
    const event = await claim(orm, leaseSeconds);
    if (!event) break;
    try {
      await deliver(event, secret, peers);
      await db.execute('update outbox_event set delivered_at = now(), attempts = attempts + 1 where id = ?', [event.id]);
      outboxDeliveries.inc({ subgraph: options.subgraph, topic: event.topic });
      delivered++;
    } catch (error) {
      // back off: 1 s, 2 s, 4 s … up to a minute; parked after maxAttempts, holding back its key's later events
      const attempts = event.attempts + 1;
      const park = attempts >= options.maxAttempts;
      outboxFailures.inc({ subgraph: options.subgraph, topic: event.topic });
      logger(options.subgraph).warn(
        { eventId: event.id, topic: event.topic, attempts, parked: park, error: (error as Error).message.slice(0, 300) },
        'outbox delivery failed',
      );
      await db.execute(
        `update outbox_event set attempts = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?),
           parked_at = case when ? then now() end
         where id = ?`,
        [attempts, (error as Error).message.slice(0, 500), Math.min(60, 2 ** event.attempts), park, event.id],
      );
    }
  }
  return delivered;
}

/** What the gauges read (lib/observability.ts): undelivered events, the oldest one's age, parked ones. */
export async function outboxState(orm: SubgraphOrm): Promise<{ pending: number; oldestSeconds: number; parked: number }> {
  const [row] = await orm.orm.em.getConnection().execute<{ pending: number; oldest: number; parked: number }[]>(
    `select count(*) filter (where parked_at is null)::int as pending,
       coalesce(extract(epoch from now() - min(created_at) filter (where parked_at is null)), 0)::float8 as oldest,
       count(*) filter (where parked_at is not null)::int as parked
     from outbox_event where delivered_at is null`,
  );
  return { pending: row!.pending, oldestSeconds: row!.oldest, parked: row!.parked };
}

/** Runs the relay until stopped: every `intervalMs`, and at once when nudged after a publish. */
export function startRelay(orm: SubgraphOrm, secret: string, peers: Peers, options: RelayOptions, intervalMs = 500) {
  let stopped = false;
  let running: Promise<unknown> | null = null;
  const tick = () => {
    // one pass at a time in this process; other replicas' relays claim other events
    if (stopped || running) return;
    running = relayOnce(orm, secret, peers, options)
      .catch((error: Error) => logger(options.subgraph).error({ error: error.message }, 'outbox relay'))
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
