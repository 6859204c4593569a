/**
 * Prints a bearer token signed with the local development key, for trying the hub as any office:
 *   npm run token -- --level COUNTY --region 410422 --role viewer
 *   npm run token -- --level SCHOOL --school <school id> --region 410422 --role viewer
 * Options: --level NATION|PROVINCE|CITY|COUNTY|SCHOOL, --region <six-digit code> (for a school: the school's region),
 * --school <id> (SCHOOL only), --role viewer|analyst|editor|evaluator|finance|admin (repeatable), --expires 12h (at most
 * JWT_MAX_LIFETIME); --help. The level must be the region's own (a CITY office has a city code); the gateway also checks
 * that a school lies in the region given.
 */
import { parseArgs } from 'node:util';
import { signDevToken, usesDevKey, viewerFromClaims } from '../lib/auth.ts';
import { ConfigError, parseConfig } from '../lib/config.ts';

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const USAGE = `用法 (usage): npm run -s token -- --level <级别> --region <代码> [--school <学校 id>] [--role <角色> …] [--expires 12h]
  --level    NATION | PROVINCE | CITY | COUNTY | SCHOOL
  --region   六位行政区划代码 (six-digit region code); a school gives its own region
  --school   学校 id (SCHOOL only)
  --role     viewer | analyst | editor | evaluator | finance | admin (repeatable; default viewer)
  --expires  有效期 (lifetime), e.g. 30m, 12h (default 12h, at most JWT_MAX_LIFETIME)
  --subject  签发给谁 (the person, sub; default one per office), e.g. two people of one school
Prints one token signed with the local development key (.data/dev-jwt-key.json), and nothing else with -s:
  TOKEN=$(npm run -s token -- --level COUNTY --region 410422 --role viewer)`;

let values: {
  level?: string;
  region?: string;
  school?: string;
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
  if (!values.region)
    fail(values.level === 'SCHOOL' ? '学校用户还需 --region <学校所在行政区划代码>' : '缺少 --region <六位行政区划代码>');
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
