/**
 * What an operator sees (issue 13.3): one JSON access-log line per request at the gateway and at each subgraph it
 * asked, under the same request id (x-request-id, the caller's or a fresh one), naming route, operation, status and
 * time, never a token or a variable; and Prometheus metrics at /metrics: requests and latency per operation and
 * subgraph, the database pools, the outbox's lag and failures.
 */
import { PassThrough } from 'node:stream';
import { configureLogging } from '../lib/observability.ts';
import { contractOperation } from './support/contract.ts';
import { describe, expect, test } from './support/hub.ts';

const HEADLINE = contractOperation('pending-second-evaluations-by-county.graphql');

describe('access logs and metrics', () => {
  test('a request is logged once by the gateway and once by each subgraph asked, under one request id, with nothing secret or personal', async ({
    hub,
  }) => {
    const lines: string[] = [];
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean)));
    configureLogging('info', sink);
    const token = await hub.token({ level: 'PROVINCE', region: '410000', roles: ['admin'] });
    try {
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-issue-13' },
        body: JSON.stringify({
          query: HEADLINE,
          variables: { within: '410000' },
          operationName: 'PendingSecondEvaluationsByCounty',
        }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('req-issue-13');
      await res.json();
      const fresh = await fetch(`${hub.url}/health`);
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      configureLogging('warn');
    }
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.requestId === 'req-issue-13');
    const gateway = entries.filter((e) => e.service === 'gateway');
    expect(gateway).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request',
        method: 'POST',
        path: '/graphql',
        operation: 'PendingSecondEvaluationsByCounty',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    // the headline asks personnel (regions) and evaluations (the counts): each logs the same id
    const services = new Set(entries.map((e) => e.service));
    expect(services).toContain('personnel');
    expect(services).toContain('evaluations');
    const all = lines.join('\n');
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.split('.')[1]!);
    expect(all.toLowerCase()).not.toContain('authorization');
    expect(all).not.toContain('x-hub-viewer');
    expect(all).not.toContain('410000'); // no variables
    console.log(`access-log line: ${lines.find((l) => l.includes('"service":"gateway"') && l.includes('req-issue-13'))}`);
  });

  test('/metrics counts requests and latency per operation and per subgraph, and shows the pools and the outbox', async ({
    hub,
  }) => {
    const res = await fetch(`${hub.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(
      /hub_http_requests_total\{service="gateway",route="\/graphql",operation="PendingSecondEvaluationsByCounty",status="200"\} [1-9]/,
    );
    expect(text).toMatch(
      /hub_http_request_duration_seconds_count\{service="gateway",route="\/graphql",operation="PendingSecondEvaluationsByCounty"\} [1-9]/,
    );
    expect(text).toMatch(
      /hub_subgraph_requests_total\{subgraph="evaluations",operation="PendingSecondEvaluationsByCounty",status="200"\} [1-9]/,
    );
    expect(text).toMatch(
      /hub_subgraph_request_duration_seconds_bucket\{le="\+Inf",subgraph="personnel",operation="PendingSecondEvaluationsByCounty"\} [1-9]/,
    );
    expect(text).toMatch(/hub_db_pool_connections\{subgraph="studios",state="total"\} \d+/);
    expect(text).toMatch(/hub_outbox_lag_seconds\{subgraph="personnel"\} [\d.e+-]+/);
    expect(text).toMatch(/hub_outbox_pending_events\{subgraph="studios"\} 0/);
    expect(text).toMatch(/hub_outbox_parked_events\{subgraph="evaluations"\} 0/);
    expect(text).toContain('# TYPE hub_outbox_delivery_failures_total counter');
    expect(text).toContain('process_cpu_seconds_total');
    // funding publishes nothing: no outbox figures for it
    expect(text).not.toMatch(/hub_outbox_lag_seconds\{subgraph="funding"\}/);
    console.log(
      `metrics excerpt:\n${text
        .split('\n')
        .filter((l) =>
          /^hub_(http_requests_total\{service="gateway"|subgraph_requests_total|db_pool_connections\{subgraph="studios"|outbox_(lag|parked))/.test(
            l,
          ),
        )
        .slice(0, 14)
        .join('\n')}`,
    );
  });
});
