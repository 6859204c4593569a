/**
 * How much federation costs on the headline: the contract's pending-二次评估-by-county for 河南省 (181 counties)
 * through the gateway, against the one SQL statement a monolith would run on the same tables. Reports medians and
 * their ratio; it asserts nothing. Then the same for 深圳市's matching compliance (Region.fundingMatching). `npm run
 * bench` (starts its own embedded PostgreSQL and hub).
 */
import { mkdtemp, readFile, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startHub } from '../hub.ts';
import { signDevToken } from '../lib/auth.ts';
import { parseConfig } from '../lib/config.ts';

const RUNS = 40;
const WARMUP = 5;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function time(label: string, run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  const m = median(samples);
  console.log(`${label.padEnd(34)} median ${m.toFixed(1).padStart(7)} ms over ${RUNS} runs`);
  return m;
}

const dir = await mkdtemp(join(tmpdir(), 'studio-hub-bench-'));
await chmod(dir, 0o755);
const config = parseConfig({
  NODE_ENV: 'test',
  PG_DATA_DIR: join(dir, 'pg'),
  DEV_KEY_FILE: join(dir, 'key.json'),
  PG_PORT: '25433',
  PORT: '0',
  PERSONNEL_PORT: '0',
  STUDIOS_PORT: '0',
  EVALUATIONS_PORT: '0',
  FUNDING_PORT: '0',
});
const hub = await startHub(config);
try {
  const token = await signDevToken(config, { level: 'PROVINCE', regionCode: '410000', schoolId: null, roles: ['viewer'] });
  const query = await readFile(
    new URL('../operations/contract/pending-second-evaluations-by-county.graphql', import.meta.url),
    'utf8',
  );
  const body = JSON.stringify({ query, variables: { within: '410000' } });
  const viaGateway = await time('gateway (4 subgraphs, federated)', async () => {
    const res = await fetch(`${hub.gateway!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body,
    });
    const json = (await res.json()) as { data: { region: { descendants: unknown[] } } };
    if (json.data.region.descendants.length !== 181) throw new Error('wrong answer');
  });
  const client = new pg.Client({ connectionString: hub.database!.url });
  await client.connect();
  const plain = await time('plain SQL (one statement)', async () => {
    const { rowCount } = await client.query(
      `select c.code, c.name, p.code as parent_code, p.name as parent_name, count(distinct e.studio_id) as studio_count
         from personnel.region c
         join personnel.region p on p.code = c.parent_code
         left join evaluations.evaluation e
           on e.region_code like (case when c.level = 'CITY' then substr(c.code, 1, 4) else c.code end) || '%'
          and e.kind = 'SECOND_EVALUATION' and e.status = 'PENDING'
        where c.code like '41%' and c.county_level
        group by c.code, c.name, p.code, p.name
        order by c.code`,
    );
    if (rowCount !== 181) throw new Error('wrong answer');
  });
  console.log(`ratio gateway / plain SQL: ${(viaGateway / plain).toFixed(1)}×`);

  // matching compliance (003 经费办法 第二条) for 深圳市 in 2020, through the gateway and as one plain statement
  const shenzhen = await signDevToken(config, { level: 'CITY', regionCode: '440300', schoolId: null, roles: ['viewer'] });
  const matching = JSON.stringify({
    query: 'query { region(code: "440300") { fundingMatching(year: 2020) { region { code } required matched compliant } } }',
  });
  const matchingViaGateway = await time('matching via gateway', async () => {
    const res = await fetch(`${hub.gateway!.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${shenzhen}` },
      body: matching,
    });
    const json = (await res.json()) as { data: { region: { fundingMatching: unknown[] } } };
    if (json.data.region.fundingMatching.length !== 2) throw new Error('wrong answer');
  });
  const matchingPlain = await time('matching, plain SQL', async () => {
    const { rowCount } = await client.query(
      `select region_code, div(coalesce(sum(amount_fen * match_ratio_permille), 0) + 999, 1000)::bigint as required,
              coalesce(sum(amount_fen) filter (where matching), 0) as matched
         from funding.allocation where region_code like '4403%' and year = 2020
        group by region_code having bool_or(match_ratio_permille is not null)`,
    );
    if (rowCount !== 2) throw new Error('wrong answer');
  });
  console.log(`ratio gateway / plain SQL (matching): ${(matchingViaGateway / matchingPlain).toFixed(1)}×`);
  await client.end();
} finally {
  await hub.stop();
  await rm(dir, { recursive: true, force: true });
}
