import type { EnumRef, InputObjectRef } from '@pothos/core';
import type { HubTypes } from './context.ts';
import { userError } from './errors.ts';
import { today } from './clock.ts';
import { isRegionCode } from './region-code.ts';

/** Checks of what clients send: region codes, ids, days, instants, years and imported rows; BAD_USER_INPUT otherwise. */

export function requireRegionCode(code: string, argumentName = 'code'): string {
  if (!isRegionCode(code)) {
    throw userError('BAD_USER_INPUT', `行政区划代码“${code}”无效：应为六位数字的 GB/T 2260 代码，例如 410422（叶县）`, {
      argumentName,
    });
  }
  return code;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** A day that exists: 2026-02-28 does, 2026-02-30 does not (JavaScript would roll it over to March). */
function isCalendarDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An ISO 8601 instant with a four-digit year (what PostgreSQL stores), or null. */
export function parseInstant(text: string): Date | null {
  const m = INSTANT.exec(text);
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  if (Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) return null;
  const date = new Date(m[4] && !m[7] ? `${text}Z` : text);
  return Number.isNaN(date.getTime()) ? null : date;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD day that exists. */
export function isDate(text: string): boolean {
  const m = DATE.exec(text);
  return !!m && isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (text: string) => UUID.test(text);

/**
 * A policy's code as an office names it: 1–64 letters, digits, `_` or `-`, in none of the shapes other objects' ids
 * take (a UUID, a region's six digits, an annual submission's `annual-…`), so that `node(id:)` finds one object.
 */
export const isPolicyId = (text: string) =>
  /^[\p{L}\p{N}_-]{1,64}$/u.test(text) && !isUuid(text) && !/^\d{6}$/.test(text) && !text.startsWith('annual-');

/** A bad cell of an imported spreadsheet: its row, its column's header, what is wrong. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

/** Refuses a whole import when any row has a problem, quoting the first five in the clerk's words. */
export function refuseProblems(problems: RowProblem[]): void {
  if (!problems.length) return;
  problems.sort((a, b) => a.row - b.row);
  const shown = problems
    .slice(0, 5)
    .map((p) => `第 ${p.row} 行“${p.column}”：${p.message}`)
    .join('；');
  throw userError(
    'BAD_USER_INPUT',
    `导入未执行，文件中有 ${problems.length} 处错误，未写入任何数据。${shown}${problems.length > 5 ? '……' : ''}`,
    { argumentName: 'rows', problems },
  );
}

/**
 * The spreadsheet imports, by mutation: the most rows one file may hold. Their requests alone may carry a body up
 * to MAX_IMPORT_BODY_BYTES (lib/http.ts; every other request 1 MB): 5,000 teachers with every column filled and
 * school names of 50 characters take about 2.5 MB as JSON. `npm run import` checks both before it uploads.
 */
export const IMPORT_ROWS = { importTeachers: 5000, importSchools: 2000 } as const;
export const MAX_IMPORT_BODY_BYTES = 4 * 1024 * 1024;
/**
 * What `npm run import` reads: files up to 20 MB (5,000 rows of the form are well under 1 MB), an .xlsx unpacking to
 * at most 100 MB, cells up to 2,000 characters.
 */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_UNPACKED_BYTES = 100 * 1024 * 1024;
export const MAX_IMPORT_CELL_CHARS = 2000;

/** A spreadsheet's rows for one all-or-nothing import: at least one, at most `max` (BAD_USER_INPUT otherwise). */
export function requireRows(rows: readonly unknown[], max: number): void {
  if (rows.length === 0) throw userError('BAD_USER_INPUT', '文件中没有数据行');
  if (rows.length > max) throw userError('BAD_USER_INPUT', `一次最多导入 ${max} 行，本文件有 ${rows.length} 行，请分批导入`);
}

/** A year argument between 2000 and 2100 (what the tables accept), or BAD_USER_INPUT naming it. */
export function requireYear(year: number, argumentName = 'year'): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw userError('BAD_USER_INPUT', `${argumentName} 年份不正确：应为 2000 到 2100 之间的年份`, { argumentName });
  }
  return year;
}

/** A YYYY-MM-DD date argument, or BAD_USER_INPUT naming it; `orToday` fills an empty one with today. */
export function requireDate(value: string | null | undefined, name: string, orToday = false): string {
  if (!value && orToday) return today();
  if (!value || !isDate(value)) {
    throw userError('BAD_USER_INPUT', `${name} 应为 YYYY-MM-DD 格式的日期`, { argumentName: name });
  }
  return value;
}
/**
 * One mutation style, `input: { … }`, beside the positional arguments callers wrote before it (kept, optional in
 * the schema, so those calls keep working): a call gives one or the other, and every field the input requires.
 */
export const POSITIONAL = 'Positional form, kept for earlier callers: use input.';

type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;
type ArgBuilder = PothosSchemaTypes.RootFieldBuilder<BuilderTypes, unknown>['arg'];

/**
 * The arguments of a mutation in both forms: `input` of its input type, then the positional arguments kept for
 * earlier callers, each optional and described as kept (scalars by name, enums by their ref). Read them with
 * `inputOrArguments`.
 */
export function inputAndPositional<T extends object>(
  t: { arg: ArgBuilder },
  input: InputObjectRef<BuilderTypes, T>,
  description: string,
  positional: Record<string, 'id' | 'int' | 'string' | 'boolean' | EnumRef<BuilderTypes, string, string>>,
) {
  const kept = (type: (typeof positional)[string]) =>
    typeof type === 'string' ? t.arg[type]({ description: POSITIONAL }) : t.arg({ type, description: POSITIONAL });
  return {
    input: t.arg({ type: input, description }),
    ...(Object.fromEntries(Object.entries(positional).map(([name, type]) => [name, kept(type)])) as Record<
      string,
      ReturnType<typeof kept>
    >),
  };
}

export function inputOrArguments<T extends object>(
  args: { input?: T | null } & Record<string, unknown>,
  required: readonly (keyof T & string)[],
): T {
  const { input, ...positional } = args;
  const given = Object.entries(positional).filter(([, value]) => value !== undefined && value !== null);
  if (input && given.length) {
    throw userError(
      'BAD_USER_INPUT',
      `请只用一种写法：input: { … } 或逐个参数（${given.map(([name]) => name).join('、')}），不要同时使用`,
      { argumentName: 'input' },
    );
  }
  const values = (input ?? Object.fromEntries(given)) as T;
  const missing = required.filter((name) => (values as Record<string, unknown>)[name] == null);
  if (missing.length) {
    throw userError('BAD_USER_INPUT', `缺少参数 ${missing.join('、')}：请在 input 中填写`, { argumentName: missing[0] });
  }
  return values;
}
