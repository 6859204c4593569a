/**
 * OpenTelemetry traces across the gateway and the subgraphs (issue 13.3), when OTEL_EXPORTER_OTLP_ENDPOINT names a
 * collector: here a tiny OTLP/HTTP receiver on a loopback port, which keeps the JSON the exporter posts to
 * /v1/traces. One request makes one trace: the gateway's server span, a client span per subgraph call, and each
 * subgraph's server span under the client span that called it.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractOperation } from './support/contract.ts';
import { startTestHub, type TestHub } from './support/hub.ts';
import { freePort } from './support/ports.ts';

interface OtlpSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  kind: number;
}
const spans: OtlpSpan[] = [];
let receiver: Server;
let hub: TestHub & { dispose(): Promise<void> };

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const r of body.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => receiver.listen(port, '127.0.0.1', resolve));
  hub = await startTestHub({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` });
}, 120_000);

afterAll(async () => {
  await hub?.dispose();
  receiver?.close();
});

describe('traces', () => {
  it('follow one request from the gateway through every subgraph it asks, in one trace', async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await hub.token({ level: 'CITY', region: '410400' })}`,
      },
      body: JSON.stringify({
        query: contractOperation('region-overview.graphql'),
        variables: { code: '410400', year: 2025 },
        operationName: 'RegionOverview',
      }),
    });
    expect(((await res.json()) as { errors?: unknown }).errors).toBeUndefined();
    const deadline = Date.now() + 20_000;
    const root = () => spans.find((s) => s.name === 'gateway POST /graphql RegionOverview');
    while (
      Date.now() < deadline &&
      !(
        root() &&
        ['studios ', 'evaluations ', 'funding '].every((name) =>
          spans.some((s) => s.traceId === root()!.traceId && s.name.startsWith(name)),
        )
      )
    ) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const gateway = root()!;
    expect(gateway).toBeDefined();
    expect(gateway.parentSpanId ?? '').toBe('');
    // Apollo Gateway's own spans (gateway.request, gateway.plan, gateway.fetch …) join the same trace
    const trace = spans.filter((s) => s.traceId === gateway.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const clients = trace.filter((s) => s.name.startsWith('gateway → '));
    expect(new Set(clients.map((s) => s.name))).toEqual(
      // region-overview asks studios, evaluations and funding, each for the region and its children at once
      new Set(['gateway → studios RegionOverview', 'gateway → evaluations RegionOverview', 'gateway → funding RegionOverview']),
    );
    // under the gateway's request span (through Apollo Gateway's own gateway.fetch spans)
    const reachesRoot = (span: OtlpSpan): boolean => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent === gateway || (parent !== undefined && reachesRoot(parent));
    };
    for (const client of clients) expect(reachesRoot(client)).toBe(true);
    const servers = trace.filter((s) => /^(studios|evaluations|funding) POST \/graphql RegionOverview$/.test(s.name));
    expect(servers.length).toBeGreaterThanOrEqual(3);
    for (const server of servers) expect(byId.get(server.parentSpanId!)?.name).toMatch(/^gateway → /);
    console.log(`trace span names: ${[...new Set(trace.map((s) => s.name))].join(' | ')}`);
  });
});
