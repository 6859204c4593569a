import { setTimeout as sleep } from 'node:timers/promises';
import {
  AckPolicy,
  connect,
  DeliverPolicy,
  Events,
  nanos,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import type { SubgraphName } from '../service/config.ts';
import type { Handlers, Topic } from './topics.ts';
import { countReceived, logger } from '../service/observability.ts';
import { envelopeOf, orderingKeyOf, parkReceived, receiveEvent, type Claimed } from './outbox.ts';
import type { SubgraphOrm } from '../data/orm.ts';

/**
 * Events over NATS JetStream (NATS_URL), for subgraphs on several machines. The producer's relay (lib/events/outbox.ts)
 * still claims its outbox rows as before, but publishes each event to one stream, `HUB_EVENTS`, on the subject
 * `hub.<topic>.<ordering key>` (one studio's, or a transfer's teacher's) with the event id as `msgID`, and marks it
 * delivered once JetStream has stored it: a relay that publishes an event again (it died before marking it) is
 * deduplicated by the stream within DEDUP_WINDOW_MS, and by the consumers' inbox after. Each consumer subgraph
 * pulls each topic it receives from a durable consumer of its own and hands every message to `receiveEvent`, the
 * path of `POST /events` (schema check, inbox row, handler, one transaction); it acks after the commit, naks with
 * back-off when the event cannot be applied now and terminates one it refuses for good. A durable has at most one
 * message unacknowledged (`max_ack_pending: 1`), so a topic's events, and so each studio's, are applied in the order
 * they were published, whatever the number of replicas pulling. The connection reconnects forever; every call is
 * bounded by a timeout.
 */

export const STREAM = 'HUB_EVENTS';
const SUBJECTS = 'hub.>';
/** How long JetStream remembers a published event id and drops a second publish of it. */
export const DEDUP_WINDOW_MS = 10 * 60_000;
/** How long a consumer may take over one event before JetStream sends it again. */
const ACK_WAIT_MS = 60_000;
/** How long one pull waits for a message before asking again. */
const PULL_EXPIRES_MS = 5_000;
const MAX_BACKOFF_MS = 60_000;

/** A subject token: letters, digits, `_` and `-` only (ids and topic names are). */
const token = (text: string) => text.replaceAll(/[^\w-]/g, '_');
/** The subject of an event: its topic and its ordering key. */
export const subjectOf = (event: Pick<Claimed, 'id' | 'topic' | 'payload'>) =>
  `hub.${event.topic}.${token(orderingKeyOf(event))}`;
/** A consumer's durable name for one topic (durable names may not contain dots). */
export const durableOf = (subgraph: SubgraphName, topic: Topic) => token(`${subgraph}-${topic}`);

const backoff = (failures: number, maxMs = MAX_BACKOFF_MS) => Math.min(maxMs, 500 * 2 ** failures);
/** A pull that failed (say, NATS away) is tried again soon: it costs nothing, and events wait behind it. */
const MAX_PULL_BACKOFF_MS = 5_000;

export interface NatsBus {
  /** For the relay: stores one event in the stream, or throws (the relay retries it). */
  publish(event: Claimed): Promise<void>;
  /** Pulls the topics this subgraph receives and applies them until closed. */
  consume(orm: SubgraphOrm, handlers: Handlers, topics: Topic[]): void;
  /** For readiness: the server answers a ping. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Creates the stream when it is missing (several subgraphs start at once: one creates it, the others find it). */
async function ensureStream(jsm: JetStreamManager) {
  const config = { name: STREAM, subjects: [SUBJECTS], duplicate_window: nanos(DEDUP_WINDOW_MS) };
  try {
    await jsm.streams.add(config);
  } catch (error) {
    // an equal stream is no error; another one of that name is kept as the operator made it
    await jsm.streams.info(STREAM).catch(() => {
      throw error;
    });
  }
}

const within = <T>(ms: number, what: string, promise: Promise<T>) =>
  Promise.race([
    promise,
    sleep(ms, undefined, { ref: false }).then(() => {
      throw new Error(`${what}: no answer within ${ms} ms`);
    }),
  ]);

/** Connects a subgraph to NATS (failing its start when NATS does not answer in time) and makes sure of the stream. */
export async function connectNats(
  url: string,
  subgraph: SubgraphName,
  timeoutMs: number,
  /** Deliveries of one event that failed after which the consumer parks it (OUTBOX_MAX_ATTEMPTS). */
  maxAttempts: number,
): Promise<NatsBus> {
  const log = logger(subgraph);
  const nc: NatsConnection = await connect({
    servers: url,
    name: `studio-hub-${subgraph}`,
    timeout: timeoutMs,
    // a lost connection is re-established for as long as the process lives; publishes meanwhile fail and are retried
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    pingInterval: 10_000,
  });
  // while disconnected, a publish fails at once (the relay backs off and counts it) rather than wait for its timeout
  let connected = true;
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === Events.Disconnect) connected = false;
      if (status.type === Events.Reconnect) connected = true;
      if (Object.values(Events).includes(status.type as Events))
        log.warn({ nats: status.type, data: String(status.data) }, 'nats connection');
    }
  })().catch(() => {});
  const ensureConnected = () => {
    if (!connected) throw new Error('NATS is disconnected (reconnecting)');
  };
  const jsm = await nc.jetstreamManager({ timeout: timeoutMs });
  await ensureStream(jsm);
  const js: JetStreamClient = nc.jetstream({ timeout: timeoutMs });
  const stopping = new AbortController();
  const loops: Promise<void>[] = [];

  /** One message: applied (ack after the commit), refused for good (term), or not now (nak with back-off). */
  async function handle(message: JsMsg, orm: SubgraphOrm, handlers: Handlers) {
    let received;
    try {
      received = await receiveEvent(orm, handlers, message.string(), subgraph);
    } catch (error) {
      countReceived(subgraph, 'nats', 'failed');
      // as the HTTP relay does: after maxAttempts the event is parked (npm run outbox) and its topic goes on
      const attempts = message.info.redeliveryCount;
      if (attempts >= maxAttempts) {
        try {
          await parkReceived(orm, message.string(), attempts, error);
        } catch (parkError) {
          log.error({ subject: message.subject, error: (parkError as Error).message.slice(0, 300) }, 'nats event not parked');
          message.nak(backoff(attempts - 1));
          return;
        }
        log.error({ subject: message.subject, attempts, error: (error as Error).message.slice(0, 300) }, 'nats event parked');
        message.term();
        return;
      }
      const delay = backoff(attempts - 1);
      log.warn({ subject: message.subject, delay, error: (error as Error).message.slice(0, 300) }, 'nats event not applied');
      message.nak(delay);
      return;
    }
    countReceived(subgraph, 'nats', received);
    if (received.status === 200) await message.ackAck({ timeout: timeoutMs });
    else {
      log.error({ subject: message.subject, code: received.code, error: received.error }, 'nats event refused');
      message.term(); // no reason: `+TERM <reason>` is nats-server 2.10+, and 2.9 (Debian 12) ignores it
    }
  }

  async function pull(durable: string, topic: Topic, orm: SubgraphOrm, handlers: Handlers) {
    let failures = 0;
    while (!stopping.signal.aborted) {
      try {
        await jsm.consumers.add(STREAM, {
          durable_name: durable,
          filter_subject: `hub.${topic}.>`,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ack_wait: nanos(ACK_WAIT_MS),
          max_ack_pending: 1,
          max_deliver: -1,
        });
        const consumer = await js.consumers.get(STREAM, durable);
        while (!stopping.signal.aborted) {
          ensureConnected();
          const message = await consumer.next({ expires: PULL_EXPIRES_MS });
          if (message) await handle(message, orm, handlers);
          failures = 0;
        }
      } catch (error) {
        if (stopping.signal.aborted) break;
        log.warn({ durable, error: (error as Error).message.slice(0, 300) }, 'nats consumer');
        await sleep(backoff(failures++, MAX_PULL_BACKOFF_MS), undefined, { signal: stopping.signal }).catch(() => {});
      }
    }
  }

  return {
    publish: async (event) => {
      ensureConnected();
      await js.publish(subjectOf(event), envelopeOf(event), {
        msgID: event.id,
        timeout: timeoutMs,
      });
    },
    consume: (orm, handlers, topics) => {
      for (const topic of topics) loops.push(pull(durableOf(subgraph, topic), topic, orm, handlers));
    },
    ping: async () => {
      ensureConnected();
      await within(timeoutMs, 'nats', nc.rtt());
    },
    close: async () => {
      stopping.abort();
      // a pull under way ends within PULL_EXPIRES_MS; a message being applied finishes (and is acked) first
      await within(PULL_EXPIRES_MS + timeoutMs, 'nats consumers', Promise.all(loops)).catch((e: Error) =>
        log.warn({ error: e.message }, 'nats close'),
      );
      await within(timeoutMs, 'nats drain', nc.drain()).catch(() => nc.close());
    },
  };
}
