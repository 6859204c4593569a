import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import type { Span } from '@opentelemetry/api';
import { endServerSpan } from './tracing.ts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What an operator sees of the hub: JSON access logs (pino) with a request id the gateway carries to the subgraphs,
 * and Prometheus metrics (prom-client) at each server's `/metrics`. Logs name the route, the operation name, the
 * status and the time; never a header, a token, a variable or a body, so no secret and no personal data.
 */
export const REQUEST_ID_HEADER = 'x-request-id';

const options = (level: string) => ({ level, base: null, timestamp: pino.stdTimeFunctions.isoTime });
let root: Logger = pino(options('info'));
/** Sets the level of every log line (LOG_LEVEL; `silent` writes none) and where they go (stdout unless a test says). */
export function configureLogging(level: string, destination?: NodeJS.WritableStream): void {
  root = destination ? pino(options(level), destination) : pino(options(level));
}
export const logger = (service: string): Logger => root.child({ service });

const requestIds = new WeakMap<IncomingMessage, string>();
/** The request's id: the caller's `x-request-id` when it is a plain token (the gateway's, say), else a fresh one. */
export function requestIdOf(req: IncomingMessage): string {
  let id = requestIds.get(req);
  if (!id) {
    const given = req.headers[REQUEST_ID_HEADER];
    id = typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
    requestIds.set(req, id);
  }
  return id;
}

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

/** Operation names come from clients: the first few hundred are kept as labels, the rest count as `other`. */
const MAX_OPERATION_LABELS = 200;
const operationLabels = new Set<string>();
export function operationLabel(given: unknown): string {
  // the gateway names its part of an operation for a subgraph `<name>__<subgraph>__<n>`: the client's name counts
  const name = typeof given === 'string' ? given.split('__')[0]! : '';
  if (!/^[A-Za-z_]\w{0,63}$/.test(name)) return '-';
  if (operationLabels.has(name)) return name;
  if (operationLabels.size >= MAX_OPERATION_LABELS) return 'other';
  operationLabels.add(name);
  return name;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const requests = new Counter({
  name: 'hub_http_requests_total',
  help: 'HTTP requests answered, by service, route, GraphQL operation name and status',
  labelNames: ['service', 'route', 'operation', 'status'] as const,
  registers: [registry],
});
const requestSeconds = new Histogram({
  name: 'hub_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by service, route and GraphQL operation name',
  labelNames: ['service', 'route', 'operation'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
export const subgraphRequests = new Counter({
  name: 'hub_subgraph_requests_total',
  help: "The gateway's requests to each subgraph, by subgraph, operation and outcome (HTTP status or error)",
  labelNames: ['subgraph', 'operation', 'status'] as const,
  registers: [registry],
});
export const subgraphSeconds = new Histogram({
  name: 'hub_subgraph_request_duration_seconds',
  help: 'Time a subgraph took to answer the gateway, by subgraph and operation',
  labelNames: ['subgraph', 'operation'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});
export const outboxDeliveries = new Counter({
  name: 'hub_outbox_deliveries_total',
  help: 'Outbox events delivered to every subscriber (http) or to JetStream (nats), by producing subgraph and topic',
  labelNames: ['subgraph', 'topic', 'via'] as const,
  registers: [registry],
});
const eventsReceived = new Counter({
  name: 'hub_events_received_total',
  help: 'Events a consumer received, by subgraph, way (http or nats) and outcome (applied, duplicate, failed, or the refusal code)',
  labelNames: ['subgraph', 'via', 'outcome'] as const,
  registers: [registry],
});
/** Counts what a consumer made of one event (lib/outbox.ts `receiveEvent`). */
export function countReceived(
  subgraph: string,
  via: 'http' | 'nats',
  received: { status: number; applied?: boolean; code?: string } | 'failed',
): void {
  const outcome =
    received === 'failed' ? received : received.status === 200 ? (received.applied ? 'applied' : 'duplicate') : received.code!;
  eventsReceived.inc({ subgraph, via, outcome });
}
export const outboxFailures = new Counter({
  name: 'hub_outbox_delivery_failures_total',
  help: 'Failed outbox delivery attempts (each is retried with back-off), by producing subgraph and topic',
  labelNames: ['subgraph', 'topic'] as const,
  registers: [registry],
});

/** What the gauges read from each running subgraph when scraped. */
export interface SubgraphGauges {
  pool(): { total: number; idle: number; waiting: number } | null;
  /** Undelivered events, how old the oldest is, and how many are parked; null for a subgraph without an outbox. */
  outbox(): Promise<{ pending: number; oldestSeconds: number; parked: number } | null>;
}
const gauged = new Map<string, SubgraphGauges>();
/** Lets the gauges read a subgraph until the returned function is called (on close). */
export function gaugeSubgraph(name: string, gauges: SubgraphGauges): () => void {
  gauged.set(name, gauges);
  return () => gauged.delete(name);
}
new Gauge({
  name: 'hub_db_pool_connections',
  help: "Each subgraph's database pool: connections open (total), idle, and requests waiting for one",
  labelNames: ['subgraph', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [name, g] of gauged) {
      const pool = g.pool();
      if (pool) for (const [state, n] of Object.entries(pool)) this.set({ subgraph: name, state }, n);
    }
  },
});
const outboxGauge = (
  name: string,
  help: string,
  read: (o: { pending: number; oldestSeconds: number; parked: number }) => number,
) =>
  new Gauge({
    name,
    help,
    labelNames: ['subgraph'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      for (const [subgraph, g] of gauged) {
        const outbox = await g.outbox().catch(() => null);
        if (outbox) this.set({ subgraph }, read(outbox));
      }
    },
  });
outboxGauge('hub_outbox_pending_events', 'Outbox events not yet delivered (parked ones excluded)', (o) => o.pending);
outboxGauge(
  'hub_outbox_lag_seconds',
  'Age of the oldest undelivered, unparked outbox event (0 when none)',
  (o) => o.oldestSeconds,
);
outboxGauge('hub_outbox_parked_events', 'Outbox events parked after too many failures, waiting for an operator', (o) => o.parked);

export async function metricsRoute(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(await registry.metrics());
}

/**
 * Times a request and, once answered, counts it and writes its access-log line. `describe` gives the route and
 * operation name once they are known (after the body is read).
 */
export function observeRequest(
  service: string,
  req: IncomingMessage,
  res: ServerResponse,
  span: Span,
): { operation(name: unknown): void } {
  const started = process.hrtime.bigint();
  const id = requestIdOf(req);
  res.setHeader(REQUEST_ID_HEADER, id);
  let operation = '-';
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route =
      path === '/graphql' || path === '/events' || path === '/metrics' || path === '/versions'
        ? path
        : path.startsWith('/export/')
          ? '/export'
          : 'other';
    endServerSpan(span, spanName(service, req), res.statusCode, operation);
    requests.inc({ service, route, operation, status: String(res.statusCode) });
    requestSeconds.observe({ service, route, operation }, seconds);
    // scrapes, and the answer cache's check before each cached query (counted above), are not logged one by one
    if (route === '/metrics' || route === '/versions') return;
    logger(service).info(
      {
        requestId: id,
        method: req.method,
        path: route === 'other' ? path.slice(0, 100) : route,
        operation,
        status: res.statusCode,
        ms: Math.round(seconds * 10000) / 10,
      },
      'request',
    );
  });
  return { operation: (name) => (operation = operationLabel(name)) };
}

/** A request's span name before its operation is known: `<service> <method> <path>` (exports by their folder). */
export function spanName(service: string, req: IncomingMessage): string {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  return `${service} ${req.method} ${path.startsWith('/export/') ? '/export' : path.slice(0, 100)}`;
}
