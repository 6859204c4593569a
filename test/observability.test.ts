/**
 * What an operator sees (issue 13.3): one JSON access-log line per request at the gateway and at each subgraph it
 * asked, under the same request id (x-request-id, the caller's or a fresh one), naming route, operation, status and
 * time, never a token or a variable; and Prometheus metrics at /metrics: requests and latency per operation and
 * subgraph, the database pools, the outbox's lag and failures. Metrics fit for production (issue 22.5): each service
 * counts into its own registry, operation labels come only from registered documents, a refused request names none,
 * and in production /metrics needs METRICS_TOKEN.
 */
import { randomBytes } from 'node:crypto';
import { startHub } from '../hub.ts';
import { parseConfig, SUBGRAPH_NAMES } from '../lib/service/config.ts';
import { PENDING_SECOND_EVALUATIONS, REGION_OVERVIEW } from './support/contract.ts';
import { demoStudio } from './support/demo.ts';
import { describe, expect, test, expectRefusal } from './support/hub.ts';
import { withLogs } from './support/logs.ts';

const HEADLINE = PENDING_SECOND_EVALUATIONS;
const OVERVIEW = REGION_OVERVIEW;

describe('access logs and metrics', () => {
  test('a request is logged once by the gateway and once by each subgraph asked, under one request id, with nothing secret or personal', async ({
    hub,
  }) => {
    const token = await hub.token({ level: 'PROVINCE', region: '410000', roles: ['admin'] });
    const { lines } = await withLogs('info', async () => {
      const res = await fetch(`${hub.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': 'req-issue-13' },
        body: JSON.stringify({
          query: OVERVIEW,
          variables: { code: '410000', year: 2025 },
          operationName: 'RegionOverview',
        }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-request-id')).toBe('req-issue-13');
      await res.json();
      const fresh = await fetch(`${hub.url}/health`);
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      await new Promise((r) => setTimeout(r, 100));
    });
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e.requestId === 'req-issue-13');
    const gateway = entries.filter((e) => e.service === 'gateway');
    expect(gateway).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request',
        method: 'POST',
        path: '/graphql',
        operation: 'RegionOverview',
        status: 200,
        ms: expect.any(Number),
      }),
    ]);
    // region-overview asks studios, evaluations and funding (each answers the region too): each logs the same id
    const services = new Set(entries.map((e) => e.service));
    expect([...services].sort()).toEqual(['evaluations', 'funding', 'gateway', 'studios']);
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
      /hub_http_requests_total\{service="gateway",route="\/graphql",operation="RegionOverview",status="200"\} [1-9]/,
    );
    expect(text).toMatch(
      /hub_http_request_duration_seconds_count\{service="gateway",route="\/graphql",operation="RegionOverview"\} [1-9]/,
    );
    expect(text).toMatch(/hub_subgraph_requests_total\{subgraph="evaluations",operation="RegionOverview",status="200"\} [1-9]/);
    expect(text).toMatch(
      /hub_subgraph_request_duration_seconds_bucket\{le="\+Inf",subgraph="funding",operation="RegionOverview"\} [1-9]/,
    );
    expect(text).toContain('process_cpu_seconds_total');
    // each subgraph's own figures are at its own port
    const studios = await scrape(hub.subgraphs.studios!.url);
    expect(studios).toMatch(/hub_db_pool_connections\{subgraph="studios",state="total"\} \d+/);
    expect(studios).toMatch(/hub_outbox_pending_events\{subgraph="studios"\} 0/);
    expect(await scrape(hub.subgraphs.personnel!.url)).toMatch(/hub_outbox_lag_seconds\{subgraph="personnel"\} [\d.e+-]+/);
    const evaluations = await scrape(hub.subgraphs.evaluations!.url);
    expect(evaluations).toMatch(/hub_outbox_parked_events\{subgraph="evaluations"\} 0/);
    expect(evaluations).toMatch(
      /hub_http_requests_total\{service="evaluations",route="\/graphql",operation="RegionOverview",status="200"\} [1-9]/,
    );
    expect(evaluations).toContain('# TYPE hub_outbox_delivery_failures_total counter');
    // funding publishes nothing: no outbox figures for it
    expect(await scrape(hub.subgraphs.funding!.url)).not.toMatch(/hub_outbox_lag_seconds\{subgraph="funding"\}/);
    console.log(
      `metrics excerpt:\n${text
        .split('\n')
        .filter((l) => /^hub_(http_requests_total\{service="gateway"|subgraph_requests_total|peer_up)/.test(l))
        .slice(0, 14)
        .join('\n')}`,
    );
  });
});

const scrape = async (url: string, init?: RequestInit) => (await fetch(`${url}/metrics`, init)).text();
/** The lines of series (no comments) of one metric in a scrape. */
const series = (text: string, metric: string) => text.split('\n').filter((l) => l.startsWith(`${metric}{`));
/** The sum of a counter's series whose labels include all of `labels` (`name="value"` each). */
const total = (text: string, metric: string, ...labels: string[]) =>
  series(text, metric)
    .filter((l) => labels.every((label) => l.includes(label)))
    .reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);
const post = (url: string, body: unknown, token?: string) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });

describe('metrics fit for production (issue 22.5)', () => {
  test('a request refused before it runs (401, 400) names no series: a made-up operation name is counted under operation="refused"', async ({
    hub,
  }) => {
    const probe = 'Unauth_ProbeOpName_4821_confidential';
    const refused = (text: string, status: string) =>
      total(text, 'hub_http_requests_total', 'service="gateway"', 'operation="refused"', `status="${status}"`);
    const before = await scrape(hub.url);
    expect((await post(hub.url, { query: `query ${probe} { __typename }`, operationName: probe })).status).toBe(401);
    expect((await post(hub.url, { query: `query ${probe} { __typename }`, operationName: probe }, 'not.a.token')).status).toBe(
      401,
    );
    // a registered name does not make a refused request count as that operation either
    expect(
      (
        await post(hub.url, {
          query: HEADLINE,
          operationName: 'PendingSecondEvaluationsByCounty',
          variables: { within: '410000' },
        })
      ).status,
    ).toBe(401);
    const token = await hub.token({ level: 'PROVINCE', region: '410000' });
    expect((await post(hub.url, { query: `query ${probe} {`, operationName: probe }, token)).status).toBe(400);
    const after = await scrape(hub.url);
    expect(after).not.toContain('Unauth_ProbeOpName');
    expect(refused(after, '401') - refused(before, '401')).toBe(3);
    expect(refused(after, '400') - refused(before, '400')).toBe(1);
    expect(after).not.toMatch(/operation="RegionOverview",status="401"/);
  });

  test('an operation name no registered document has counts as "other", however many there are; a registered one keeps its name', async ({
    hub,
  }) => {
    const token = await hub.token({ level: 'PROVINCE', region: '410000' });
    const others = (text: string) =>
      total(text, 'hub_http_requests_total', 'service="gateway"', 'operation="other"', 'status="200"');
    const before = await scrape(hub.url);
    // more names than the 200 the old first-come list kept
    const names = Array.from({ length: 210 }, (_, i) => `AdHocProbe${i}`);
    for (let i = 0; i < names.length; i += 10)
      await Promise.all(
        names.slice(i, i + 10).map(async (name) => {
          const res = await post(hub.url, { query: `query ${name} { __typename }`, operationName: name }, token);
          expect(res.status).toBe(200);
        }),
      );
    const studios = await scrape(hub.subgraphs.studios!.url);
    // an ad-hoc query that reaches a subgraph: "other" there and in the gateway's count of subgraph requests
    const adHoc = await post(
      hub.url,
      {
        query: 'query AdHocStudio($id: ID!) { studio(id: $id) { id } }',
        operationName: 'AdHocStudio',
        variables: { id: demoStudio({}).id },
      },
      token,
    );
    expect(((await adHoc.json()) as { errors?: unknown }).errors).toBeUndefined();
    const registered = await post(
      hub.url,
      { query: HEADLINE, operationName: 'PendingSecondEvaluationsByCounty', variables: { within: '410000' } },
      token,
    );
    expect(registered.status).toBe(200);
    const after = await scrape(hub.url);
    expect(after).not.toContain('AdHoc');
    expect(others(after) - others(before)).toBe(names.length + 1);
    expect(after).toMatch(/hub_subgraph_requests_total\{subgraph="studios",operation="other",status="200"\} [1-9]/);
    expect(after).toMatch(/operation="RegionOverview",status="200"/);
    const studiosAfter = await scrape(hub.subgraphs.studios!.url);
    expect(studiosAfter).not.toContain('AdHoc');
    expect(
      total(studiosAfter, 'hub_http_requests_total', 'operation="other"') -
        total(studios, 'hub_http_requests_total', 'operation="other"'),
    ).toBe(1);
  });

  test('each port’s /metrics counts only its own service, so scraping all five counts a request once; the process’s figures appear once', async ({
    hub,
  }) => {
    const urls = { gateway: hub.url, ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, hub.subgraphs[name]!.url])) };
    const scrapeAll = async () =>
      Object.fromEntries(await Promise.all(Object.entries(urls).map(async ([name, url]) => [name, await scrape(url)] as const)));
    const headline = (texts: Record<string, string>) =>
      Object.values(texts).reduce(
        (n, text) =>
          n +
          total(
            text,
            'hub_http_requests_total',
            'service="gateway"',
            'operation="PendingSecondEvaluationsByCounty"',
            'status="200"',
          ),
        0,
      );
    const before = await scrapeAll();
    const token = await hub.token({ level: 'PROVINCE', region: '410000' });
    const res = await post(
      hub.url,
      { query: HEADLINE, operationName: 'PendingSecondEvaluationsByCounty', variables: { within: '410000' } },
      token,
    );
    expect(res.status).toBe(200);
    const after = await scrapeAll();
    expect(headline(after) - headline(before)).toBe(1);
    for (const [name, text] of Object.entries(after)) {
      for (const line of series(text, 'hub_http_requests_total')) expect(line, name).toContain(`service="${name}"`);
      for (const line of series(text, 'hub_db_pool_connections')) expect(line, name).toContain(`subgraph="${name}"`);
      if (name !== 'gateway') expect(series(text, 'hub_subgraph_requests_total'), name).toEqual([]);
      expect(text.includes('process_cpu_seconds_total'), name).toBe(name === 'gateway');
    }
  });

  test('in production /metrics is served only with METRICS_TOKEN as a bearer (401 without, wrong or another scheme), and is 404 when none is set', async ({
    hub,
  }) => {
    const production = (env: Record<string, string>) =>
      startHub(
        parseConfig({
          NODE_ENV: 'production',
          LOG_LEVEL: 'warn',
          HOST: '127.0.0.1',
          FUNDING_PORT: '0',
          HUB_TODAY: hub.config.HUB_TODAY,
          DATABASE_URL: hub.database!.url,
          GATEWAY_SECRET: hub.config.GATEWAY_SECRET,
          ...env,
        }),
        ['funding'],
      );
    const token = randomBytes(16).toString('hex');
    const guarded = await production({ METRICS_TOKEN: token });
    const closed = await production({});
    try {
      const url = guarded.subgraphs.funding!.url;
      const status = async (authorization?: string) =>
        (await fetch(`${url}/metrics`, { headers: authorization ? { authorization } : {} })).status;
      expect(await status()).toBe(401);
      expect(await status(`Bearer ${token}x`)).toBe(401);
      expect(await status(`Basic ${token}`)).toBe(401);
      const refused = await fetch(`${url}/metrics`);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer');
      expectRefusal(await refused.json(), 'UNAUTHENTICATED');
      expect(await status(`Bearer ${token}`)).toBe(200);
      expect(await status(`bearer  ${token}`)).toBe(200);
      expect(await scrape(url, { headers: { authorization: `Bearer ${token}` } })).toContain('hub_http_requests_total');
      const none = await fetch(`${closed.subgraphs.funding!.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(none.status).toBe(404);
      expectRefusal(await none.json(), 'NOT_FOUND');
      // outside production, as the test hub runs, /metrics is open
      expect((await fetch(`${hub.url}/metrics`)).status).toBe(200);
    } finally {
      await guarded.stop();
      await closed.stop();
    }
  });
});
