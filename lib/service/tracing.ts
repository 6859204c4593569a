import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

/**
 * OpenTelemetry traces, only when an exporter is configured (OTEL_EXPORTER_OTLP_ENDPOINT, OTLP over HTTP): a server
 * span for every request a server answers, a client span for every call the gateway makes to a subgraph, joined by
 * the W3C `traceparent` header, so one trace runs from the gateway through each subgraph it asked. Without an
 * endpoint the API's no-op tracer is used and nothing is recorded. Spans carry routes, operation names and
 * statuses, never headers, variables or bodies. The SDK and the exporter are loaded only then: a process that
 * exports nothing does not hold them (about 2,000 modules' code between them).
 */
let provider: BasicTracerProvider | null = null;

export async function startTracing(endpoint: string | undefined, serviceName: string): Promise<void> {
  if (!endpoint || provider) return;
  const [
    { AsyncLocalStorageContextManager },
    { W3CTraceContextPropagator },
    { OTLPTraceExporter },
    { resourceFromAttributes },
    sdk,
  ] = await Promise.all([
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/core'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-base'),
  ]);
  if (provider) return;
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces`, timeoutMillis: 5_000 });
  provider = new sdk.BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new sdk.BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
}

/** Sends what is left and stops recording. */
export async function stopTracing(): Promise<void> {
  if (!provider) return;
  const stopping = provider;
  provider = null;
  await stopping.shutdown().catch(() => {});
  trace.disable();
  propagation.disable();
  context.disable();
}

/** A server span for one request, child of the caller's `traceparent` if any; runs `fn` inside it. */
export function serverSpan<T>(name: string, headers: IncomingHttpHeaders, fn: (span: Span) => T): T {
  const parent: Context = propagation.extract(context.active(), headers);
  const span = trace.getTracer('studio-hub').startSpan(name, { kind: SpanKind.SERVER }, parent);
  return context.with(trace.setSpan(parent, span), () => fn(span));
}

/** Ends a request's span, named `<service> <method> <path> <operation>` once the operation is known. */
export function endServerSpan(span: Span, name: string, status: number, operation: string): void {
  if (operation !== '-') {
    span.setAttribute('graphql.operation.name', operation);
    span.updateName(`${name} ${operation}`);
  }
  span.setAttribute('http.response.status_code', status);
  if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** A client span around the gateway's call to a subgraph; `headers` gets its `traceparent`. */
export async function clientSpan<T>(name: string, operation: string, headers: Headers, fn: () => Promise<T>): Promise<T> {
  return trace
    .getTracer('studio-hub')
    .startActiveSpan(
      `gateway → ${name}${operation === '-' ? '' : ` ${operation}`}`,
      { kind: SpanKind.CLIENT, attributes: { 'hub.subgraph': name, 'graphql.operation.name': operation } },
      async (span) => {
        propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
        try {
          return await fn();
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
          throw error;
        } finally {
          span.end();
        }
      },
    );
}
