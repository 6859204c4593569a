import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import {
  isTopic,
  ORDERING_FIELDS,
  readPayload,
  SUBSCRIPTIONS,
  TOPICS,
  type Event,
  type Handlers,
  type PayloadOf,
  type Topic,
} from './topics.ts';
import { sendJson } from '../http/server.ts';
import type { SubgraphName } from '../service/config.ts';
import type { SubgraphOrm } from '../data/orm.ts';
import { countReceived, currentTrace, logger, metricsOf, withinTrace, type Trace } from '../service/observability.ts';
import type { Peers } from '../service/peers.ts';

/**
 * Consequences that cross subgraphs, never lost and applied once. The producer writes its change and an event
 * to its own `outbox_event` table in one transaction (no dual write); a relay in the producing process delivers
 * each event to the subscribed subgraphs' `POST /events` until they answer 2xx (at least once, with back-off);
 * each consumer records the event id in its `inbox_event` table in the same transaction as its handler, so a
 * redelivered event is acknowledged without being applied again. A consumer that is down simply receives the
 * event when it is back. Across machines the relay can publish to NATS JetStream instead (NATS_URL, lib/events/nats.ts):
 * the tables, the inbox and the handlers stay as they are (`receiveEvent`).
 */

/**
 * Records an event in the producer's transaction, its payload checked against the topic's schema (lib/events/topics.ts):
 * a payload the consumers would refuse fails the producer's change instead.
 */
export async function publish<T extends Topic>(em: EntityManager, topic: T, payload: PayloadOf<T>): Promise<string> {
  TOPICS[topic].payload.parse(payload);
  const id = randomUUID();
  await em
    .getConnection()
    .execute(
      'insert into outbox_event (id, topic, payload, created_at, next_attempt_at, trace) values (?, ?, ?, clock_timestamp(), now(), ?)',
      [id, topic, JSON.stringify(payload), JSON.stringify(currentTrace())],
      'run',
      em.getTransactionContext(),
    );
  return id;
}

const key = (secret: string) => new TextEncoder().encode(secret);
const EVENT_AUDIENCE = 'studio-hub-events';

/**
 * The events that must reach consumers in order share a key, the value of the field their topic is `orderedBy`
 * (lib/events/topics.ts): one studio's, or, for a transfer, one teacher's. Events of different keys may go out side
 * by side, from several relays. In SQL the key is the expression of the outbox_event_key_idx index (the
 * outbox-parking migrations), which reads the topics' fields in ORDERING_FIELDS's order, so each key is a range scan.
 */
function orderingKey(table: string): string {
  return `coalesce(${ORDERING_FIELDS.map((field) => `${table}.payload->>'${field}'`).join(', ')}, ${table}.id::text)`;
}
/** The key of one event, from its topic's declaration, for the NATS subject it is published on (lib/events/nats.ts). */
export function orderingKeyOf(event: { id: string; topic: string; payload: Record<string, unknown> }): string {
  return String((isTopic(event.topic) ? event.payload[TOPICS[event.topic].orderedBy] : undefined) ?? event.id);
}

export interface RelayOptions {
  /** The producing subgraph, for metrics and logs. */
  subgraph: SubgraphName;
  /** After this many failed deliveries an event is parked until an operator retries it. */
  maxAttempts: number;
  /** With NATS_URL: events go to JetStream (lib/events/nats.ts) instead of each subscriber's `POST /events`. */
  nats?: { publish(event: Claimed): Promise<void> };
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
           where p.delivered_at is null and ${orderingKey('p')} = ${orderingKey('e')} and p.seq < e.seq
         )
       order by e.seq
       limit 1
       for update skip locked
     )
     returning id, topic, payload, attempts, trace`,
    [leaseSeconds],
  );
  return event;
}
export interface Claimed {
  id: string;
  topic: string;
  payload: Record<string, unknown>;
  attempts: number;
  /** The request that published it (id, W3C trace context), carried to the consumer. */
  trace: Trace | null;
}

/** What goes over the wire for one event (HTTP body or NATS message). */
export const envelopeOf = (event: Pick<Claimed, 'id' | 'topic' | 'payload'> & { trace?: Trace | null }) =>
  JSON.stringify({ id: event.id, topic: event.topic, payload: event.payload, trace: event.trace ?? undefined });

/** The hub's signature on one delivery, which `POST /events` asks for. */
export const signEvent = (secret: string, topic: string) =>
  new SignJWT({ topic })
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(EVENT_AUDIENCE)
    .setExpirationTime('60s')
    .sign(key(secret));

/**
 * Sends one event to every subscriber; throws when one cannot take it now (to be retried). Returns the refusals:
 * a 400 or 422 answer is an event the consumer can never apply, final, logged and kept, not retried.
 */
async function deliver(event: Claimed, secret: string, peers: Peers): Promise<string[]> {
  const refusals: string[] = [];
  for (const consumer of isTopic(event.topic) ? SUBSCRIPTIONS[event.topic] : []) {
    const url = peers.urlOf(consumer);
    if (!url) throw new Error(`no address for ${consumer}`);
    const res = await fetch(url.replace(/\/graphql$/, '/events'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await signEvent(secret, event.topic)}` },
      body: envelopeOf(event),
      signal: AbortSignal.timeout(peers.timeoutMs),
    });
    if (REFUSED.has(res.status)) refusals.push(`${consumer} refused it (${res.status}): ${(await res.text()).slice(0, 300)}`);
    else if (!res.ok) throw new Error(`${consumer} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  }
  return refusals;
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
      // JetStream takes every event (its consumers refuse what they cannot apply); HTTP subscribers may refuse it here
      const refusals = options.nats ? (await options.nats.publish(event), []) : await deliver(event, secret, peers);
      if (refusals.length)
        logger(options.subgraph).error({ eventId: event.id, topic: event.topic, refusals }, 'outbox event refused');
      await db.execute('update outbox_event set delivered_at = now(), attempts = attempts + 1, last_error = ? where id = ?', [
        refusals.length ? refusals.join('; ').slice(0, 500) : null,
        event.id,
      ]);
      metricsOf(options.subgraph).outboxDeliveries.inc({
        subgraph: options.subgraph,
        topic: event.topic,
        via: options.nats ? 'nats' : 'http',
      });
      delivered++;
    } catch (error) {
      // back off: 1 s, 2 s, 4 s … up to a minute; parked after maxAttempts, holding back its key's later events
      const attempts = event.attempts + 1;
      const park = attempts >= options.maxAttempts;
      metricsOf(options.subgraph).outboxFailures.inc({ subgraph: options.subgraph, topic: event.topic });
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

/** What the gauges read (lib/service/observability.ts): undelivered events, the oldest one's age, parked ones. */
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

/** The answers by which a consumer refuses an event for good: it is malformed, or of a topic it does not handle. */
const REFUSED = new Set([400, 422]);

const envelope = z.object({
  id: z.guid(),
  topic: z.string(),
  payload: z.unknown(),
  trace: z
    .object({ requestId: z.string().max(128), traceparent: z.string().max(256), tracestate: z.string().max(512) })
    .partial()
    .nullish(),
});

/** What a consumer made of one event: applied (or seen before), or refused for good with a stable code. */
export type Received =
  | { status: 200; applied: boolean }
  | { status: 400 | 422; code: 'BAD_EVENT' | 'UNKNOWN_TOPIC' | 'BAD_EVENT_PAYLOAD'; error: string };

/**
 * How a consumer takes one event, whichever way it came (`POST /events` or NATS, lib/events/nats.ts): check it against its
 * topic's schema (lib/events/topics.ts), then handle it once, in one transaction with its inbox row. An event that is not
 * JSON, or without an id and a topic, is `BAD_EVENT`; one of a topic this subgraph does not handle `UNKNOWN_TOPIC`;
 * a payload its topic's schema refuses `BAD_EVENT_PAYLOAD`, naming the fields. Throws when it cannot be applied now
 * (to be sent again).
 */
export async function receiveEvent(
  orm: SubgraphOrm,
  handlers: Handlers,
  body: string,
  subgraph: SubgraphName,
): Promise<Received> {
  const refused = (status: 400 | 422, code: 'BAD_EVENT' | 'UNKNOWN_TOPIC' | 'BAD_EVENT_PAYLOAD', message: string) => {
    const error = message.replaceAll(/\s*\n\s*/g, ' ');
    logger(subgraph).error({ code, error }, 'event refused');
    return { status, code, error } as const;
  };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return refused(400, 'BAD_EVENT', 'the body is not JSON');
  }
  const read = envelope.safeParse(json);
  if (!read.success) return refused(400, 'BAD_EVENT', `not an event: ${z.prettifyError(read.error)}`);
  const { id, topic } = read.data;
  const handler = isTopic(topic) ? (handlers[topic] as ((em: EntityManager, e: Event) => Promise<void>) | undefined) : undefined;
  if (!isTopic(topic) || !handler) return refused(422, 'UNKNOWN_TOPIC', `event ${id}: no handler for ${topic.slice(0, 100)}`);
  const payload = readPayload(topic, read.data.payload);
  if (!payload.success) return refused(422, 'BAD_EVENT_PAYLOAD', `event ${id} (${topic}): ${z.prettifyError(payload.error)}`);
  const event: Event = { id, topic, payload: payload.data };
  const applied = await withinTrace(subgraph, `event ${topic}`, read.data.trace, () =>
    orm
      .fork()
      .transactional(async (tx) => {
        const fresh = await tx
          .getConnection()
          .execute(
            'insert into inbox_event (id, topic, processed_at) values (?, ?, now()) on conflict (id) do nothing',
            [event.id, event.topic],
            'run',
            tx.getTransactionContext(),
          );
        if ((fresh as { affectedRows?: number }).affectedRows === 0) return false; // seen before: acknowledge, do not apply again
        await handler(tx, event);
        return true;
      })
      .then((applied) => {
        // under the publishing request's id: one id finds a change and its consequences in every service's log
        logger(subgraph).info({ requestId: currentTrace().requestId, eventId: id, topic, applied }, 'event');
        return applied;
      }),
  );
  return { status: 200, applied };
}

/**
 * The consumer's `POST /events`: verify the hub's signature, then `receiveEvent`. A refused event is answered with
 * its 4xx and code, and the relay does not send it again.
 */
export function eventsRoute(orm: SubgraphOrm, secret: string, handlers: Handlers, subgraph: SubgraphName) {
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
    const received = await receiveEvent(orm, handlers, Buffer.concat(chunks).toString('utf8'), subgraph);
    countReceived(subgraph, 'http', received);
    if (received.status !== 200) return sendJson(res, received.status, { code: received.code, error: received.error });
    sendJson(res, 200, { ok: true });
  };
}

/**
 * A received event that could not be applied after `attempts` deliveries (over NATS, where the consumer decides):
 * kept in `parked_event` as it came, for an operator to see and retry (`npm run outbox`), so that it stops holding
 * back its topic.
 */
export async function parkReceived(orm: SubgraphOrm, body: string, attempts: number, error: unknown): Promise<void> {
  const read = envelope.safeParse(JSON.parse(body));
  if (!read.success) return;
  await orm.orm.em.getConnection().execute(
    `insert into parked_event (id, topic, body, attempts, parked_at, last_error) values (?, ?, ?, ?, now(), ?)
     on conflict (id) do update set attempts = excluded.attempts, parked_at = now(), last_error = excluded.last_error, retry_at = null`,
    [read.data.id, read.data.topic, body, attempts, (error as Error).message?.slice(0, 500) ?? String(error)],
  );
}

/** Applies the parked received events an operator asked for again; one that fails again stays parked. */
async function retryParkedReceived(orm: SubgraphOrm, handlers: Handlers, subgraph: SubgraphName): Promise<number> {
  const db = orm.orm.em.getConnection();
  const due = await db.execute<{ id: string; body: string }[]>(
    'select id, body from parked_event where retry_at is not null and retry_at <= now() order by parked_at limit 50',
  );
  let applied = 0;
  for (const { id, body } of due) {
    try {
      await receiveEvent(orm, handlers, body, subgraph);
      await db.execute('delete from parked_event where id = ?', [id]);
      applied++;
    } catch (error) {
      await db.execute('update parked_event set retry_at = null, attempts = attempts + 1, last_error = ? where id = ?', [
        (error as Error).message.slice(0, 500),
        id,
      ]);
    }
  }
  return applied;
}

/**
 * Delivered outbox rows and applied inbox rows older than the retention are deleted. An inbox row must outlive
 * any redelivery of its event (the relay's lease, JetStream's redeliveries): days, where those take minutes.
 */
export async function pruneEvents(
  orm: SubgraphOrm,
  retentionSeconds: number,
  tables: { outbox: boolean; inbox: boolean },
): Promise<{ outbox: number; inbox: number }> {
  const db = orm.orm.em.getConnection();
  const prune = async (sql: string) =>
    ((await db.execute(sql, [retentionSeconds], 'run')) as { affectedRows?: number }).affectedRows ?? 0;
  return {
    outbox: tables.outbox ? await prune('delete from outbox_event where delivered_at < now() - make_interval(secs => ?)') : 0,
    inbox: tables.inbox ? await prune('delete from inbox_event where processed_at < now() - make_interval(secs => ?)') : 0,
  };
}

/** Every `intervalMs`: parked received events an operator retried are applied; every hour old rows are pruned. */
export function startHousekeeping(
  orm: SubgraphOrm,
  options: { subgraph: SubgraphName; handlers?: Handlers; publishes: boolean; retentionSeconds: number },
  intervalMs = 1_000,
) {
  let running: Promise<unknown> | null = null;
  let lastPruned = 0;
  const tick = () => {
    if (running) return;
    running = (async () => {
      if (options.handlers) await retryParkedReceived(orm, options.handlers, options.subgraph);
      if (Date.now() - lastPruned >= 3_600_000) {
        lastPruned = Date.now();
        const pruned = await pruneEvents(orm, options.retentionSeconds, {
          outbox: options.publishes,
          inbox: !!options.handlers,
        });
        if (pruned.outbox + pruned.inbox) logger(options.subgraph).info(pruned, 'events pruned');
      }
    })()
      .catch((error: Error) => logger(options.subgraph).error({ error: error.message }, 'event housekeeping'))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, intervalMs);
  tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
