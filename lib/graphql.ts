import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError, Kind, print, type GraphQLFieldResolver, type GraphQLInputType, type ValueNode } from 'graphql';
import { formatMoney, MoneyFormatError, parseMoney } from './money.ts';
import type { Viewer } from './auth.ts';
import type { Loaders } from './loaders.ts';
import type { Peers } from './peers.ts';
import { isRegionCode } from './region-code.ts';
import { today } from './clock.ts';

/** Stable `extensions.code` values; clients switch on these, never on message text. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'POLICY_VIOLATION';

/** An error for the person at the office: a Chinese message and a stable code. */
export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/**
 * One mutation style, `input: { … }`, beside the positional arguments callers wrote before it (kept, optional in
 * the schema, so those calls keep working): a call gives one or the other, and every field the input requires.
 */
export const POSITIONAL = 'Positional form, kept for earlier callers: use input.';

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

export function requireRegionCode(code: string, argumentName = 'code'): string {
  if (!isRegionCode(code)) {
    throw userError('BAD_USER_INPUT', `行政区划代码“${code}”无效：应为六位数字的 GB/T 2260 代码，例如 410422（叶县）`, {
      argumentName,
    });
  }
  return code;
}

export interface SubgraphContext {
  em: EntityManager;
  loaders: Loaders;
  /** The user, as the gateway vouched for them. */
  viewer: Viewer;
  /** The other subgraphs' APIs, asked as this user. */
  peers: Peers;
}

export interface HubTypes {
  Context: SubgraphContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Money: { Input: bigint; Output: bigint | number | string };
  };
}

/**
 * What a custom scalar could not read. Scalars do not throw: an error thrown while reading an inline literal would
 * fail the subgraph's validation (HTTP 400, which the gateway can only report as an internal error); the argument
 * check below refuses the value instead, as BAD_USER_INPUT naming the argument.
 */
class InvalidInput {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
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

function readInstant(value: unknown): Date | InvalidInput {
  const date = typeof value === 'string' ? parseInstant(value.trim()) : null;
  return (
    date ??
    new InvalidInput(`时间格式不正确：“${String(value)}”，应为 ISO 8601 格式的时间（年份四位），例如 2026-11-22T08:00:00Z`)
  );
}

function readMoney(value: unknown): bigint | InvalidInput {
  if (typeof value !== 'string' && typeof value !== 'number') return new InvalidInput(`金额格式不正确：“${String(value)}”`);
  try {
    return parseMoney(String(value));
  } catch (error) {
    if (error instanceof MoneyFormatError) return new InvalidInput(error.message);
    throw error;
  }
}

/**
 * An inline literal as the scalar's reader sees a variable's value: strings and numbers as written; anything else
 * (true, an enum, a list) as printed, which no reader accepts, so that the refusal quotes it.
 */
const literalValue = (node: ValueNode): string =>
  node.kind === Kind.STRING || node.kind === Kind.INT || node.kind === Kind.FLOAT ? node.value : print(node);

/**
 * What an ID argument holds, by its name: region codes (GB/T 2260) and policy ids (`000-pingdingshan`) by name,
 * every other id a UUID.
 */
const REGION_CODE_ARGUMENTS = new Set(['code', 'within', 'countyCode', 'evaluatingRegion']);
const POLICY_ARGUMENTS = new Set(['policyId', 'policy']);
/** …and the `id` of a field that returns a policy (`policy(id:)`). */
const POLICY_FIELD_ARGUMENTS = new Set([...POLICY_ARGUMENTS, 'id']);
/** String arguments that hold a day (YYYY-MM-DD), by name: `movedOn`, `spentOn`, `from`, `asOf`… */
const DATE_ARGUMENT = /^(?:\w+On|from|to|asOf|deadline)$/;
/** Control characters PostgreSQL refuses (NUL) or that have no place in a clerk's text; tab and line ends pass. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const badInput = (name: string, message: string) => userError('BAD_USER_INPUT', message, { argumentName: name });

function checkText(name: string, text: string, kind: string, policyIds: Set<string>): void {
  if (CONTROL.test(text) || !text.isWellFormed())
    throw badInput(name, `${name} 含有不可见的控制字符或无法识别的字符，请删去后重试`);
  if (kind === 'ID') {
    if (REGION_CODE_ARGUMENTS.has(name)) {
      if (!isRegionCode(text))
        throw badInput(name, `行政区划代码“${text}”无效：应为六位数字的 GB/T 2260 代码，例如 410422（叶县）`);
    } else if (policyIds.has(name)) {
      if (!/^[\p{L}\p{N}_-]{1,64}$/u.test(text)) throw badInput(name, `政策编号“${text}”无效`);
    } else if (!isUuid(text)) throw badInput(name, `${name} 编号“${text.slice(0, 40)}”无效：应为系统返回的编号（UUID）`);
  } else if (kind === 'String' && DATE_ARGUMENT.test(name) && !isDate(text)) {
    throw badInput(name, `${name} 日期“${text.slice(0, 40)}”不正确：应为实际存在的日期，格式 YYYY-MM-DD，例如 2026-09-01`);
  }
}

/**
 * Checks one argument (or input field) value against its type, input objects and lists included. Types are told
 * apart by their shape, not by graphql-js's `instanceof` predicates, which fail when a test runner loads graphql
 * twice (as ESM and as CommonJS).
 */
function checkValue(type: GraphQLInputType, name: string, value: unknown, policyIds: Set<string>): void {
  if (value === null || value === undefined) return;
  if (value instanceof InvalidInput) throw badInput(name, value.message);
  if ('ofType' in type) {
    if (String(type).endsWith('!') || !Array.isArray(value)) return checkValue(type.ofType, name, value, policyIds);
    for (const item of value) checkValue(type.ofType, name, item, policyIds);
    return;
  }
  if ('getFields' in type && typeof value === 'object') {
    for (const field of Object.values(type.getFields()))
      checkValue(field.type, field.name, (value as Record<string, unknown>)[field.name], POLICY_ARGUMENTS);
    return;
  }
  if (typeof value === 'string') checkText(name, value, type.name, policyIds);
}

/**
 * The edge check every subgraph's fields share: before a resolver runs, each argument is checked by its type and
 * name (ids, region codes, days, instants, money, text without control characters), so a client's mistake is
 * BAD_USER_INPUT naming the argument, never a database error.
 */
class ArgumentChecksPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (Object.keys(fieldConfig.args).length === 0) return resolver;
    return (parent, args, context, info) => {
      const field = info.parentType.getFields()[info.fieldName]!;
      const policyIds = /^\[?Policy\b/.test(String(field.type)) ? POLICY_FIELD_ARGUMENTS : POLICY_ARGUMENTS;
      for (const arg of field.args) checkValue(arg.type, arg.name, (args as Record<string, unknown>)[arg.name], policyIds);
      return resolver(parent, args, context, info);
    };
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Pothos plugins register by merging into this namespace
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      argumentChecks: ArgumentChecksPlugin<Types>;
    }
  }
}
SchemaBuilder.registerPlugin('argumentChecks', ArgumentChecksPlugin);

/** The builder every subgraph starts from: same plugins, scalars and root type, so the subgraphs compose. */
export function createBuilder() {
  const builder = new SchemaBuilder<HubTypes>({
    plugins: [DirectivePlugin, FederationPlugin, 'argumentChecks'],
    // fields are non-null unless they say otherwise, so the schema states what clients can rely on
    defaultFieldNullability: false,
  });
  builder.queryType({ description: 'What an office may read in its scope. 查询' });
  // what a scalar cannot read reaches the argument check as InvalidInput, which refuses it
  builder.scalarType('DateTime', {
    description: 'An instant as an ISO 8601 string in UTC, e.g. "2026-11-22T08:00:00.000Z".',
    serialize: (value) => new Date(value).toISOString(),
    parseValue: (value) => readInstant(value) as Date,
    parseLiteral: (node) => readInstant(literalValue(node)) as Date,
  });
  builder.scalarType('Money', {
    description: 'An amount in yuan (元) as a decimal string with two places, e.g. "80000.00". Stored as integer fen.',
    serialize: (fen) => formatMoney(fen),
    parseValue: (value) => readMoney(value) as bigint,
    parseLiteral: (node) => readMoney(literalValue(node)) as bigint,
  });
  return builder;
}

export type Builder = ReturnType<typeof createBuilder>;

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

/** A region owned by personnel, known here by its code only, so this subgraph can point at it or add fields. */
export const externalRegion = (builder: Builder) =>
  builder
    .externalRef('Region', builder.selection<{ code: string }>('code'))
    .implement({ fields: (t) => ({ code: t.exposeID('code', { description: REGION_CODE_DESCRIPTION }) }) });

/** An entity owned by another subgraph, known here by its id only. */
export const externalEntity = (builder: Builder, name: 'School' | 'Studio' | 'Teacher') =>
  builder
    .externalRef(name, builder.selection<{ id: string }>('id'))
    .implement({ fields: (t) => ({ id: t.exposeID('id', { description: ID_DESCRIPTION }) }) });

/** The one wording of every entity's `id` and every region's `code`, so the subgraphs agree when they compose. */
export const ID_DESCRIPTION = 'Stable identifier (a UUID). 编号';
export const REGION_CODE_DESCRIPTION = 'Six-digit GB/T 2260 code, e.g. "410422" (叶县). 行政区划代码';

/** Enum values described by their Chinese names, in order: `{ PASS: '合格' }` → `{ PASS: { description: '合格' } }`. */
export function enumValues<V extends string>(names: Record<V, string>): Record<V, { description: string }> {
  return Object.fromEntries(Object.entries(names).map(([value, description]) => [value, { description }])) as Record<
    V,
    { description: string }
  >;
}

/** 学段: the same enum in every subgraph that uses it, so they compose. */
export const stageEnum = (builder: Builder) =>
  builder.enumType('Stage', {
    description: 'School stage. 学段',
    values: enumValues<'PRIMARY' | 'JUNIOR' | 'SENIOR' | 'VOCATIONAL'>({
      PRIMARY: '小学',
      JUNIOR: '初中',
      SENIOR: '高中',
      VOCATIONAL: '中职',
    }),
  });

export const genderEnum = (builder: Builder) =>
  builder.enumType('Gender', {
    description: 'A teacher’s sex, as on the recommendation form (000 附件3). 性别',
    values: enumValues<'FEMALE' | 'MALE'>({ FEMALE: '女', MALE: '男' }),
  });

/** 荣誉级别: the same enum in every subgraph that uses it, so they compose. */
export const honorLevelEnum = (builder: Builder) =>
  builder.enumType('HonorLevel', {
    description: 'The level of the office that gave an honor or approved a project. 荣誉级别',
    values: enumValues<'NATIONAL' | 'PROVINCIAL' | 'MUNICIPAL' | 'COUNTY' | 'SCHOOL'>({
      NATIONAL: '国家级',
      PROVINCIAL: '省级',
      MUNICIPAL: '市级',
      COUNTY: '县级',
      SCHOOL: '校级',
    }),
  });

export type FundingSource = 'PROVINCE' | 'CITY' | 'COUNTY' | 'SCHOOL';
/** 经费来源: the same enum in every subgraph that uses it, so they compose. */
export const fundingSourceEnum = (builder: Builder) =>
  builder.enumType('FundingSource', {
    description: 'Which level’s budget money comes from. 经费来源',
    values: enumValues<FundingSource>({ PROVINCE: '省级', CITY: '市级', COUNTY: '区县级', SCHOOL: '学校' }),
  });

/** Today as YYYY-MM-DD (UTC). */
export { today };

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
    { problems },
  );
}

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
