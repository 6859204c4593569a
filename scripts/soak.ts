/**
 * A soak of a hub of its own, on loopback: its embedded PostgreSQL in a temporary directory, 河南 seeded at scale
 * (scripts/seed.ts, 1,810 studios), and a bounded mixed load for --minutes: the contract's operations
 * (operations/contract/) as offices of each level ask them, exports (the province's studio list as CSV and XLSX,
 * rollups), and writes (allocations of 0.01 元). It reports RSS and heap after a full collection, per process, at
 * the start and at the end, the highest RSS seen, and the answers by kind; it exits non-zero when any answer was a
 * 5xx (other than an export turned away with EXPORT_BUSY), an INTERNAL_SERVER_ERROR or a dropped connection.
 *   npm run soak -- [--minutes 10] [--workers 4]
 * Ports are free loopback ones unless PORT, PERSONNEL_PORT … FUNDING_PORT or PG_PORT name them.
 * The hub runs in this process (the one-process layout of `npm start`), under the heap limit `npm run soak` gives it.
 */
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { getHeapStatistics } from 'node:v8';
import { startHub } from '../hub.ts';
import { signDevToken } from '../lib/auth/dev-keys.ts';
import type { OfficeLevel } from '../lib/domain/vocabulary.ts';
import type { Role } from '../lib/auth/viewer.ts';
import { contractOperation } from '../test/support/contract.ts';
import { scratchConfig } from '../test/support/scratch.ts';
import { seed } from './seed.ts';

const MB = 2 ** 20;
const PORT_VARIABLES = ['PORT', 'PERSONNEL_PORT', 'STUDIOS_PORT', 'EVALUATIONS_PORT', 'FUNDING_PORT', 'PG_PORT'];
const CITIES = ['410100', '410300', '410400', '410700', '411300'];
const COUNTIES = ['410422', '410102', '410181', '410323', '411321'];
const HEADLINE = contractOperation('pending-second-evaluations-by-county.graphql');
const OVERVIEW = contractOperation('region-overview.graphql');
const STUDIO_PAGE = contractOperation('studio-page.graphql');
const RUNNING_STUDIOS = `query ($within: ID!) {
  studios(within: $within, first: 50) { edges { node { id status startYear endYear } } }
}`;
const ALLOCATE = `mutation ($input: AllocateFundsInput!) { allocateFunds(input: $input) { amount } }`;

interface Memory {
  rss: number;
  heapUsed: number;
}

/** This process's memory after a full collection (`--expose-gc`), in MB. */
function memory(): Memory {
  globalThis.gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss: Math.round(rss / MB), heapUsed: Math.round(heapUsed / MB) };
}

interface Answer {
  data?: { studios?: { edges: { node: { id: string; status: string; startYear: number } }[] } };
  errors?: { extensions?: { code?: string } }[];
}

/** One request of the mix, and how its answer is counted. */
type Outcome = 'ok' | 'refused' | 'busy' | 'failed';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { minutes: { type: 'string', default: '10' }, workers: { type: 'string', default: '4' } },
  });
  const minutes = Number(values.minutes);
  const workers = Number(values.workers);
  if (!(minutes > 0) || !(workers >= 1)) throw new Error('--minutes and --workers take positive numbers');
  if (!globalThis.gc) console.error('(run with --expose-gc, as `npm run soak` does, for the heap after a collection)');

  // free loopback ports, or those the environment names
  const ports = Object.fromEntries(PORT_VARIABLES.flatMap((name) => (process.env[name] ? [[name, process.env[name]!]] : [])));
  const { config, dir } = await scratchConfig('studio-hub-soak-', { DEMO_DATA: 'off', ...ports });
  const hub = await startHub(config);
  let failed = true;
  try {
    console.error('seeding 河南 (province scale)…');
    await seed(hub.database!.url, 'province', { quiet: true });
    const url = hub.gateway!.url;
    const token = (level: OfficeLevel, region: string, roles: Role[] = ['viewer']) =>
      signDevToken(config, { level, regionCode: region, schoolId: null, roles });
    const province = await token('PROVINCE', '410000');
    const cities = await Promise.all(CITIES.map((c) => token('CITY', c)));
    const finance = await Promise.all(COUNTIES.map((c) => token('COUNTY', c, ['viewer', 'finance'])));

    const post = async (bearer: string, query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: (await res.json()) as Answer };
    };
    // the studios each county's finance office may fund: running ones, in the years of their cycle
    const fundable = await Promise.all(
      COUNTIES.map(async (county, i) => {
        const { body } = await post(finance[i]!, RUNNING_STUDIOS, { within: county });
        return (body.data?.studios?.edges ?? []).map((e) => e.node).filter((s) => s.status === 'RUNNING');
      }),
    );

    /** Why operations were refused (a write past a funding standard is POLICY_VIOLATION): by code. */
    const refusals = new Map<string, number>();
    const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
    const graphql = async (bearer: string, query: string, variables: Record<string, unknown>): Promise<Outcome> => {
      const { status, body } = await post(bearer, query, variables);
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      if (status >= 500 || codes.includes('INTERNAL_SERVER_ERROR')) return 'failed';
      for (const code of codes) refusals.set(String(code), (refusals.get(String(code)) ?? 0) + 1);
      return codes.length ? 'refused' : 'ok';
    };
    const download = async (bearer: string, path: string): Promise<Outcome> => {
      const res = await fetch(`${url}/export/${path}`, { headers: { authorization: `Bearer ${bearer}` } });
      const body = await res.arrayBuffer();
      if (res.status === 503 && new TextDecoder().decode(body).includes('EXPORT_BUSY')) return 'busy';
      return res.status === 200 ? 'ok' : res.status >= 500 ? 'failed' : 'refused';
    };
    /** The mix: 7 in 10 contract reads, 2 exports, 1 write. */
    const city = () => {
      const i = Math.floor(Math.random() * CITIES.length);
      return { bearer: cities[i]!, code: CITIES[i]! };
    };
    const kinds: [string, () => Promise<Outcome>][] = [
      ['headline', () => graphql(province, HEADLINE, { within: pick(['410000', ...CITIES]) })],
      ['headline', () => (({ bearer, code }) => graphql(bearer, HEADLINE, { within: code }))(city())],
      ['overview', () => (({ bearer, code }) => graphql(bearer, OVERVIEW, { code, year: pick([2024, 2025]) }))(city())],
      ['overview', () => graphql(province, OVERVIEW, { code: '410000', year: 2025 })],
      ['studio page', () => graphql(province, STUDIO_PAGE, { within: pick(['410000', ...CITIES]), first: 100, year: 2025 })],
      [
        'studio page',
        () => (({ bearer, code }) => graphql(bearer, STUDIO_PAGE, { within: code, first: 50, year: 2025 }))(city()),
      ],
      ['studio page', () => graphql(province, STUDIO_PAGE, { within: '410000', first: 500, year: 2025 })],
      ['export', () => download(province, `studios.${pick(['csv', 'xlsx'])}?within=410000&year=2025`)],
      [
        'export',
        () =>
          (({ bearer, code }) => download(bearer, `studio-rollup.xlsx?within=${code}&groupBy=REGION,STATUS&regionLevel=COUNTY`))(
            city(),
          ),
      ],
      [
        'write',
        async () => {
          const i = Math.floor(Math.random() * COUNTIES.length);
          const studio = fundable[i]!.length ? pick(fundable[i]!) : undefined;
          if (!studio) return 'refused';
          const input = { studioId: studio.id, year: studio.startYear, source: 'COUNTY', amount: '0.01' };
          return graphql(finance[i]!, ALLOCATE, { input });
        },
      ],
    ];

    const tally = new Map<string, Record<Outcome | 'dropped', number>>();
    const count = (kind: string, outcome: Outcome | 'dropped') => {
      const row = tally.get(kind) ?? { ok: 0, refused: 0, busy: 0, failed: 0, dropped: 0 };
      row[outcome]++;
      tally.set(kind, row);
    };

    const start = memory();
    let peakRss = start.rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, Math.round(process.memoryUsage().rss / MB))), 1000);
    const limit = Math.round(getHeapStatistics().heap_size_limit / MB);
    console.error(
      `soaking ${url} for ${minutes} min with ${workers} workers; heap limit ${limit} MB; start: RSS ${start.rss} MB, heap ${start.heapUsed} MB`,
    );
    const started = Date.now();
    const deadline = started + minutes * 60_000;
    const progress = setInterval(() => {
      const sent = [...tally.values()].reduce((n, r) => n + r.ok + r.refused + r.busy + r.failed + r.dropped, 0);
      const { rss, heapUsed } = process.memoryUsage();
      console.error(
        `  ${((Date.now() - started) / 60_000).toFixed(1)} min: ${sent} requests, RSS ${Math.round(rss / MB)} MB, heap ${Math.round(heapUsed / MB)} MB`,
      );
    }, 60_000);
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (Date.now() < deadline) {
          const [kind, send] = pick(kinds);
          const outcome = await send().catch(() => 'dropped' as const);
          count(kind, outcome);
        }
      }),
    );
    clearInterval(progress);
    clearInterval(sampler);
    const end = memory();

    console.log(`soak: ${minutes} min, ${workers} workers, one process (gateway and four subgraphs), heap limit ${limit} MB`);
    console.log('  kind          ok  refused  busy  failed  dropped');
    for (const [kind, r] of [...tally].sort()) {
      console.log(
        `  ${kind.padEnd(12)}${String(r.ok).padStart(4)}${String(r.refused).padStart(9)}${String(r.busy).padStart(6)}${String(r.failed).padStart(8)}${String(r.dropped).padStart(9)}`,
      );
    }
    if (refusals.size) console.log(`  refused by code: ${[...refusals].map(([code, n]) => `${code} ${n}`).join(', ')}`);
    console.log('  process   when    RSS (MB)  heap after GC (MB)');
    console.log(`  hub       start   ${String(start.rss).padStart(8)}  ${String(start.heapUsed).padStart(18)}`);
    console.log(`  hub       end     ${String(end.rss).padStart(8)}  ${String(end.heapUsed).padStart(18)}`);
    console.log(`  hub       peak    ${String(peakRss).padStart(8)}`);
    failed = [...tally.values()].some((r) => r.failed + r.dropped > 0);
  } finally {
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
  // exits with the verdict: something in the stopped hub's teardown would otherwise leave the exit code at 0
  process.exit(failed ? 1 : 0);
}

if (import.meta.main) await main();
