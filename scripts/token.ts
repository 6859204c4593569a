/**
 * Prints a bearer token signed with the local development key, for trying the hub as any office:
 *   npm run token -- --level COUNTY --region 410422 --role viewer
 *   npm run token -- --level SCHOOL --school-name 叶县第一高级中学 --role viewer
 * Options: --level NATION|PROVINCE|CITY|COUNTY|SCHOOL, --region <six-digit code> (for a school: the school's region),
 * --school <id> (SCHOOL only), --role viewer|analyst|editor|evaluator|finance|admin (repeatable), --expires 12h (at most
 * JWT_MAX_LIFETIME); --help. The level must be the region's own (a CITY office has a city code); a school's token is
 * signed only once its region is read from the database (the hub refuses a school outside the region given).
 */
import { parseArgs } from 'node:util';
import pg from 'pg';
import { embeddedUrl } from '../lib/data/database.ts';
import { signDevToken, usesDevKey } from '../lib/auth/dev-keys.ts';
import { viewerFromClaims } from '../lib/auth/viewer.ts';
import { ConfigError, parseConfig, type Config } from '../lib/service/config.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const USAGE = `用法 (usage): npm run -s token -- --level <级别> --region <代码> [--school <学校 id>] [--role <角色> …] [--expires 12h]
  --level    NATION | PROVINCE | CITY | COUNTY | SCHOOL
  --region   六位行政区划代码 (six-digit region code); a school gives its own region
  --school   学校 id (SCHOOL only); or --school-name <学校名称> to find it by name (part of it will do)
             the school's region is read from the hub's database (npm start running, or DATABASE_URL), so start
             the hub first; ids are also listed by { schoolsConnection(within: "410422", first: 50) { edges { node { id name } } } }
  --role     viewer | analyst | editor | evaluator | finance | admin (repeatable; default viewer)
  --expires  有效期 (lifetime), e.g. 30m, 12h (default 12h, at most JWT_MAX_LIFETIME)
  --subject  签发给谁 (the person, sub; default one per office), e.g. two people of one school
Prints one token signed with the local development key (.data/dev-jwt-key.json), and nothing else with -s:
  TOKEN=$(npm run -s token -- --level COUNTY --region 410422 --role viewer)`;

let values: {
  level?: string;
  region?: string;
  school?: string;
  'school-name'?: string;
  role: string[];
  expires?: string;
  subject?: string;
  help?: boolean;
};
try {
  ({ values } = parseArgs({
    options: {
      level: { type: 'string' },
      region: { type: 'string' },
      school: { type: 'string' },
      'school-name': { type: 'string' },
      role: { type: 'string', multiple: true, default: ['viewer'] },
      expires: { type: 'string' },
      subject: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  fail(`参数有误 (bad arguments): ${(error as Error).message}\n\n${USAGE}`);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

try {
  const config = parseConfig(process.env);
  if (!usesDevKey(config)) fail('已配置 JWT_JWKS_URL 或 JWT_PUBLIC_KEY：请向身份系统申请令牌，本命令只签发本地开发令牌');
  if (!values.level) fail('缺少 --level（NATION、PROVINCE、CITY、COUNTY 或 SCHOOL）');
  if (values.level === 'SCHOOL') {
    const school = await findSchool(config, values.school, values['school-name']);
    if (values.region && values.region !== school.region_code)
      fail(`学校“${school.name}”位于 ${school.region_code}，不在 --region ${values.region}：hub 不会接受这个令牌`);
    values.school = school.id;
    values.region = school.region_code;
  }
  if (!values.region) fail('缺少 --region <六位行政区划代码>');
  // the same checks the gateway makes, so a token printed here is one the hub accepts
  const viewer = viewerFromClaims({
    sub: 'cli',
    level: values.level,
    region: values.region,
    school: values.school,
    roles: values.role,
  });
  console.log(await signDevToken(config, { ...viewer, subject: values.subject }, values.expires));
} catch (error) {
  fail(error instanceof ConfigError ? error.message : (error as Error).message);
}

/** The school a SCHOOL token is for, by id or by (part of) its name, read from personnel's table; else a refusal. */
async function findSchool(
  config: Config,
  id: string | undefined,
  name: string | undefined,
): Promise<{ id: string; name: string; region_code: string }> {
  if (!id && !name) fail('学校用户需 --school <学校 id> 或 --school-name <学校名称>');
  const url = config.DATABASE_URL ?? embeddedUrl(config.PG_PORT);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    fail(
      `无法连接数据库（${(error as Error).message}），不能核对学校所在的行政区划，未签发令牌：请先启动 hub（npm start），或设置 DATABASE_URL`,
    );
  }
  try {
    const { rows } = id
      ? await client.query('select id, name, region_code from personnel.school where id::text = $1', [id])
      : await client.query(
          "select id, name, region_code from personnel.school where name like '%' || $1 || '%' order by name limit 20",
          [name],
        );
    if (!rows.length) fail(id ? `没有 id 为 ${id} 的学校` : `没有名称含“${name}”的学校`);
    if (rows.length > 1)
      fail(
        `名称含“${name}”的学校不止一所，请写全名或用 --school <id>：\n${rows.map((r) => `  ${r.id}  ${r.name}（${r.region_code}）`).join('\n')}`,
      );
    return rows[0];
  } finally {
    await client.end();
  }
}
