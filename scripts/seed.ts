/**
 * Synthetic data at scale: `npm run seed -- --scale national|province|county [--replace]` fills the configured
 * database (embedded under PG_DATA_DIR unless DATABASE_URL, as `npm start`) with deterministic studios over the
 * real GB/T 2260 regions. Per county-level region: 67 schools of 5 teachers, 10 studios under the seeded policies,
 * 10 members, 5 evaluations, 8 allocations and 25 expenditures each — nationally about 200,000 schools, 1,000,000
 * teachers, 30,000 studios, 300,000 memberships, 150,000 evaluations and 1,000,000 funding rows. `province` is
 * 河南 (410000) alone, `county` 叶县 (410422) alone.
 *
 * Each subgraph's migrations run first (its own ORM init), then each subgraph's tables are filled in bulk
 * (INSERT … SELECT over generate_series, in PostgreSQL) through a connection to its own schema only. Ids and
 * values come from md5 of a fixed seed and the row's index, so every run makes the same rows; no value depends on
 * the calendar. Afterwards `DEMO_DATA=off npm start` serves the data.
 */
import pg from 'pg';
import { parseArgs } from 'node:util';
import { ConfigError, parseConfig, SUBGRAPH_NAMES, type SubgraphName } from '../lib/service/config.ts';
import { DatabaseError, openDatabase } from '../lib/data/database.ts';
import { initORM } from '../lib/data/orm.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';

export const SCALES = { national: null, province: '410000', county: '410422' } as const;
export type Scale = keyof typeof SCALES;

/** Rows per county-level region, and per studio. */
export const DENSITY = {
  schools: 67,
  teachersPerSchool: 5,
  studios: 10,
  membersPerStudio: 10,
  evaluationsPerStudio: 5,
  allocationsPerStudio: 8,
  expendituresPerStudio: 25,
} as const;
const SEED = 'studio-hub-scale-1';

/** The tables each subgraph's seed fills, in load order (a truncate with --replace empties them in reverse). */
const TABLES: Record<SubgraphName, string[]> = {
  personnel: ['school', 'teacher'],
  studios: ['studio', 'studio_member'],
  evaluations: ['evaluation'],
  funding: ['allocation', 'expenditure'],
};

// per session: a deterministic non-negative int from a text, and the same ids in every subgraph
const HELPERS = [
  `create function pg_temp.rnd(t text) returns int language sql immutable as
     $$ select (('x' || substr(md5('${SEED}:' || t), 1, 7))::bit(28)::int) $$`,
  `create function pg_temp.sid(kind text, n bigint) returns uuid language sql immutable as
     $$ select md5('${SEED}:' || kind || ':' || n)::uuid $$`,
];

/** `counties` is the array parameter $1: ci is the county's index, code its code. */
const COUNTIES = `(select code, (ord - 1)::int as ci from unnest($1::text[]) with ordinality as u(code, ord)
                    where ord - 1 >= $2 and ord - 1 < $3)`;
const D = DENSITY;
const STUDIO = `(select c.code, c.ci, k, c.ci * ${D.studios} + k as j, c.ci * ${D.schools} + k as host_school,
                   2019 + pg_temp.rnd('start:' || (c.ci * ${D.studios} + k)) % 6 as start_year,
                   case when k < 4 then 'MUNICIPAL' when k < 8 then 'COUNTY' else 'SCHOOL' end as level
                 from ${COUNTIES} c, generate_series(0, ${D.studios - 1}) k)`;

interface Step {
  subgraph: SubgraphName;
  table: string;
  /** rows per county */
  perCounty: number;
  sql: string;
}

const STEPS: Step[] = [
  {
    subgraph: 'personnel',
    table: 'school',
    perCounty: D.schools,
    sql: `insert into school (id, name, stage, region_code, created_at, updated_at)
          select pg_temp.sid('school', g), '第' || (s + 1) || st.word, st.stage, c.code,
                 timestamptz '2020-01-01 00:00:00+08', timestamptz '2020-01-01 00:00:00+08'
            from ${COUNTIES} c, generate_series(0, ${D.schools - 1}) s,
                 lateral (select c.ci * ${D.schools} + s as g) x,
                 lateral (select (array['PRIMARY','PRIMARY','PRIMARY','JUNIOR','JUNIOR','SENIOR','VOCATIONAL'])[1 + s % 7] as stage,
                                 (array['小学','实验小学','中心小学','初级中学','实验中学','高级中学','职业技术学校'])[1 + s % 7] as word) st`,
  },
  {
    subgraph: 'personnel',
    table: 'teacher',
    perCounty: D.schools * D.teachersPerSchool,
    sql: `insert into teacher (id, name, gender, birth_date, school_id, title, subject, years_worked, head_teacher_years,
                               active_head_teacher, ethnicity, education, position, version, created_at, updated_at)
          select pg_temp.sid('teacher', n),
                 (array['王','李','张','刘','陈','杨','赵','黄','周','吴','徐','孙','胡','朱','高','林','何','郭','马','罗'])[1 + r % 20]
                   || (array['静','敏','丽','伟','芳','强','磊','洋','艳','勇','军','杰','娟','涛','明','霞','平','刚','桂英','秀兰','晓燕','建华','文博','雨桐'])[1 + (r / 20) % 24],
                 case when r % 3 = 0 then 'MALE' else 'FEMALE' end,
                 make_date(2026 - age, 1 + r % 12, 1 + r % 28),
                 pg_temp.sid('school', g),
                 case when t = 0 then (array['正高级教师','高级教师'])[1 + r % 2] else (array['高级教师','一级教师','二级教师'])[1 + r % 3] end,
                 (array['语文','数学','英语','物理','化学','历史','道德与法治','生物'])[1 + r % 8],
                 age - 22, case when t = 0 then age - 28 else 3 + r % 8 end, true, '汉族', '本科', '班主任', 1,
                 timestamptz '2020-01-01 00:00:00+08', timestamptz '2020-01-01 00:00:00+08'
            from ${COUNTIES} c, generate_series(0, ${D.schools - 1}) s, generate_series(0, ${D.teachersPerSchool - 1}) t,
                 lateral (select c.ci * ${D.schools} + s as g) x,
                 lateral (select x.g * ${D.teachersPerSchool} + t as n) y,
                 lateral (select pg_temp.rnd('teacher:' || y.n) as r) z,
                 lateral (select case when t = 0 then 42 + z.r % 12 else 28 + z.r % 14 end as age) a`,
  },
  {
    subgraph: 'studios',
    table: 'studio',
    perCounty: D.studios,
    sql: `insert into studio (id, name, level, status, region_code, host_school_id, host_teacher_id, policy_id, policy_version,
                              batch, start_year, end_year, version, created_at, updated_at)
          select pg_temp.sid('studio', j), '名班主任工作室' || j, level,
                 case when r % 100 < 80 then 'RUNNING' when r % 100 < 87 then 'ON_HOLD' when r % 100 < 92 then 'WARNED'
                      when r % 100 < 97 then 'COMPLETED' else 'REVOKED' end,
                 code, pg_temp.sid('school', host_school), pg_temp.sid('teacher', host_school * ${D.teachersPerSchool}),
                 case level when 'MUNICIPAL' then (array['000-pingdingshan','003-shenzhen-2','004-shijiazhuang'])[1 + r % 3]
                            when 'COUNTY' then (array['001-wujin','004-county-teachers'])[1 + r % 2]
                            else (array['002-vocational-school','004-school-plan4','004-school-plan10'])[1 + r % 3] end,
                 1, start_year || '年', start_year, start_year + 3, 1, make_date(start_year, 9, 1)::timestamptz,
                 timestamptz '2025-01-01 00:00:00+08' + (pg_temp.rnd('updated:' || j) % 31536000) * interval '1 second'
                   + (j % 1000) * interval '1 millisecond'
            from ${STUDIO} st, lateral (select pg_temp.rnd('studio:' || j) as r) z`,
  },
  {
    subgraph: 'studios',
    table: 'studio_member',
    perCounty: D.studios * D.membersPerStudio,
    // members come from the county's other schools, each teacher in one studio at most
    sql: `insert into studio_member (id, studio_id, teacher_id, role, joined_on, left_on, school_id, left_reason)
          select pg_temp.sid('member', j * ${D.membersPerStudio} + m), pg_temp.sid('studio', j),
                 pg_temp.sid('teacher', sch * ${D.teachersPerSchool} + 1 + (q / ${D.schools - D.studios}) % ${D.teachersPerSchool - 1}),
                 case when m = 0 then 'MENTOR' when m = 1 then 'ASSISTANT' when m < 4 then 'CORE' else 'MEMBER' end,
                 make_date(start_year, 9, 1), lft, pg_temp.sid('school', sch), case when lft is null then null else '调离' end
            from ${STUDIO} st, generate_series(0, ${D.membersPerStudio - 1}) m,
                 lateral (select k * ${D.membersPerStudio} + m as q) a,
                 lateral (select ci * ${D.schools} + ${D.studios} + a.q % ${D.schools - D.studios} as sch,
                                 case when pg_temp.rnd('left:' || j || ':' || m) % 10 = 0 then make_date(start_year + 1, 7, 1) end as lft) b`,
  },
  {
    subgraph: 'evaluations',
    table: 'evaluation',
    perCounty: D.studios * D.evaluationsPerStudio,
    // creation, two annual assessments, the midterm, and the final — or for one studio in ten a 二次评估 pending;
    // evaluations of years after 2025 are pending
    sql: `insert into evaluation (id, studio_id, region_code, kind, year, status, result, host_school_id,
                                  evaluator_region_code, evaluator_level, completed_on, version, created_at, updated_at)
          select pg_temp.sid('evaluation', j * ${D.evaluationsPerStudio} + e), pg_temp.sid('studio', j), code, kind, year,
                 status, result, pg_temp.sid('school', host_school), evaluator,
                 case when evaluator like '__0000' then 'PROVINCE' when evaluator like '____00' then 'CITY' else 'COUNTY' end,
                 case when status = 'COMPLETED' then make_date(year, 12, 15) end, 1,
                 timestamptz '2025-01-01 00:00:00+08', timestamptz '2025-01-01 00:00:00+08'
            from ${STUDIO} st, generate_series(0, ${D.evaluationsPerStudio - 1}) e,
                 lateral (select pg_temp.rnd('evaluation:' || j || ':' || e) as r, pg_temp.rnd('second:' || j) % 10 = 0 as second) z,
                 lateral (select (array['CREATION','ANNUAL','MIDTERM','ANNUAL', case when second then 'SECOND_EVALUATION' else 'FINAL' end])[1 + e] as kind,
                                 start_year + (array[0, 1, 2, 2, 3])[1 + e] as year) a,
                 lateral (select case when (a.kind = 'SECOND_EVALUATION' or a.year > 2025) then 'PENDING' else 'COMPLETED' end as status) b,
                 lateral (select case when b.status = 'PENDING' then null when r % 20 = 0 then 'FAIL' when r % 20 < 6 then 'PASS'
                                      when r % 20 < 14 then 'GOOD' else 'EXCELLENT' end as result,
                                 case when a.kind = 'ANNUAL' or code like '____00' then code else substr(code, 1, 4) || '00' end as evaluator) c`,
  },
  {
    subgraph: 'funding',
    table: 'allocation',
    perCounty: D.studios * D.allocationsPerStudio,
    // four years of the city's grant and the county's (a school's own, for school studios), whole yuan
    sql: `insert into allocation (id, studio_id, region_code, year, source, amount_fen, matching, note, host_school_id,
                                  match_ratio_permille, created_at, updated_at)
          select pg_temp.sid('allocation', j * ${D.allocationsPerStudio} + a), pg_temp.sid('studio', j), code,
                 start_year + a / 2, case when a % 2 = 0 then 'CITY' when level = 'SCHOOL' then 'SCHOOL' else 'COUNTY' end,
                 (10000 + pg_temp.rnd('allocation:' || j || ':' || a) % 40000)::bigint * 100, a % 2 = 1 and level = 'MUNICIPAL', '',
                 pg_temp.sid('school', host_school), null,
                 timestamptz '2025-01-01 00:00:00+08', timestamptz '2025-01-01 00:00:00+08'
            from ${STUDIO} st, generate_series(0, ${D.allocationsPerStudio - 1}) a`,
  },
  {
    subgraph: 'funding',
    table: 'expenditure',
    perCounty: D.studios * D.expendituresPerStudio,
    sql: `insert into expenditure (id, studio_id, region_code, year, category, amount_fen, spent_on, voucher, host_school_id,
                                   status, purpose, host_signed_by, legal_signed_by, created_at)
          select pg_temp.sid('expenditure', j * ${D.expendituresPerStudio} + x), pg_temp.sid('studio', j), code, year,
                 (array['RESEARCH','SEMINAR','BOOKS','EQUIPMENT','EXPERT_FEES','CONFERENCE','NETWORK','GUIDANCE','PUBLICATION','OTHER'])[1 + x % 10],
                 (200 + r % 3000)::bigint * 100, make_date(year, 1 + x % 12, 1 + r % 28), '记-' || j || '-' || x,
                 pg_temp.sid('school', host_school), 'BOOKED', null, 'seed', 'seed', timestamptz '2025-01-01 00:00:00+08'
            from ${STUDIO} st, generate_series(0, ${D.expendituresPerStudio - 1}) x,
                 lateral (select start_year + x % 4 as year, pg_temp.rnd('expenditure:' || j || ':' || x) as r) z`,
  },
];

/** The county-level regions of a scale, in code order, from personnel's own region table. */
async function countiesOf(client: pg.Client, scale: Scale): Promise<string[]> {
  const within = SCALES[scale];
  const { rows } = await client.query<{ code: string }>(
    `select code from region where county_level and ($1::text is null or code like $1::text || '%') order by code`,
    [within === null ? null : within === '410422' ? within : within.slice(0, 2)],
  );
  return rows.map((r) => r.code);
}

class Progress {
  private done = 0;
  private readonly started = performance.now();
  private readonly total: number;
  constructor(total: number) {
    this.total = total;
  }
  advance(rows: number, label: string): void {
    this.done += rows;
    const share = Math.min(1, this.done / this.total);
    const width = 30;
    const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
    const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
    const line = `[${bar}] ${(share * 100).toFixed(0).padStart(3)}%  ${label.padEnd(28)} ${seconds}s`;
    if (process.stderr.isTTY) process.stderr.write(`\r${line}${share >= 1 ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  }
}

export interface SeedResult {
  counties: number;
  rows: Record<string, number>;
  seconds: number;
}

export async function seed(
  databaseUrl: string,
  scale: Scale,
  options: { replace?: boolean; quiet?: boolean } = {},
): Promise<SeedResult> {
  const started = performance.now();
  // migrations first, by each subgraph's own ORM init
  for (const name of SUBGRAPH_NAMES) {
    const module = SUBGRAPHS[name];
    // bulk loading runs long statements: no statement or idle limit, a patient pool
    const timeouts = { acquireMs: 30_000, statementMs: 0, idleInTransactionMs: 0 };
    const orm = await initORM({
      url: databaseUrl,
      schema: name,
      entities: module.entities,
      migrations: module.migrations,
      timeouts,
    });
    await module.afterMigrations?.(orm.fork());
    await orm.close();
  }
  const clients = {} as Record<SubgraphName, pg.Client>;
  try {
    for (const name of SUBGRAPH_NAMES) {
      const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${name}` });
      await client.connect();
      clients[name] = client;
      await client.query('set synchronous_commit = off');
      for (const sql of HELPERS) await client.query(sql);
      const tables = TABLES[name];
      const filled = await client.query(tables.map((t) => `(select 1 from ${t} limit 1)`).join(' union all '));
      if (filled.rowCount) {
        if (!options.replace)
          throw new SeedError(`${name} already has rows in ${tables.join(', ')}; --replace empties them first`);
        await client.query(`truncate ${[...tables].reverse().join(', ')} cascade`);
      }
    }
    const counties = await countiesOf(clients.personnel, scale);
    const total = STEPS.reduce((n, s) => n + s.perCounty * counties.length, 0);
    const progress = options.quiet ? null : new Progress(total);
    const rows: Record<string, number> = {};
    for (const step of STEPS) {
      // chunks of about 100,000 rows, for the progress bar and bounded statements
      const chunk = Math.max(1, Math.floor(100_000 / step.perCounty));
      for (let from = 0; from < counties.length; from += chunk) {
        const to = Math.min(counties.length, from + chunk);
        const { rowCount } = await clients[step.subgraph].query(step.sql, [counties, from, to]);
        rows[step.table] = (rows[step.table] ?? 0) + (rowCount ?? 0);
        progress?.advance((to - from) * step.perCounty, `${step.subgraph}.${step.table}`);
      }
    }
    for (const name of SUBGRAPH_NAMES) await clients[name].query(`vacuum (analyze) ${TABLES[name].join(', ')}`);
    return { counties: counties.length, rows, seconds: (performance.now() - started) / 1000 };
  } finally {
    for (const client of Object.values(clients)) await client.end().catch(() => {});
  }
}

export class SeedError extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: 'national' },
      replace: { type: 'boolean', default: false },
      help: { type: 'boolean' },
    },
  });
  if (values.help || !(values.scale! in SCALES)) {
    console.error('usage: npm run seed -- --scale national|province|county [--replace]');
    process.exit(values.help ? 0 : 2);
  }
  const config = parseConfig(process.env);
  const database = await openDatabase(config);
  try {
    const result = await seed(database.url, values.scale as Scale, { replace: values.replace });
    console.log(`seeded ${values.scale} (${result.counties} county-level regions) in ${result.seconds.toFixed(1)} s`);
    for (const [table, n] of Object.entries(result.rows)) console.log(`  ${table.padEnd(14)} ${n.toLocaleString('en')}`);
    if (database.embedded) console.log(`data in ${database.dataDir}; DEMO_DATA=off npm start serves it`);
  } finally {
    await database.stop();
  }
}

if (import.meta.main) {
  try {
    await main();
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof DatabaseError || error instanceof SeedError;
    console.error(known ? (error as Error).message : error);
    process.exit(known ? 2 : 1);
  }
}
