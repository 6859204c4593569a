import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
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
  processRegistry.registerMetric(unhandled);
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

/**
 * Each service (the gateway, each subgraph) counts into a registry of its own, served at its own port's /metrics:
 * in the one-process hub the five servers share a process but never a series, so scraping every port counts each
 * request once. The process's own figures (CPU, memory, event loop) are served by one of them
 * (`reportProcessMetricsOn`), the gateway when it runs here.
 */
/** The process's own figures, and errors that escaped every request (`guardProcess`). */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });
let processMetricsService: string | null = null;
/** The service whose /metrics carries the process's figures; the first hub started in a process decides. */
export function reportProcessMetricsOn(service: string): void {
  processMetricsService ??= service;
}

/**
 * Operation names are labels only when the server knows them (`labelOperations`: the registered documents'); any
 * other name counts as `other`, and a request refused before it ran (4xx) as `refused`, so no client adds a series.
 */
const operationNames = new Set<string>();
const OTHER_OPERATION = 'other';
const REFUSED_OPERATION = 'refused';
export function labelOperations(names: Iterable<string>): void {
  for (const name of names) operationNames.add(name);
}
export function operationLabel(given: unknown): string {
  // the gateway names its part of an operation for a subgraph `<name>__<subgraph>__<n>`: the client's name counts
  const name = typeof given === 'string' ? given.split('__')[0]! : '';
  if (!name) return '-';
  return operationNames.has(name) ? name : OTHER_OPERATION;
}

const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** What the gauges read from a running service when scraped. */
export interface ServiceGauges {
  /** Each peer it uses (a subgraph's peers, the gateway's subgraphs): answering its /readyz or not. */
  peers(): Promise<Record<string, boolean>>;
  pool?(): { total: number; idle: number; waiting: number } | null;
  /** Undelivered events, how old the oldest is, and how many are parked; null for a subgraph without an outbox. */
  outbox?(): Promise<{ pending: number; oldestSeconds: number; parked: number } | null>;
}

function serviceMetrics(service: string) {
  const registry = new Registry();
  const registers = [registry];
  let gauges: ServiceGauges | null = null;
  const outboxGauge = (
    name: string,
    help: string,
    read: (o: { pending: number; oldestSeconds: number; parked: number }) => number,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['subgraph'] as const,
      registers,
      async collect() {
        this.reset();
        const outbox = await gauges?.outbox?.().catch(() => null);
        if (outbox) this.set({ subgraph: service }, read(outbox));
      },
    });
  outboxGauge('hub_outbox_pending_events', 'Outbox events not yet delivered (parked ones excluded)', (o) => o.pending);
  outboxGauge(
    'hub_outbox_lag_seconds',
    'Age of the oldest undelivered, unparked outbox event (0 when none)',
    (o) => o.oldestSeconds,
  );
  outboxGauge(
    'hub_outbox_parked_events',
    'Outbox events parked after too many failures, waiting for an operator',
    (o) => o.parked,
  );
  new Gauge({
    name: 'hub_db_pool_connections',
    help: "Each subgraph's database pool: connections open (total), idle, and requests waiting for one",
    labelNames: ['subgraph', 'state'] as const,
    registers,
    collect() {
      this.reset();
      const pool = gauges?.pool?.();
      if (pool) for (const [state, n] of Object.entries(pool)) this.set({ subgraph: service, state }, n);
    },
  });
  new Gauge({
    name: 'hub_peer_up',
    help: 'Whether each service this one uses answers its /readyz (1) or not (0): one at 0 leaves this service degraded, still ready',
    labelNames: ['peer'] as const,
    registers,
    async collect() {
      this.reset();
      for (const [peer, up] of Object.entries((await gauges?.peers()) ?? {})) this.set({ peer }, up ? 1 : 0);
    },
  });
  return {
    registry,
    /** Lets the gauges read the running service until the returned function is called (on close). */
    gauge(read: ServiceGauges): () => void {
      gauges = read;
      return () => {
        if (gauges === read) gauges = null;
      };
    },
    requests: new Counter({
      name: 'hub_http_requests_total',
      help: 'HTTP requests answered, by service, route, GraphQL operation name (refused: a 4xx before it ran) and status',
      labelNames: ['service', 'route', 'operation', 'status'] as const,
      registers,
    }),
    requestSeconds: new Histogram({
      name: 'hub_http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by service, route and GraphQL operation name',
      labelNames: ['service', 'route', 'operation'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    subgraphRequests: new Counter({
      name: 'hub_subgraph_requests_total',
      help: "The gateway's requests to each subgraph, by subgraph, operation and outcome (HTTP status or error)",
      labelNames: ['subgraph', 'operation', 'status'] as const,
      registers,
    }),
    subgraphSeconds: new Histogram({
      name: 'hub_subgraph_request_duration_seconds',
      help: 'Time a subgraph took to answer the gateway, by subgraph and operation',
      labelNames: ['subgraph', 'operation'] as const,
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    outboxDeliveries: new Counter({
      name: 'hub_outbox_deliveries_total',
      help: 'Outbox events delivered to every subscriber (http) or to JetStream (nats), by producing subgraph and topic',
      labelNames: ['subgraph', 'topic', 'via'] as const,
      registers,
    }),
    outboxFailures: new Counter({
      name: 'hub_outbox_delivery_failures_total',
      help: 'Failed outbox delivery attempts (each is retried with back-off), by producing subgraph and topic',
      labelNames: ['subgraph', 'topic'] as const,
      registers,
    }),
    eventsReceived: new Counter({
      name: 'hub_events_received_total',
      help: 'Events a consumer received, by subgraph, way (http or nats) and outcome (applied, duplicate, failed, or the refusal code)',
      labelNames: ['subgraph', 'via', 'outcome'] as const,
      registers,
    }),
  };
}

const services = new Map<string, ReturnType<typeof serviceMetrics>>();
/** A service's metrics (`gateway` or a subgraph's name), made on first use and kept for the process's life. */
export function metricsOf(service: string): ReturnType<typeof serviceMetrics> {
  let metrics = services.get(service);
  if (!metrics) services.set(service, (metrics = serviceMetrics(service)));
  return metrics;
}

/** Counts what a consumer made of one event (lib/events/outbox.ts `receiveEvent`). */
export function countReceived(
  subgraph: string,
  via: 'http' | 'nats',
  received: { status: number; applied?: boolean; code?: string } | 'failed',
): void {
  const outcome =
    received === 'failed' ? received : received.status === 200 ? (received.applied ? 'applied' : 'duplicate') : received.code!;
  metricsOf(subgraph).eventsReceived.inc({ subgraph, via, outcome });
}

/**
 * Who may read a service's /metrics: anyone (outside production), the holder of METRICS_TOKEN as a bearer, or
 * nobody (production without a token: 404, as if there were no such page).
 */
export type MetricsAccess = 'open' | 'off' | { token: string };

export function metricsAccess(config: { NODE_ENV: string; METRICS_TOKEN?: string }): MetricsAccess {
  if (config.METRICS_TOKEN) return { token: config.METRICS_TOKEN };
  return config.NODE_ENV === 'production' ? 'off' : 'open';
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Whether a request may read /metrics (access `off` answers 404 before this is asked). */
export function mayReadMetrics(access: MetricsAccess, authorization: string | undefined): boolean {
  if (typeof access !== 'object') return access === 'open';
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim();
  // compared by hash: equal lengths, in constant time
  return !!given && timingSafeEqual(sha256(given), sha256(access.token));
}

/** A service's own metrics, with the process's when it is the one that reports them. */
export async function sendMetrics(service: string, res: ServerResponse): Promise<void> {
  const { registry } = metricsOf(service);
  const served = service === processMetricsService ? Registry.merge([registry, processRegistry]) : registry;
  res.writeHead(200, { 'content-type': registry.contentType });
  res.end(await served.metrics());
}

/**
 * Times a request and, once answered, counts it and writes its access-log line. `operation` gives the operation's
 * name once it is known (after the body is read); a request refused (4xx) is counted under `refused` whatever it named.
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
      path === '/graphql' || path === '/events' || path === '/metrics' || path === '/versions'
        ? path
        : path.startsWith('/export/')
          ? '/export'
          : 'other';
    endServerSpan(span, spanName(service, req), res.statusCode, operation);
    // a request refused before it ran (no token, too many, malformed, unregistered) names nothing it did
    const counted = res.statusCode >= 400 && res.statusCode < 500 ? REFUSED_OPERATION : operation;
    const metrics = metricsOf(service);
    metrics.requests.inc({ service, route, operation: counted, status: String(res.statusCode) });
    metrics.requestSeconds.observe({ service, route, operation: counted }, seconds);
    // scrapes, and the answer cache's check before each cached query (counted above), are not logged one by one
    if (route === '/metrics' || route === '/versions') return;
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
