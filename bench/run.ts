/**
 * How much the hub costs against the best hand-written SQL, and against a peer gateway, on the data
 * `npm run seed -- --scale national` made (the same configuration as `npm start`: PG_DATA_DIR or DATABASE_URL).
 * `npm run bench`:
 *
 * 1. The one-process hub (`npm start`'s layout): every contract operation and the analysts' rollups for 河南省
 *    (410000), and the headline for the whole country (one request by the national office), through the gateway and as plain SQL (equality joins and
 *    constant prefixes on the tables' indexes, one round trip), interleaved round by round: medians, spread
 *    (p10–p90) and their ratio; the three contract operations also as a county (河南's with the most studios), its
 *    city and the national office ask them for their own regions (`levels`: past the cache ÷ SQL per operation and
 *    level). Then the SQL statements one studio page costs at first = 50 and first = 500.
 * 2. The peer: the same subgraphs behind Hive Gateway (bench/peer.ts), serving the same stored supergraph, once
 *    with its JS query planner and once with its Rust one, in the same process as the hub's subgraphs and gateway;
 *    its merging of in-flight requests is off, and it verifies the user's JWT and signs `x-hub-viewer` per request
 *    as our gateway does. Before the peers are timed, every operation's data through each is compared with ours
 *    (`peer.answers`, printed).
 *    Then under load (the contract operations in turn) at concurrency 16 and 64, ours and each peer taking turns
 *    in slices of BENCH_LOAD_SECONDS (BENCH_LOAD_SLICES each, the order rotating): requests per second and
 *    p50/p95/p99, and ours / peer.
 * 3. The same with every service in its own process: the gateway, each subgraph, and each peer (`node
 *    bench/peer.ts`); the same answer check and the same alternated load; then each process's peak RSS (VmHWM).
 *
 * 4. A day's mix, on the one-process hub: viewers of 300 counties, 30 cities and 5 provinces (real codes from the
 *    data, each reading its own region) send the three contract operations at concurrency 16 while county editors
 *    record work (`recordWork`) through the same gateway at 0, 1, 5 and 20 writes per second, spread over those
 *    counties (BENCH_MIXED_WRITES=all: over every county), BENCH_MIXED_SECONDS each (30 by default), after one
 *    warming pass over every office's operations; then the same reads past the answer cache. Per rate: the share
 *    of reads the answer cache served (its `x-hub-cache: hit` header), read requests per second, p50/p95/p99 and
 *    errors (`mixed.<rate>`), and `mixed.ratioWrite5` (read rps at 5 writes/s / at none). Then per contract
 *    operation, BENCH_HOP_REQUESTS (20) requests by 河南省 one at a time past the cache: the gateway's time, and
 *    per subgraph the gateway's fetches and their time (hub_subgraph_request_duration_seconds, summed: parallel
 *    fetches overlap), the subgraph's own time (its hub_http_request_duration_seconds) and its SQL as the ORM
 *    timed it (`mixed.hops`), and the same for that county's office (`.county`). Then BENCH_OFFERED_RATE (30) reads a
 *    second offered on a fixed schedule whatever the answers' pace (open loop), with no writes and at 5 writes/s
 *    (`mixed.offered`: sustained when every read is answered without error and the p95 from when each was due is
 *    within 1 s). The writes stay in the database (one work item each).
 *
 * `peer.ratio` is ours / Hive Gateway (JS planner) in requests per second, the lowest of both layouts and both
 * concurrencies (`peer.ratioIs` names which); `peer.ratioRust` is ours past the answer cache / Hive with its Rust
 * planner, the lowest likewise; `peer.load` has every layout, concurrency and planner. Writes
 * bench/results/latest.json and prints tables; it asserts nothing. BENCH_ROUNDS, BENCH_LOAD_SECONDS,
 * BENCH_LOAD_SLICES, BENCH_MIXED_SECONDS and BENCH_HOP_REQUESTS shorten a trial run; BENCH_ONLY=mixed runs
 * section 4 alone and keeps the other fields of latest.json (filling `peer.ratioRust` from its `peer.load`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { startHub, type Service } from '../hub.ts';
import { createTokenVerifier } from '../lib/auth/tokens.ts';
import { signDevToken } from '../lib/auth/dev-keys.ts';
import type { OfficeLevel } from '../lib/domain/vocabulary.ts';
import type { Role } from '../lib/auth/viewer.ts';
import { parseConfig, SUBGRAPH_NAMES, type Config, type SubgraphName } from '../lib/service/config.ts';
import { openDatabase } from '../lib/data/database.ts';
import { metricsOf } from '../lib/service/observability.ts';
import { composeCommand } from '../scripts/compose-command.ts';
import { PLANNERS, startPeer, type Peer, type Planner } from './peer.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const WARMUP = 3;
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 8);
/** Slices of LOAD_SECONDS each gateway gets at each concurrency, the gateways taking turns slice by slice. */
const LOAD_SLICES = Number(process.env.BENCH_LOAD_SLICES ?? 3);
const CONCURRENCIES = [16, 64] as const;
/** BENCH_ONLY=mixed runs the mixed scenario alone (section 4), keeping the other fields of latest.json. */
const ONLY_MIXED = process.env.BENCH_ONLY === 'mixed';
if (process.env.BENCH_ONLY && !ONLY_MIXED) throw new Error(`BENCH_ONLY: mixed or nothing, not ${process.env.BENCH_ONLY}`);
/** Seconds of each write rate in the mixed scenario. */
const MIXED_SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 30);
const MIXED_RATES = [0, 1, 5, 20] as const;
const MIXED_CONCURRENCY = 16;
/**
 * Where the mixed scenario writes: `readers` (the default), the counties the viewers read, so that every write
 * ends answers someone reads; `all`, every county with studios, as a day's writes fall.
 */
const MIXED_WRITES = process.env.BENCH_MIXED_WRITES ?? 'readers';
if (MIXED_WRITES !== 'readers' && MIXED_WRITES !== 'all')
  throw new Error(`BENCH_MIXED_WRITES: readers or all, not ${MIXED_WRITES}`);
/** Requests of each contract operation, one at a time, for the per-hop breakdown. */
const HOP_REQUESTS = Number(process.env.BENCH_HOP_REQUESTS ?? 20);
/** Reads a second offered on a fixed schedule (open loop), with no writes and at 5 writes/s. */
const OFFERED_RATE = Number(process.env.BENCH_OFFERED_RATE ?? 30);
const YEAR = 2022;
const ROOT = new URL('..', import.meta.url);

const contract = (name: string) => readFile(new URL(`operations/contract/${name}.graphql`, ROOT), 'utf8');
const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const round1 = (x: number) => Math.round(x * 10) / 10;
const round2 = (x: number) => Math.round(x * 100) / 100;
const versionOf = async (name: string): Promise<string> =>
  JSON.parse(await readFile(new URL(`node_modules/${name}/package.json`, ROOT), 'utf8')).version;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Peak resident memory of a process (Linux), in MB. */
async function peakRssMb(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

interface Office {
  level: OfficeLevel;
  region: string;
  /** ['viewer'] unless given. */
  roles?: Role[];
}
interface Operation {
  name: string;
  /** One request or several through the gateway; throws on a wrong answer. */
  gateway: (post: Post) => Promise<unknown>;
  /** The same answer from plain SQL in one round trip. */
  sql: (db: pg.Client) => Promise<unknown>;
}
type Post = (query: string, variables: Record<string, unknown>, office?: Office) => Promise<any>;

const HENAN: Office = { level: 'PROVINCE', region: '410000' };
const NATION: Office = { level: 'NATION', region: '100000' };
const CITY_OF = (column: string) => `(case when ${column} like '__0000' then ${column} else substr(${column}, 1, 4) || '00' end)`;

function expectRows(json: any, rows: number, pick: (data: any) => unknown[]): void {
  if (json.errors) throw new Error(`gateway: ${JSON.stringify(json.errors[0])}`);
  const got = pick(json.data).length;
  if (got !== rows) throw new Error(`gateway answered ${got} rows where SQL has ${rows}`);
}

/** The region-code prefix of a region's subtree: none for the nation, 2 digits for a province, 4 for a city, 6 for a county. */
const prefixOf = (code: string) =>
  code === '100000' ? '' : code.endsWith('0000') ? code.slice(0, 2) : code.endsWith('00') ? code.slice(0, 4) : code;

/**
 * The three contract operations as `office` asks them for its own region, each beside the same answer from plain SQL
 * (the region's subtree by its code prefix), named `<operation><suffix>`.
 */
async function contractOperations(db: pg.Client, office: Office, suffix: string, pages = [50]): Promise<Operation[]> {
  const [headline, overview, studioPage] = await Promise.all([
    contract('pending-second-evaluations-by-county'),
    contract('region-overview'),
    contract('studio-page'),
  ]);
  const code = office.region;
  const like = `'${prefixOf(code)}%'`;
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].count);
  const headlineSql = `
    select c.code, c.name, p.code as parent_code, p.name as parent_name, coalesce(e.studios, 0) as studio_count
      from personnel.region c
      join personnel.region p on p.code = c.parent_code
      left join (select region_code, count(distinct studio_id) as studios from evaluations.evaluation
                  where kind = 'SECOND_EVALUATION' and status = 'PENDING' and region_code like ${like}
                  group by region_code) e on e.region_code = c.code
     where c.code like ${like} and c.county_level and c.code <> '${code}'
     order by c.code`;
  const counties = (await db.query(headlineSql)).rowCount!;
  const children = await count(`select count(*) from personnel.region where parent_code = '${code}'`);
  const studios = await count(`select count(*) from studios.studio where region_code like ${like}`);
  // the children's rows: a region's children share its prefix and two more digits
  const child = `substr(region_code, 1, ${prefixOf(code).length + 2})`;
  return [
    {
      name: `headline${suffix}`,
      gateway: async (post) => expectRows(await post(headline, { within: code }, office), counties, (d) => d.region.descendants),
      sql: (db) => db.query(headlineSql),
    },
    {
      name: `regionOverview${suffix}`,
      gateway: async (post) => expectRows(await post(overview, { code, year: YEAR }, office), children, (d) => d.region.children),
      // one round trip, several statements
      sql: (db) =>
        db.query(`
          select r.code, r.name, r.level, p.code as parent_code, p.name as parent_name
            from personnel.region r left join personnel.region p on p.code = r.parent_code where r.code = '${code}';
          select s.status, s.level, count(*) as studios, coalesce(sum(m.members), 0) as members
            from studios.studio s
            left join lateral (select count(*) as members from studios.studio_member cm
                                where cm.studio_id = s.id and cm.left_on is null) m on true
           where s.region_code like ${like} group by s.status, s.level;
          select result, count(*), count(distinct studio_id) from evaluations.evaluation
           where region_code like ${like} and year = ${YEAR} group by rollup (result);
          select coalesce(sum(amount_fen), 0), coalesce(sum(amount_fen) filter (where matching), 0)
            from funding.allocation where region_code like ${like} and year = ${YEAR};
          select coalesce(sum(amount_fen), 0) from funding.expenditure
           where region_code like ${like} and year = ${YEAR} and status = 'BOOKED';
          select code, name, level from personnel.region where parent_code = '${code}' order by code;
          select ${child} as child, count(*) from studios.studio where region_code like ${like} group by 1;
          select ${child} as child, count(distinct studio_id) from evaluations.evaluation
           where region_code like ${like} and kind = 'SECOND_EVALUATION' and status = 'PENDING' group by 1;
          select ${child} as child, sum(amount_fen) from funding.allocation
           where region_code like ${like} and year = ${YEAR} group by 1;
          select ${child} as child, sum(amount_fen) from funding.expenditure
           where region_code like ${like} and year = ${YEAR} and status = 'BOOKED' group by 1`),
    },
    ...pages.map((first): Operation => ({
      name: `studioPage${first}${suffix}`,
      gateway: async (post) =>
        expectRows(
          await post(studioPage, { within: code, first, year: YEAR }, office),
          Math.min(first, studios),
          (d) => d.studios.edges,
        ),
      sql: (db) =>
        db.query(`
          with page as (select id, name, level, status, updated_at, region_code, host_teacher_id from studios.studio
                         where region_code like ${like} order by updated_at, id limit ${first + 1})
          select p.*, r.name as region_name, t.name as host_name,
                 (select count(*) from studios.studio_member m where m.studio_id = p.id and m.left_on is null) as member_count,
                 (select json_agg(json_build_object('kind', e.kind, 'year', e.year, 'status', e.status, 'result', e.result))
                    from evaluations.evaluation e where e.studio_id = p.id) as evaluations,
                 (select coalesce(sum(amount_fen), 0) from funding.allocation a where a.studio_id = p.id and a.year = ${YEAR}) as allocated,
                 (select coalesce(sum(amount_fen), 0) from funding.expenditure x
                   where x.studio_id = p.id and x.year = ${YEAR} and x.status = 'BOOKED') as spent,
                 (select count(*) from studios.studio where region_code like ${like}) as total
            from page p
            join personnel.region r on r.code = p.region_code
            join personnel.teacher t on t.id = p.host_teacher_id
           order by p.updated_at, p.id`),
    })),
  ];
}

/**
 * The office of each level the bench reads as: the county with the most studios in 河南, its city, 河南 and the
 * nation.
 */
async function levelOffices(db: pg.Client): Promise<Record<'county' | 'city' | 'province' | 'nation', Office>> {
  const county = (
    await db.query<{ code: string }>(
      `select region_code as code from studios.studio where region_code like '41%' group by 1 order by count(*) desc, 1 limit 1`,
    )
  ).rows[0]!.code;
  return {
    county: { level: 'COUNTY', region: county },
    city: { level: 'CITY', region: `${county.slice(0, 4)}00` },
    province: HENAN,
    nation: NATION,
  };
}

/**
 * 河南's contract operations (named plainly, as the load and the peer comparison use them) and analysts' rollups;
 * the contract operations of the other levels as their own offices ask them (`.county`, `.city`, `.nation`), and
 * 河南's studio page of 200.
 */
async function operations(db: pg.Client): Promise<Operation[]> {
  const offices = await levelOffices(db);
  // one after the other: one client runs one query at a time
  const henan = await contractOperations(db, offices.province, '', [50, 200]);
  const county = await contractOperations(db, offices.county, '.county');
  const city = await contractOperations(db, offices.city, '.city');
  const nation = await contractOperations(db, offices.nation, '.nation');
  return [
    ...henan,
    ...county,
    ...city,
    ...nation,

    {
      name: 'studioRollup',
      gateway: async (post) => {
        const sql = await db.query(
          `select count(distinct (${CITY_OF('region_code')}, status)) from studios.studio where region_code like '41%'`,
        );
        expectRows(
          await post(
            `query { studioRollup(within: "410000", groupBy: [REGION, STATUS], regionLevel: CITY) {
               region { code name } status studioCount memberCount share } }`,
            {},
          ),
          Number(sql.rows[0].count),
          (d) => d.studioRollup,
        );
      },
      sql: (db) =>
        db.query(`
          select g.*, r.name from (
            select ${CITY_OF('s.region_code')} as city, s.status, count(*) as studios, coalesce(sum(m.members), 0) as members
              from studios.studio s
              left join lateral (select count(*) as members from studios.studio_member cm
                                  where cm.studio_id = s.id and cm.left_on is null) m on true
             where s.region_code like '41%' group by 1, 2) g
          left join personnel.region r on r.code = g.city order by 1, 2`),
    },
    {
      name: 'evaluationRollup',
      gateway: async (post) => {
        const json = await post(
          `query { evaluationRollup(within: "410000", groupBy: [REGION, RESULT], regionLevel: CITY, filter: { year: ${YEAR} }) {
             region { code name } result count studioCount } }`,
          {},
        );
        if (json.errors || !json.data.evaluationRollup.length) throw new Error(JSON.stringify(json.errors?.[0] ?? 'empty'));
      },
      sql: (db) =>
        db.query(`
          select g.*, r.name from (
            select ${CITY_OF('region_code')} as city, result, count(*) as evaluations, count(distinct studio_id) as studios
              from evaluations.evaluation where region_code like '41%' and year = ${YEAR} group by 1, 2) g
          left join personnel.region r on r.code = g.city order by 1, 2`),
    },
    {
      name: 'fundingRollup',
      gateway: async (post) => {
        const json = await post(
          `query { fundingRollup(within: "410000", groupBy: [REGION, YEAR], regionLevel: CITY) {
             region { code name } year allocated matched spent share } }`,
          {},
        );
        if (json.errors || !json.data.fundingRollup.length) throw new Error(JSON.stringify(json.errors?.[0] ?? 'empty'));
      },
      sql: (db) =>
        db.query(`
          select g.*, r.name from (
            select coalesce(a.city, x.city) as city, coalesce(a.year, x.year) as year,
                   coalesce(a.allocated, 0) as allocated, coalesce(a.matched, 0) as matched, coalesce(x.spent, 0) as spent
              from (select ${CITY_OF('region_code')} as city, year, sum(amount_fen) as allocated,
                           sum(amount_fen) filter (where matching) as matched
                      from funding.allocation where region_code like '41%' group by 1, 2) a
              full join (select ${CITY_OF('region_code')} as city, year, sum(amount_fen) as spent
                           from funding.expenditure where region_code like '41%' and status = 'BOOKED' group by 1, 2) x
                on x.city = a.city and x.year = a.year) g
          left join personnel.region r on r.code = g.city order by 1, 2`),
    },
  ];
}

/**
 * Posts as the office's viewer (or its roles); `fresh` asks past the gateway's answer cache (Cache-Control:
 * no-cache); `seen` is shown each response before its body is read.
 */
function poster(config: Config, url: string, fresh = false, seen?: (res: Response) => void): Post {
  const tokens = new Map<string, Promise<string>>();
  const token = (o: Office) => {
    const roles: Role[] = o.roles ?? ['viewer'];
    const key = `${o.level}:${o.region}:${roles.join(',')}`;
    if (!tokens.has(key)) tokens.set(key, signDevToken(config, { level: o.level, regionCode: o.region, schoolId: null, roles }));
    return tokens.get(key)!;
  };
  return async (query, variables, office = HENAN) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await token(office)}`,
        ...(fresh ? { 'cache-control': 'no-cache' } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    seen?.(res);
    return res.json();
  };
}

interface Timing {
  /** Through the gateway as deployed: a repeated query may be answered from its answer cache. */
  gatewayMs: number;
  gatewaySpread: [number, number];
  /** Through the gateway past its answer cache (Cache-Control: no-cache): every subgraph asked. */
  uncachedMs: number;
  uncachedSpread: [number, number];
  sqlMs: number;
  sqlSpread: [number, number];
  ratio: number;
  ratioUncached: number;
}

/** The gateway, the gateway past its cache and SQL one after the other within each round, every operation in every round. */
async function interleaved(ops: Operation[], post: Post, fresh: Post, db: pg.Client): Promise<Record<string, Timing>> {
  const samples = new Map(ops.map((op) => [op.name, { gateway: [] as number[], uncached: [] as number[], sql: [] as number[] }]));
  const time = async (run: () => Promise<unknown>) => {
    const start = performance.now();
    await run();
    return performance.now() - start;
  };
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    for (const op of ops) {
      const s = samples.get(op.name)!;
      const gateway = await time(() => op.gateway(post));
      const uncached = await time(() => op.gateway(fresh));
      const sql = await time(() => op.sql(db));
      if (round >= WARMUP) {
        s.gateway.push(gateway);
        s.uncached.push(uncached);
        s.sql.push(sql);
      }
    }
    process.stderr.write(`\rround ${round + 1}/${WARMUP + ROUNDS}`);
  }
  process.stderr.write('\n');
  return Object.fromEntries(
    [...samples].map(([name, s]) => {
      const gatewayMs = quantile(s.gateway, 0.5);
      const uncachedMs = quantile(s.uncached, 0.5);
      const sqlMs = quantile(s.sql, 0.5);
      const spread = (xs: number[]): [number, number] => [round1(quantile(xs, 0.1)), round1(quantile(xs, 0.9))];
      return [
        name,
        {
          gatewayMs: round2(gatewayMs),
          gatewaySpread: spread(s.gateway),
          uncachedMs: round1(uncachedMs),
          uncachedSpread: spread(s.uncached),
          sqlMs: round1(sqlMs),
          sqlSpread: spread(s.sql),
          ratio: round2(gatewayMs / sqlMs),
          ratioUncached: round1(uncachedMs / sqlMs),
        },
      ];
    }),
  );
}

interface Load {
  concurrency: number;
  requests: number;
  /** Requests answered with an error or a wrong answer; they count in the latencies too. */
  errors: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
}

interface Slice {
  latencies: number[];
  errors: number;
  seconds: number;
}

/** `concurrency` clients each sending the contract operations in turn for `seconds`. */
async function slice(ops: Operation[], post: Post, concurrency: number, seconds = LOAD_SECONDS): Promise<Slice> {
  const mix = ops.filter((op) => ['headline', 'regionOverview', 'studioPage50'].includes(op.name));
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, client) => {
      for (let i = client; performance.now() < until; i++) {
        const start = performance.now();
        await mix[i % mix.length]!.gateway(post).catch(() => errors++);
        latencies.push(performance.now() - start);
      }
    }),
  );
  return { latencies, errors, seconds: (performance.now() - started) / 1000 };
}

/** The slices of one gateway at one concurrency taken together: requests over the time they took. */
function summarize(concurrency: number, slices: Slice[]): Load {
  const latencies = slices.flatMap((s) => s.latencies);
  const seconds = slices.reduce((t, s) => t + s.seconds, 0);
  return {
    concurrency,
    requests: latencies.length,
    errors: slices.reduce((n, s) => n + s.errors, 0),
    rps: round1(latencies.length / seconds),
    p50: round1(quantile(latencies, 0.5)),
    p95: round1(quantile(latencies, 0.95)),
    p99: round1(quantile(latencies, 0.99)),
  };
}

interface Target {
  name: 'ours' | 'ours-uncached' | `hive-${Planner}`;
  post: Post;
}

/**
 * Every gateway at each concurrency, LOAD_SLICES slices each, taking turns slice by slice (the order rotating
 * each time round), so that whatever else the machine does falls on all of them alike.
 */
async function alternated(ops: Operation[], targets: Target[]): Promise<Record<string, Load[]>> {
  for (const t of targets) await slice(ops, t.post, 4, Math.min(LOAD_SECONDS, 4)); // warm up
  const loads: Record<string, Load[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (const concurrency of CONCURRENCIES) {
    const slices = new Map<string, Slice[]>(targets.map((t) => [t.name, []]));
    for (let round = 0; round < LOAD_SLICES; round++) {
      for (let k = 0; k < targets.length; k++) {
        const t = targets[(round + k) % targets.length]!;
        slices.get(t.name)!.push(await slice(ops, t.post, concurrency));
        process.stderr.write(
          `\rload at concurrency ${concurrency}: slice ${round * targets.length + k + 1}/${LOAD_SLICES * targets.length}`,
        );
      }
    }
    for (const t of targets) loads[t.name]!.push(summarize(concurrency, slices.get(t.name)!));
  }
  process.stderr.write('\n');
  return loads;
}

/** A canonical form of a response (keys sorted), to compare two gateways' answers. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * Before any timing: every operation through our gateway and through the peer, each response's data compared
 * (and neither may carry errors). Returns, per operation, 'equal' or what differs.
 */
async function sameAnswers(ops: Operation[], ours: Post, peer: Post): Promise<Record<string, string>> {
  const recording =
    (post: Post, into: any[]): Post =>
    async (query, variables, office) => {
      const json = await post(query, variables, office);
      into.push(json);
      return json;
    };
  const verdicts: Record<string, string> = {};
  for (const op of ops) {
    const a: any[] = [];
    const b: any[] = [];
    const failed: string[] = [];
    await op.gateway(recording(ours, a)).catch((e: Error) => failed.push(`ours: ${e.message}`));
    await op.gateway(recording(peer, b)).catch((e: Error) => failed.push(`peer: ${e.message}`));
    if (failed.length) verdicts[op.name] = failed.join('; ').slice(0, 300);
    else if (a.length !== b.length) verdicts[op.name] = `${a.length} requests against ${b.length}`;
    else {
      const differs = a.findIndex((json, i) => canonical(json.data) !== canonical(b[i].data) || !!json.errors !== !!b[i].errors);
      verdicts[op.name] =
        differs < 0
          ? 'equal'
          : `differs: ours ${canonical(a[differs]).slice(0, 150)} peer ${canonical(b[differs]).slice(0, 150)}`;
    }
  }
  return verdicts;
}

/** Statements the four subgraphs send for one request (the outbox relay's polling left out). */
async function statementsOf(hub: Awaited<ReturnType<typeof startHub>>, run: () => Promise<unknown>): Promise<number> {
  const counters = SUBGRAPH_NAMES.map((name) => hub.subgraphs[name]!.orm.queries);
  for (const c of counters) c.reset();
  await run();
  return counters.reduce((n, c) => n + c.statements.filter((sql) => !sql.includes('outbox_event')).length, 0);
}

async function waitHealthy(url: string, child: ChildProcess, path = '/readyz'): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}${path}`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not become healthy`);
}

/**
 * The gateway and each subgraph as its own `node hub.ts <service>` process on the same database, and beside them
 * the peer gateway with each planner as its own `node bench/peer.ts` process in front of the same subgraphs.
 */
async function startApart(config: Config, databaseUrl: string) {
  const ports = Object.fromEntries(await Promise.all(SUBGRAPH_NAMES.map(async (n) => [n, await freePort()])));
  const gatewayPort = await freePort();
  const peerPorts = Object.fromEntries(await Promise.all(PLANNERS.map(async (p) => [p, await freePort()]))) as Record<
    Planner,
    number
  >;
  const env = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DEMO_DATA: 'off',
    LOG_LEVEL: 'warn',
    DEV_KEY_FILE: config.DEV_KEY_FILE,
    GATEWAY_SECRET: randomBytes(32).toString('hex'),
    PORT: String(gatewayPort),
    ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_PORT`, String(ports[n])])),
  };
  const children: Partial<Record<Service | `hive-${Planner}`, ChildProcess>> = {};
  const start = (service: Service) =>
    (children[service] = spawn(process.execPath, composeCommand(service), {
      cwd: fileURLToPath(ROOT),
      env,
      stdio: 'ignore',
    }));
  const startPeerProcess = (planner: Planner) =>
    (children[`hive-${planner}`] = spawn(process.execPath, [fileURLToPath(new URL('bench/peer.ts', ROOT))], {
      env: { ...env, PORT: String(peerPorts[planner]), PEER_PLANNER: planner },
      stdio: ['ignore', 'ignore', 'inherit'],
    }));
  try {
    await Promise.all(SUBGRAPH_NAMES.map((n) => waitHealthy(`http://127.0.0.1:${ports[n]}`, start(n))));
    await waitHealthy(`http://127.0.0.1:${gatewayPort}`, start('gateway'));
    for (const planner of PLANNERS)
      await waitHealthy(`http://127.0.0.1:${peerPorts[planner]}`, startPeerProcess(planner), '/healthcheck');
  } catch (error) {
    for (const child of Object.values(children)) child.kill('SIGTERM');
    throw error;
  }
  return {
    url: `http://127.0.0.1:${gatewayPort}`,
    peerUrls: Object.fromEntries(PLANNERS.map((p) => [p, `http://127.0.0.1:${peerPorts[p]}`])) as Record<Planner, string>,
    children,
    stop: async () => {
      await Promise.all(
        Object.values(children).map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

/** Ours past the answer cache / Hive Gateway with its Rust planner in requests per second, the lowest of `peer.load`. */
function lowestRustRatio(peerLoad: Record<string, Array<{ ratioUncached: Record<string, number> }>>): number {
  return Math.min(...Object.values(peerLoad).flatMap((rows) => rows.map((row) => row.ratioUncached.rust!)));
}

const LEVELS = { county: '.county', city: '.city', province: '', nation: '.nation' } as const;
const CONTRACT = ['headline', 'regionOverview', 'studioPage50'] as const;

/** Per contract operation and level, past the answer cache against the best SQL, and whether it is within 3×. */
function levelsOf(timings: Record<string, Timing>) {
  return Object.fromEntries(
    CONTRACT.map((op) => [
      op,
      Object.fromEntries(
        Object.entries(LEVELS).map(([level, suffix]) => {
          const t = timings[`${op}${suffix}`]!;
          return [
            level,
            { uncachedMs: t.uncachedMs, sqlMs: t.sqlMs, ratioUncached: t.ratioUncached, within3: t.ratioUncached <= 3 },
          ];
        }),
      ),
    ]),
  ) as Record<
    (typeof CONTRACT)[number],
    Record<keyof typeof LEVELS, { uncachedMs: number; sqlMs: number; ratioUncached: number; within3: boolean }>
  >;
}

function levelsTable(levels: ReturnType<typeof levelsOf>): string {
  const names = Object.keys(LEVELS) as (keyof typeof LEVELS)[];
  return [
    `| past the cache ÷ SQL | ${names.join(' | ')} |`,
    `|---|${names.map(() => '---').join('|')}|`,
    ...CONTRACT.map(
      (op) =>
        `| ${op} | ${names.map((l) => `${levels[op][l].ratioUncached}× (${levels[op][l].uncachedMs} / ${levels[op][l].sqlMs} ms)`).join(' | ')} |`,
    ),
  ].join('\n');
}

function table(timings: Record<string, Timing>): string {
  const lines = [
    `| operation | gateway median (p10–p90) | past the answer cache | best SQL median (p10–p90) | ratio | ratio uncached |`,
    `|---|---|---|---|---|---|`,
    ...Object.entries(timings).map(
      ([name, t]) =>
        `| ${name} | ${t.gatewayMs} ms (${t.gatewaySpread.join('–')}) | ${t.uncachedMs} ms (${t.uncachedSpread.join('–')}) | ${t.sqlMs} ms (${t.sqlSpread.join('–')}) | ${t.ratio}× | ${t.ratioUncached}× |`,
    ),
  ];
  return lines.join('\n');
}

function peerTable(peerLoad: Record<string, Array<Record<string, any>>>): string {
  const lines = [
    `| layout | concurrency | gateway | req/s | p50 | p95 | p99 | errors | ours / this |`,
    `|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const [layout, rows] of Object.entries(peerLoad))
    for (const row of rows)
      for (const name of ['ours', 'ours-uncached', ...PLANNERS.map((p) => `hive-${p}`)]) {
        const l = row[name] as Load;
        const planner = name.slice('hive-'.length);
        const ratio = name.startsWith('hive-') ? `${row.ratio[planner]}× (uncached ${row.ratioUncached[planner]}×)` : '';
        lines.push(
          `| ${layout} | ${row.concurrency} | ${name} | ${l.rps} | ${l.p50} ms | ${l.p95} ms | ${l.p99} ms | ${l.errors}/${l.requests} | ${ratio} |`,
        );
      }
  return lines.join('\n');
}

/** Sections 1–3: the hub against SQL and against the peer, in one process and apart; prints its tables. */
async function full(config: Config, databaseUrl: string, db: pg.Client, scale: string, studios: number) {
  const ops = await operations(db);
  const verdicts: Record<string, Record<string, Record<string, string>>> = { oneProcess: {}, separateProcesses: {} };
  const check = async (layout: string, ours: Post, targets: Target[]) => {
    for (const t of targets.filter((t) => t.name.startsWith('hive-')))
      verdicts[layout]![t.name] = await sameAnswers(ops, ours, t.post);
  };

  // 1. the one-process hub, and the peer in the same process in front of its subgraphs
  const hub = await startHub(config);
  let timings: Record<string, Timing>;
  let statements: { first50: number; first500: number };
  let together: Record<string, Load[]>;
  let hubPeakMb: number | null;
  const peers: Peer[] = [];
  try {
    const post = poster(config, hub.gateway!.url);
    const fresh = poster(config, hub.gateway!.url, true);
    timings = await interleaved(ops, post, fresh, db);
    const studioPage = await contract('studio-page');
    statements = {
      // past the answer cache: what the subgraphs send for a page they are asked for
      first50: await statementsOf(hub, () => fresh(studioPage, { within: '410000', first: 50, year: YEAR })),
      first500: await statementsOf(hub, () => fresh(studioPage, { within: '410000', first: 500, year: YEAR })),
    };
    const subgraphUrls = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, `${hub.subgraphs[n]!.url}/graphql`])) as Record<
      SubgraphName,
      string
    >;
    const verifyToken = await createTokenVerifier(config);
    const targets: Target[] = [
      { name: 'ours', post },
      { name: 'ours-uncached', post: poster(config, hub.gateway!.url, true) },
    ];
    for (const planner of PLANNERS) {
      const peer = await startPeer({ planner, subgraphUrls, verifyToken, gatewaySecret: config.GATEWAY_SECRET! });
      peers.push(peer);
      targets.push({ name: `hive-${planner}`, post: poster(config, peer.url) });
    }
    await check('oneProcess', post, targets);
    together = await alternated(ops, targets);
    hubPeakMb = await peakRssMb(process.pid);
  } finally {
    for (const peer of peers) await peer.close();
    await hub.stop();
  }

  // 2. every service in its own process, and the peer too
  const apart = await startApart(config, databaseUrl);
  let separate: Record<string, Load[]>;
  const memory: Record<string, number | null> = {};
  try {
    const post = poster(config, apart.url);
    const targets: Target[] = [
      { name: 'ours', post },
      { name: 'ours-uncached', post: poster(config, apart.url, true) },
      ...PLANNERS.map((p) => ({ name: `hive-${p}` as const, post: poster(config, apart.peerUrls[p]) })),
    ];
    await check('separateProcesses', post, targets);
    separate = await alternated(ops, targets);
    for (const [service, child] of Object.entries(apart.children)) memory[service] = await peakRssMb(child.pid!);
  } finally {
    await apart.stop();
  }

  // ours / peer in requests per second, per layout, concurrency and planner
  const layouts = { oneProcess: together, separateProcesses: separate };
  const peerLoad = Object.fromEntries(
    Object.entries(layouts).map(([layout, loads]) => [
      layout,
      CONCURRENCIES.map((concurrency, i) => ({
        concurrency,
        ours: loads.ours![i]!,
        ...Object.fromEntries(PLANNERS.map((p) => [`hive-${p}`, loads[`hive-${p}`]![i]!])),
        'ours-uncached': loads['ours-uncached']![i]!,
        ratio: Object.fromEntries(PLANNERS.map((p) => [p, round2(loads.ours![i]!.rps / loads[`hive-${p}`]![i]!.rps)])),
        ratioUncached: Object.fromEntries(
          PLANNERS.map((p) => [p, round2(loads['ours-uncached']![i]!.rps / loads[`hive-${p}`]![i]!.rps)]),
        ),
      })),
    ]),
  );
  // the headline: the lowest ratio against the JS planner over both layouts and both concurrencies
  const candidates = Object.entries(peerLoad).flatMap(([layout, rows]) =>
    rows.map((row) => ({ layout, concurrency: row.concurrency, ratio: row.ratio.js! })),
  );
  const worst = candidates.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  const worstUncached = Math.min(...Object.values(peerLoad).flatMap((rows) => rows.map((row) => row.ratioUncached.js!)));
  // ours past the answer cache / Hive Gateway with its Rust planner, the lowest likewise
  const worstRust = lowestRustRatio(peerLoad);
  const allEqual = Object.values(verdicts).every((byPeer) =>
    Object.values(byPeer).every((byOp) => Object.values(byOp).every((v) => v === 'equal')),
  );

  const result = {
    scale,
    studios,
    measuredAt: 'one run, interleaved',
    rounds: ROUNDS,
    headline: timings.headline,
    headlineNational: timings['headline.nation'],
    levels: levelsOf(timings),
    peer: {
      ratio: worst.ratio,
      ratioUncached: worstUncached,
      ratioRust: worstRust,
      ratioIs: `ours / Hive Gateway (JS planner) requests per second, the lowest of both layouts and both concurrencies: ${worst.layout}, concurrency ${worst.concurrency}`,
      gateway: `@graphql-hive/gateway ${await versionOf('@graphql-hive/gateway')}, Rust planner @graphql-hive/router-runtime ${await versionOf('@graphql-hive/router-runtime')}`,
      planners: PLANNERS,
      requestMerging:
        'off: subgraph in-flight deduplication (deduplicateInflightRequests: false on every subgraph) and inbound deduplication (its default)',
      viewer: "the user's JWT verified with the hub's verifier, the viewer signed once per request into x-hub-viewer",
      sameAnswers: allEqual,
      answers: verdicts,
      sliceSeconds: LOAD_SECONDS,
      slices: LOAD_SLICES,
      load: peerLoad,
    },
    statements,
    memory: {
      gatewayMb: memory.gateway,
      subgraphsMb: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, memory[n]])),
      peerMb: Object.fromEntries(PLANNERS.map((p) => [p, memory[`hive-${p}`]])),
      oneProcessHubMb: hubPeakMb,
    },
    load: { oneProcess: together.ours, separateProcesses: separate.ours },
    operations: timings,
  };

  console.log(`\n${table(timings)}\n`);
  console.log(`${levelsTable(result.levels)}\n`);
  console.log(`statements per studio page: first 50 → ${statements.first50}, first 500 → ${statements.first500}`);
  for (const [layout, loads] of [
    ['one process', together.ours!],
    ['separate processes', separate.ours!],
  ] as const)
    for (const l of loads)
      console.log(
        `load, ${layout}, concurrency ${l.concurrency}: ${l.rps} req/s, p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms, ${l.errors} errors of ${l.requests}`,
      );
  console.log(
    `peak RSS: gateway ${memory.gateway} MB; ${SUBGRAPH_NAMES.map((n) => `${n} ${memory[n]} MB`).join(', ')}; ` +
      `Hive Gateway ${PLANNERS.map((p) => `${p} ${memory[`hive-${p}`]} MB`).join(', ')}; one-process hub (with this bench and the in-process peers) ${hubPeakMb} MB`,
  );
  console.log(`\n${peerTable(peerLoad)}\n`);
  for (const [layout, byPeer] of Object.entries(verdicts))
    for (const [peer, byOp] of Object.entries(byPeer)) {
      const wrong = Object.entries(byOp).filter(([, v]) => v !== 'equal');
      console.log(
        `same answers, ${layout}, ${peer}: ${wrong.length ? wrong.map(([op, v]) => `${op} ${v}`).join('; ') : `all ${Object.keys(byOp).length} operations equal`}`,
      );
    }
  console.log(`peer.ratio ${worst.ratio} (ours / Hive JS rps; lowest: ${worst.layout}, concurrency ${worst.concurrency})`);
  console.log(`peer.ratioUncached ${worstUncached} (ours past the answer cache / Hive JS rps, the lowest)`);
  console.log(`peer.ratioRust ${worstRust} (ours past the answer cache / Hive Rust planner rps, the lowest)`);
  return result;
}

interface MixedLoad {
  /** Writes per second asked for; `null` for the reads past the answer cache (no writes). */
  writesPerSecond: number | null;
  writes: number;
  writeErrors: number;
  requests: number;
  /** Share of reads answered from the gateway's answer cache (`x-hub-cache: hit`). */
  hitRate: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Reads answered with errors or no data. */
  errors: number;
  /** The machine's 1-minute load average at the end: whatever else ran moves these figures. */
  loadAverage: number;
}

interface Hop {
  subgraph: SubgraphName;
  /** Per request of the operation: the gateway's fetches from this subgraph and their time as the gateway saw it. */
  fetches: number;
  gatewayMs: number;
  /** The subgraph's own time answering them (its hub_http_request_duration_seconds on /graphql). */
  subgraphMs: number;
  /** The SQL statements it sent and their time as the ORM timed them (whole milliseconds each). */
  statements: number;
  sqlMs: number;
}

/** A histogram's sums and counts over the series `keep` picks, by one label (or all together). */
async function histogramTotals(
  service: string,
  metric: 'requestSeconds' | 'subgraphSeconds',
  keep: (labels: Record<string, string | number | undefined>) => boolean,
  by?: string,
): Promise<Map<string, { seconds: number; count: number }>> {
  const totals = new Map<string, { seconds: number; count: number }>();
  for (const v of (await metricsOf(service)[metric].get()).values) {
    const labels: Record<string, string | number | undefined> = v.labels;
    if (!keep(labels)) continue;
    const key = by ? String(labels[by]) : '';
    const t = totals.get(key) ?? { seconds: 0, count: 0 };
    if (v.metricName?.endsWith('_sum')) t.seconds += v.value;
    else if (v.metricName?.endsWith('_count')) t.count += v.value;
    else continue;
    totals.set(key, t);
  }
  return totals;
}

/**
 * Section 4, a day's mix: viewers of ~300 counties, ~30 cities and 5 provinces reading the three contract
 * operations of their own region at concurrency 16, while county editors record work (`recordWork`) through the
 * same gateway at 0, 1, 5 and 20 writes per second, spread over those counties; then the same reads past the
 * answer cache. Then, per contract operation (河南省, past the cache, one request at a time): the time at the
 * gateway, each subgraph's time as the gateway saw it and as the subgraph did, and its SQL.
 */
async function mixed(config: Config, databaseUrl: string, db: pg.Client) {
  const pick = async (sql: string, n: number) =>
    (await db.query<{ code: string }>(`${sql} order by md5(code) limit ${n}`)).rows.map((r) => r.code);
  const studied = 'code in (select region_code from studios.studio)';
  const counties = await pick(`select code from personnel.region where county_level and ${studied}`, 300);
  const cities = await pick(`select code from personnel.region where level = 'CITY' and not county_level`, 30);
  const provinces = await pick(`select code from personnel.region where level = 'PROVINCE'`, 5);
  const offices: Office[] = [
    ...counties.map((region) => ({ level: 'COUNTY' as const, region })),
    ...cities.map((region) => ({ level: 'CITY' as const, region })),
    ...provinces.map((region) => ({ level: 'PROVINCE' as const, region })),
  ];
  // one studio of each county written to, by that county's editors, the counties in a spread order
  const targets = (
    await db.query<{ id: string; region_code: string }>(
      `select * from (select distinct on (region_code) id, region_code from studios.studio
                       where $1::text[] is null or region_code = any($1) order by region_code, id) s
        order by md5(region_code)`,
      [MIXED_WRITES === 'readers' ? counties : null],
    )
  ).rows;
  const [headline, overview, studioPage] = await Promise.all([
    contract('pending-second-evaluations-by-county'),
    contract('region-overview'),
    contract('studio-page'),
  ]);
  const reads = [
    { name: 'headline', query: headline, variables: (o: Office) => ({ within: o.region }) },
    { name: 'regionOverview', query: overview, variables: (o: Office) => ({ code: o.region, year: YEAR }) },
    { name: 'studioPage50', query: studioPage, variables: (o: Office) => ({ within: o.region, first: 50, year: YEAR }) },
  ];
  const RECORD = `mutation ($input: RecordWorkInput!) { recordWork(input: $input) { id } }`;
  console.log(
    `mixed: ${counties.length} county, ${cities.length} city and ${provinces.length} province offices reading, ` +
      `${targets.length} counties written to (${MIXED_WRITES}), ${MIXED_SECONDS} s per rate`,
  );

  const hub = await startHub(config);
  let stopped = false;
  try {
    const url = hub.gateway!.url;
    let hits = 0;
    const cached = poster(config, url, false, (res) => res.headers.get('x-hub-cache') === 'hit' && hits++);
    const fresh = poster(config, url, true);
    // each office's each operation in turn, the order spread by a stride prime to their number
    const pairs = offices.length * reads.length;
    let next = 0;
    const read = async (post: Post) => {
      const k = (next++ * 7919) % pairs;
      const office = offices[k % offices.length]!;
      const op = reads[Math.floor(k / offices.length)]!;
      const json = await post(op.query, op.variables(office), office);
      if (json.errors || !json.data) throw new Error(JSON.stringify(json.errors?.[0] ?? 'no data'));
    };
    /**
     * `seconds` of reads while `writesPerSecond` writes go on: closed loop (MIXED_CONCURRENCY readers, each sending
     * its next read when its last is answered), or, given `offered`, open loop: that many reads a second on a fixed
     * schedule whatever the answers' pace, each timed from when it was due.
     */
    const phase = async (
      post: Post,
      writesPerSecond: number | null,
      seconds: number,
      write = cached,
      offered?: number,
    ): Promise<MixedLoad> => {
      hits = 0;
      const latencies: number[] = [];
      let errors = 0;
      let writes = 0;
      let writeErrors = 0;
      const started = performance.now();
      const until = started + seconds * 1000;
      const writing: Promise<unknown>[] = [];
      const writer = async () => {
        if (!writesPerSecond) return;
        for (let i = 0; ; i++) {
          const at = started + (i * 1000) / writesPerSecond;
          if (at >= until) return;
          await new Promise((r) => setTimeout(r, Math.max(0, at - performance.now())));
          const studio = targets[(i * 97) % targets.length]!;
          const editor: Office = { level: 'COUNTY', region: studio.region_code, roles: ['editor'] };
          writes++;
          writing.push(
            write(
              RECORD,
              {
                input: { studioId: studio.id, kind: 'OFFLINE_STUDY', title: `基准写入 ${i}`, doneOn: '2025-10-01', halfDays: 1 },
              },
              editor,
            ).then(
              (json) => (json.errors || !json.data?.recordWork) && writeErrors++,
              () => writeErrors++,
            ),
          );
        }
      };
      const closed = () =>
        Array.from({ length: MIXED_CONCURRENCY }, async () => {
          while (performance.now() < until) {
            const start = performance.now();
            await read(post).catch(() => errors++);
            latencies.push(performance.now() - start);
          }
        });
      const open = async (rate: number) => {
        const sent: Promise<unknown>[] = [];
        for (let i = 0; ; i++) {
          const due = started + (i * 1000) / rate;
          if (due >= until) break;
          await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
          sent.push(
            read(post)
              .catch(() => errors++)
              .finally(() => latencies.push(performance.now() - due)),
          );
        }
        await Promise.all(sent);
      };
      await Promise.all([writer(), ...(offered ? [open(offered)] : closed())]);
      const elapsed = (performance.now() - started) / 1000;
      await Promise.all(writing);
      return {
        writesPerSecond,
        ...(offered ? { offered } : {}),
        writes,
        writeErrors,
        requests: latencies.length,
        hitRate: round2(hits / latencies.length),
        rps: round1(latencies.length / elapsed),
        p50: round1(quantile(latencies, 0.5)),
        p95: round1(quantile(latencies, 0.95)),
        p99: round1(quantile(latencies, 0.99)),
        errors,
        loadAverage: round1(loadavg()[0]!),
      };
    };

    // every office's every operation once, so that the cache holds what the day's readers ask
    for (let i = 0; i < pairs; i += MIXED_CONCURRENCY)
      await Promise.all(Array.from({ length: Math.min(MIXED_CONCURRENCY, pairs - i) }, () => read(cached).catch(() => {})));
    const byRate: Record<string, MixedLoad> = {};
    for (const rate of MIXED_RATES) {
      process.stderr.write(`mixed: ${rate} writes/s\n`);
      byRate[rate] = await phase(cached, rate, MIXED_SECONDS);
    }
    process.stderr.write('mixed: past the answer cache\n');
    const uncached = await phase(fresh, null, MIXED_SECONDS);
    // a steady rate of reads offered whatever the answers' pace, with no writes and at 5 writes/s
    const steady: Record<string, MixedLoad> = {};
    for (const rate of [0, 5]) {
      process.stderr.write(`mixed: ${OFFERED_RATE} reads/s offered, ${rate} writes/s\n`);
      steady[rate] = await phase(cached, rate, MIXED_SECONDS, cached, OFFERED_RATE);
    }
    const sustained = (l: MixedLoad) => l.errors === 0 && l.p95 <= 1000;

    // per hop, one request at a time past the cache, each operation once the gateway's background work (warming
    // what the writes ended) has stopped asking the subgraphs
    const sql = Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, { ms: 0, statements: 0 }])) as Record<
      SubgraphName,
      { ms: number; statements: number }
    >;
    for (const name of SUBGRAPH_NAMES) {
      const logger = hub.subgraphs[name]!.orm.orm.config.getLogger();
      const logQuery = logger.logQuery.bind(logger);
      logger.logQuery = (context) => {
        if (context.level !== 'error' && !context.query?.includes('outbox_event')) {
          sql[name].ms += context.took ?? 0;
          sql[name].statements++;
        }
        logQuery(context);
      };
    }
    const graphql = (labels: Record<string, string | number | undefined>) => labels.route === '/graphql';
    const snapshot = async () => ({
      gateway: (await histogramTotals('gateway', 'requestSeconds', graphql)).get('') ?? { seconds: 0, count: 0 },
      fetched: await histogramTotals('gateway', 'subgraphSeconds', () => true, 'subgraph'),
      served: Object.fromEntries(
        await Promise.all(
          SUBGRAPH_NAMES.map(
            async (n) => [n, (await histogramTotals(n, 'requestSeconds', graphql)).get('') ?? { seconds: 0, count: 0 }] as const,
          ),
        ),
      ),
      sql: structuredClone(sql),
    });
    /** Until the gateway's subgraph fetches stand still for half a second (at most 30 s). */
    const quiet = async () => {
      const fetches = async () =>
        [...(await histogramTotals('gateway', 'subgraphSeconds', () => true, 'subgraph')).values()].reduce(
          (n, h) => n + h.count,
          0,
        );
      for (let last = await fetches(), waited = 0; waited < 30_000; waited += 500) {
        await new Promise((r) => setTimeout(r, 500));
        const now = await fetches();
        if (now === last) return;
        last = now;
      }
    };
    const hops: Record<string, { clientMs: number; gatewayMs: number; subgraphs: Hop[] }> = {};
    const county = (await levelOffices(db)).county;
    for (const [office, suffix] of [
      [HENAN, ''],
      [county, '.county'],
    ] as const)
      for (const op of reads) {
        await fresh(op.query, op.variables(office), office); // warm
        await quiet();
        const before = await snapshot();
        const times: number[] = [];
        for (let i = 0; i < HOP_REQUESTS; i++) {
          const start = performance.now();
          const json = await fresh(op.query, op.variables(office), office);
          times.push(performance.now() - start);
          if (json.errors) throw new Error(`${op.name}: ${JSON.stringify(json.errors[0])}`);
        }
        const after = await snapshot();
        const per = (x: number) => round1(x / HOP_REQUESTS);
        hops[`${op.name}${suffix}`] = {
          clientMs: per(times.reduce((a, b) => a + b, 0)),
          gatewayMs: per((after.gateway.seconds - before.gateway.seconds) * 1000),
          subgraphs: SUBGRAPH_NAMES.map((n) => {
            const f0 = before.fetched.get(n) ?? { seconds: 0, count: 0 };
            const f1 = after.fetched.get(n) ?? { seconds: 0, count: 0 };
            return {
              subgraph: n,
              fetches: per(f1.count - f0.count),
              gatewayMs: per((f1.seconds - f0.seconds) * 1000),
              subgraphMs: per((after.served[n]!.seconds - before.served[n]!.seconds) * 1000),
              statements: per(after.sql[n].statements - before.sql[n].statements),
              sqlMs: per(after.sql[n].ms - before.sql[n].ms),
            };
          }).filter((h) => h.fetches > 0 || h.statements > 0),
        };
      }

    // the gateway's memory under the same day at 5 writes/s, every service in its own process as compose starts it
    await hub.stop();
    stopped = true;
    process.stderr.write('mixed: memory, separate processes at 5 writes/s\n');
    const apart = await startApart(config, databaseUrl);
    let memory: { layout: string; writesPerSecond: number; seconds: number; gatewayPeakMb: number | null; load: MixedLoad };
    try {
      const apartCached = poster(config, apart.url, false, (res) => res.headers.get('x-hub-cache') === 'hit' && hits++);
      for (let i = 0; i < pairs; i += MIXED_CONCURRENCY)
        await Promise.all(
          Array.from({ length: Math.min(MIXED_CONCURRENCY, pairs - i) }, () => read(apartCached).catch(() => {})),
        );
      const load = await phase(apartCached, 5, MIXED_SECONDS, apartCached);
      memory = {
        layout: 'separate processes, each as docker-compose.yml commands it (heap limits included)',
        writesPerSecond: 5,
        seconds: MIXED_SECONDS,
        gatewayPeakMb: await peakRssMb(apart.children.gateway!.pid!),
        load,
      };
    } finally {
      await apart.stop();
    }
    console.log(`mixed memory: the gateway's peak RSS ${memory.gatewayPeakMb} MB at 5 writes/s (${memory.load.rps} reads/s)`);

    const at0 = byRate[0]!;
    const at5 = byRate[5]!;
    const result = {
      seconds: MIXED_SECONDS,
      concurrency: MIXED_CONCURRENCY,
      offices: { county: counties.length, city: cities.length, province: provinces.length },
      write: 'recordWork (an OFFLINE_STUDY of one half day) by the county editor of one studio per county, the counties in turn',
      writesTo:
        MIXED_WRITES === 'readers' ? `the ${targets.length} counties read` : `all ${targets.length} counties with studios`,
      ...byRate,
      uncached,
      ratioWrite5: round2(at5.rps / at0.rps),
      targets: {
        hitRateAt5: at5.hitRate >= 0.9,
        rpsAt5: at5.rps >= 0.5 * at0.rps,
        p99At5: at5.p99 <= 3 * at0.p99,
        offeredAt5: !sustained(steady[0]!) || sustained(steady[5]!),
      },
      offered: {
        readsPerSecond: OFFERED_RATE,
        sustainedIs: 'every offered read answered without error, p95 (from when it was due) ≤ 1 s',
        at0: steady[0],
        at5: steady[5],
        sustainedAt0: sustained(steady[0]!),
        sustainedAt5: sustained(steady[5]!),
      },
      hops: {
        office: `河南省 (410000), and (.county) ${county.region}, the county of 河南 with the most studios, as its own office; past the answer cache, one request at a time`,
        requests: HOP_REQUESTS,
        ...hops,
      },
      memory,
    };
    console.log(`\n${mixedTable(result)}\n`);
    console.log(`${hopTable(hops)}\n`);
    console.log(
      `mixed.ratioWrite5 ${result.ratioWrite5}; at 5 writes/s: hit rate ${at5.hitRate} (target ≥ 0.9: ${result.targets.hitRateAt5 ? 'met' : 'missed'}), ` +
        `read rps ${result.ratioWrite5}× the no-write rate (≥ 0.5: ${result.targets.rpsAt5 ? 'met' : 'missed'}), ` +
        `p99 ${round2(at5.p99 / at0.p99)}× the no-write p99 (≤ 3: ${result.targets.p99At5 ? 'met' : 'missed'}); ` +
        `${OFFERED_RATE} reads/s offered: sustained with no writes ${result.offered.sustainedAt0}, at 5 writes/s ${result.offered.sustainedAt5} ` +
        `(${result.targets.offeredAt5 ? 'met' : 'missed'})`,
    );
    return result;
  } finally {
    if (!stopped) await hub.stop();
  }
}

function mixedTable(result: Record<string, any>): string {
  const row = (label: string, l: MixedLoad) =>
    `| ${label} | ${l.writes} (${l.writeErrors} failed) | ${l.requests} | ${Math.round(l.hitRate * 100)}% | ${l.rps} | ${l.p50} ms | ${l.p95} ms | ${l.p99} ms | ${l.errors} | ${l.loadAverage} |`;
  return [
    `| writes/s | writes | reads | cache hits | read req/s | p50 | p95 | p99 | errors | load average |`,
    `|---|---|---|---|---|---|---|---|---|---|`,
    ...MIXED_RATES.map((rate) => row(String(rate), result[rate])),
    row('0, past the cache', result.uncached),
    row(`0, ${result.offered.readsPerSecond} reads/s offered`, result.offered.at0),
    row(`5, ${result.offered.readsPerSecond} reads/s offered`, result.offered.at5),
  ].join('\n');
}

function hopTable(hops: Record<string, { clientMs: number; gatewayMs: number; subgraphs: Hop[] }>): string {
  const lines = [
    `| operation | client | gateway | subgraph | fetches | as the gateway saw it | in the subgraph | SQL (statements) |`,
    `|---|---|---|---|---|---|---|---|`,
  ];
  for (const [name, h] of Object.entries(hops))
    h.subgraphs.forEach((s, i) =>
      lines.push(
        `| ${i ? '' : name} | ${i ? '' : `${h.clientMs} ms`} | ${i ? '' : `${h.gatewayMs} ms`} | ${s.subgraph} | ${s.fetches} | ${s.gatewayMs} ms | ${s.subgraphMs} ms | ${s.sqlMs} ms (${s.statements}) |`,
      ),
    );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const base = parseConfig(process.env);
  const database = await openDatabase(base);
  const db = new pg.Client({ connectionString: database.url });
  try {
    await db.connect();
    const studios = await db
      .query('select count(*) from studios.studio')
      .then((r) => Number(r.rows[0].count))
      .catch(() => 0);
    if (studios < 500) throw new Error(`only ${studios} studios: run npm run seed -- --scale national (or province) first`);
    const provinces = (
      await db.query<{ code: string }>(
        `select distinct substr(region_code, 1, 2) || '0000' as code from studios.studio order by 1`,
      )
    ).rows.map((r) => r.code);
    const scale = provinces.length > 1 ? 'national' : 'province';
    console.log(`${studios.toLocaleString('en')} studios in ${provinces.length} province(s): ${scale} data`);
    // a secret the bench knows, so that the peer signs the viewer as the hub's gateway does
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      DEMO_DATA: 'off',
      // access logs off, as the peer keeps none: both gateways measured doing the same work
      LOG_LEVEL: 'warn',
      PORT: '0',
      GATEWAY_SECRET: randomBytes(32).toString('hex'),
    };
    const config = parseConfig({ ...env, ...Object.fromEntries(SUBGRAPH_NAMES.map((n) => [`${n.toUpperCase()}_PORT`, '0'])) });
    const latest = new URL('bench/results/latest.json', ROOT);
    // alone, the mixed scenario keeps what the last full run wrote
    const result: Record<string, unknown> = ONLY_MIXED
      ? JSON.parse(await readFile(latest, 'utf8').catch(() => '{}'))
      : await full(config, database.url, db, scale, studios);
    const kept = result.peer as { load?: Parameters<typeof lowestRustRatio>[0]; ratioRust?: number } | undefined;
    // a result from before peer.ratioRust was written: the same figure from its own peer.load
    if (kept?.load && kept.ratioRust === undefined) kept.ratioRust = lowestRustRatio(kept.load);
    result.mixed = await mixed(config, database.url, db);
    await mkdir(new URL('bench/results/', ROOT), { recursive: true });
    await writeFile(latest, `${JSON.stringify(result, null, 2)}\n`);
    console.log('wrote bench/results/latest.json');
  } finally {
    await db.end().catch(() => {});
    await database.stop();
  }
}

await main();
