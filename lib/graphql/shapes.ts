import { z } from 'zod';
import { isRegionCode } from '../domain/region-code.ts';

/**
 * What an argument or input field holds, declared on it (`t.arg.id({ validate: RegionCode })`) and checked before
 * its resolver runs (lib/graphql/builder.ts turns the first failure into BAD_USER_INPUT naming the argument). The id shapes
 * are declared here once, for both the check and `node(id:)`'s choice of object type.
 *
 * A failure's message is what the clerk reads. Those marked NAMED start with the argument's name, which only the
 * edge knows: lib/graphql/builder.ts puts it in front; other `params` of a failure go into the refusal's extensions.
 */
export const NAMED = { named: true } as const;

const text = (test: (value: string) => boolean, message: (value: string) => string, params?: typeof NAMED) =>
  z.string().refine(test, { error: (issue) => message(String(issue.input)), ...(params && { params }) });

/** Control characters PostgreSQL refuses (NUL) or that have no place in a clerk's text; tab and line ends pass. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Every String and ID a client sends, before what its declaration checks. */
export const Text = text(
  (value) => !CONTROL.test(value) && value.isWellFormed(),
  () => '含有不可见的控制字符或无法识别的字符，请删去后重试',
  NAMED,
);

/** A studio's name as an application gives it: at most 40 characters once trimmed (blank: the host's name). */
export const StudioName = text(
  (value) => value.trim().length <= 40,
  (value) => `工作室名称“${value.slice(0, 40)}…”过长：最多 40 个字`,
);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string) => UUID.test(value);

/** An object's id as the hub gives it; every ID argument without another declaration. */
export const Uuid = text(isUuid, (value) => `编号“${value.slice(0, 40)}”无效：应为系统返回的编号（UUID）`, NAMED);

/** A region's six-digit GB/T 2260 code (lib/domain/region-code.ts). */
export const RegionCode = text(
  isRegionCode,
  (value) => `行政区划代码“${value}”无效：应为六位数字的 GB/T 2260 代码，例如 410422（叶县）`,
);

/** A unit-year's annual submission (evaluations): `annual-<year>-<county code>` or `annual-<year>-<city code>-<school id>`. */
export const ANNUAL_SUBMISSION_PREFIX = 'annual-';
export const ANNUAL_SUBMISSION_ID = new RegExp(
  `^${ANNUAL_SUBMISSION_PREFIX}(\\d{4})-(\\d{6})(?:-(${UUID.source.slice(1, -1)}))?$`,
);

/** Any id the hub gives (UUIDs, region codes, policy codes, annual submissions): what `node(id:)` takes. */
const HUB_ID = /^[\p{L}\p{N}_-]{1,64}$/u;
const isHubId = (value: string) => HUB_ID.test(value);
export const NodeId = text(isHubId, (value) => `编号“${value.slice(0, 40)}”无效：应为系统返回的编号`);

/** A policy's code, as a policy is asked for (`policy(id:)`, `policyId`); a code never given is NOT_FOUND. */
export const PolicyId = text(isHubId, (value) => `政策编号“${value}”无效`);

/**
 * A policy's code as an office names it: 1–64 letters, digits, `_` or `-`, in none of the shapes other objects' ids
 * take (a UUID, a region's six digits, an annual submission's prefix), so that `node(id:)` finds one object.
 */
export const isPolicyId = (value: string) =>
  isHubId(value) && !isUuid(value) && !/^\d{6}$/.test(value) && !value.startsWith(ANNUAL_SUBMISSION_PREFIX);
export const NewPolicyId = text(
  isPolicyId,
  (value) =>
    `政策编号“${value}”无效：须为 1 至 64 位字母、数字、“_”或“-”，且不能是六位数字（行政区划代码）、UUID 或以“${ANNUAL_SUBMISSION_PREFIX}”开头（年度考核编号）`,
);

/** A day that exists: 2026-02-28 does, 2026-02-30 does not (JavaScript would roll it over to March). */
export function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD day that exists. */
export function isDate(value: string): boolean {
  const m = DATE.exec(value);
  return !!m && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

export const LocalDate = text(
  isDate,
  (value) => `日期“${value.slice(0, 40)}”不正确：应为实际存在的日期，格式 YYYY-MM-DD，例如 2026-09-01`,
  NAMED,
);

/** A year between 2000 and 2100, what the tables accept. */
export const Year = z.number().refine((year) => Number.isInteger(year) && year >= 2000 && year <= 2100, {
  error: () => '年份不正确：应为 2000 到 2100 之间的年份',
  params: NAMED,
});

/** `nodes(ids:)`: at most `max` ids, each as `node(id:)` takes it. */
export const NodeIds = (max: number) =>
  z.array(NodeId).max(max, { error: (issue) => `一次最多查询 ${max} 个编号，本次 ${(issue.input as unknown[]).length} 个` });

/** A semester as "<school year's first>-<its second>-<1 or 2>", e.g. 2026-2027-1 (2026—2027 学年第一学期). */
export const SEMESTER = /^(\d{4})-(\d{4})-([12])$/;
export const Semester = text(
  (value) => {
    const m = SEMESTER.exec(value);
    return !!m && Number(m[2]) === Number(m[1]) + 1 && Number(m[1]) >= 2000 && Number(m[1]) <= 2099;
  },
  (value) => `学期“${value}”格式不正确：应为“学年起-学年止-学期”，例如 2026-2027-1（2026—2027 学年第一学期）`,
);

/** A page's size (`first`), 1 to `max`; the refusal tells the most as `max`. */
export const PageSize = (max: number) =>
  z.number().refine((size) => Number.isInteger(size) && size >= 1 && size <= max, {
    error: (issue) => `每页条数 first 应在 1 到 ${max} 之间，收到 ${String(issue.input)}`,
    params: { max },
  });

/** A spreadsheet's rows for one all-or-nothing import: at least one, at most `max` (lib/graphql/input.ts IMPORT_ROWS). */
export const Rows = (max: number) =>
  z
    .array(z.unknown())
    .min(1, { error: '文件中没有数据行' })
    .max(max, { error: (issue) => `一次最多导入 ${max} 行，本文件有 ${(issue.input as unknown[]).length} 行，请分批导入` });
