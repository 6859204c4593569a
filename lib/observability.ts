import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type Logger } from 'pino';
import { context, propagation, type Span } from '@opentelemetry/api';
import { endServerSpan, serverSpan } from './tracing.ts';
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

/** The request being answered, for whatever logs on its way: its service, its id, the subgraphs that failed it. */
interface RequestScope {
  service: string;
  requestId: string;
  failedSubgraphs: Set<string>;
}
const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * An error as one JSON line: the service and request id of the request under way (when there is one), the fields
 * given (the subgraph it concerns, an error id…) and the message. Log shippers key on these, never on text.
 */
export function logError(message: string, fields: Record<string, unknown> = {}): void {
  const scope = requestScope.getStore();
  (scope ? logger(scope.service) : root).error({ ...(scope ? { requestId: scope.requestId } : {}), ...fields }, message);
}

/** What a call to a peer or an event carries of the request that caused it: its id and W3C trace context. */
export interface Trace {
  requestId?: string;
  traceparent?: string;
  tracestate?: string;
}
/** The request under way's trace, to send along (`x-request-id` and `traceparent` headers, an event's `trace`). */
export function currentTrace(): Trace {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const requestId = requestScope.getStore()?.requestId;
  return { ...(requestId ? { requestId } : {}), ...carrier };
}
/** The headers that carry the current trace to a peer. */
export function traceHeaders(): Record<string, string> {
  const { requestId, ...w3c } = currentTrace();
  return { ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}), ...w3c };
}
/**
 * Runs what an event causes under the trace of the request that published it: its log lines name that request's
 * id, and its span is a child of that request's, so one trace shows a change and its consequences.
 */
export function withinTrace<T>(
  service: string,
  name: string,
  trace: Trace | null | undefined,
  work: () => Promise<T>,
): Promise<T> {
  const requestId = trace?.requestId && /^[\w.:-]{1,128}$/.test(trace.requestId) ? trace.requestId : randomUUID();
  return serverSpan(`${service} ${name}`, { traceparent: trace?.traceparent, tracestate: trace?.tracestate }, (span) =>
    requestScope.run({ service, requestId, failedSubgraphs: new Set() }, work).finally(() => span.end()),
  );
}

/** Notes that a subgraph failed the request under way: its access-log line says so, at level error. */
export function noteSubgraphFailure(subgraph: string): void {
  requestScope.getStore()?.failedSubgraphs.add(subgraph);
}

let guarded = false;
const unhandled = new Counter({
  name: 'hub_unhandled_errors_total',
  help: 'Errors no request caught (an unhandled rejection or exception): logged, counted, and the process goes on',
  labelNames: ['kind'] as const,
  registers: [],
});
/**
 * A request can fail, a process never does: an error that escaped every request's promise chain (graphql-js 16
 * leaves one list item's rejection unhandled when a later item throws) is logged as JSON and counted, and the
 * process goes on serving. Node's default would end the process, and with it every request of every viewer.
 */
export function guardProcess(): void {
  if (guarded) return;
  guarded = true;
  registry.registerMetric(unhandled);
  const log = (kind: 'rejection' | 'exception') => (error: unknown) => {
    unhandled.inc({ kind });
    logError(`unhandled ${kind}`, {
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      code: (error as { extensions?: { code?: unknown } } | null)?.extensions?.code,
    });
  };
  process.on('unhandledRejection', log('rejection'));
  process.on('uncaughtException', log('exception'));
}

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
): { operation(name: unknown): void; run<T>(work: () => T): T } {
  const started = process.hrtime.bigint();
  const id = requestIdOf(req);
  res.setHeader(REQUEST_ID_HEADER, id);
  let operation = '-';
  const scope: RequestScope = { service, requestId: id, failedSubgraphs: new Set() };
  res.on('finish', () => {
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route =
      path === '/graphql' || path === '/events' || path === '/metrics' ? path : path.startsWith('/export/') ? '/export' : 'other';
    endServerSpan(span, spanName(service, req), res.statusCode, operation);
    requests.inc({ service, route, operation, status: String(res.statusCode) });
    requestSeconds.observe({ service, route, operation }, seconds);
    if (route === '/metrics') return;
    const line = {
      requestId: id,
      method: req.method,
      path: route === 'other' ? path.slice(0, 100) : route,
      operation,
      status: res.statusCode,
      ms: Math.round(seconds * 10000) / 10,
    };
    // a request a subgraph failed is answered 200 with errors: its line says which, at level error
    if (scope.failedSubgraphs.size)
      logger(service).error({ ...line, failedSubgraphs: [...scope.failedSubgraphs] }, 'request failed in a subgraph');
    else logger(service).info(line, 'request');
  });
  return { operation: (name) => (operation = operationLabel(name)), run: (work) => requestScope.run(scope, work) };
}

/** A request's span name before its operation is known: `<service> <method> <path>` (exports by their folder). */
export function spanName(service: string, req: IncomingMessage): string {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  return `${service} ${req.method} ${path.startsWith('/export/') ? '/export' : path.slice(0, 100)}`;
}
