import SchemaBuilder from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import type { EntityManager } from '@mikro-orm/postgresql';
import { GraphQLError } from 'graphql';
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

/** The builder every subgraph starts from: same plugins, scalars and root type, so the subgraphs compose. */
export function createBuilder() {
  const builder = new SchemaBuilder<HubTypes>({
    plugins: [DirectivePlugin, FederationPlugin],
    // fields are non-null unless they say otherwise, so the schema states what clients can rely on
    defaultFieldNullability: false,
  });
  builder.queryType({});
  builder.scalarType('DateTime', {
    description: 'An instant as an ISO 8601 string in UTC, e.g. "2026-11-22T08:00:00.000Z".',
    serialize: (value) => new Date(value).toISOString(),
    parseValue: (value) => {
      const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
      if (Number.isNaN(date.getTime())) {
        throw userError('BAD_USER_INPUT', `时间格式不正确：“${String(value)}”，应为 ISO 8601 格式，例如 2026-11-22T08:00:00Z`);
      }
      return date;
    },
  });
  builder.scalarType('Money', {
    description: 'An amount in yuan (元) as a decimal string with two places, e.g. "80000.00". Stored as integer fen.',
    serialize: (fen) => formatMoney(fen),
    parseValue: (value) => {
      try {
        return parseMoney(String(value));
      } catch (error) {
        if (error instanceof MoneyFormatError) throw userError('BAD_USER_INPUT', error.message);
        throw error;
      }
    },
  });
  return builder;
}

export type Builder = ReturnType<typeof createBuilder>;

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

/** A region owned by personnel, known here by its code only, so this subgraph can point at it or add fields. */
export const externalRegion = (builder: Builder) =>
  builder
    .externalRef('Region', builder.selection<{ code: string }>('code'))
    .implement({ fields: (t) => ({ code: t.exposeID('code') }) });

/** An entity owned by another subgraph, known here by its id only. */
export const externalEntity = (builder: Builder, name: 'School' | 'Studio' | 'Teacher') =>
  builder.externalRef(name, builder.selection<{ id: string }>('id')).implement({ fields: (t) => ({ id: t.exposeID('id') }) });

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
    description: '学段',
    values: enumValues<'PRIMARY' | 'JUNIOR' | 'SENIOR' | 'VOCATIONAL'>({
      PRIMARY: '小学',
      JUNIOR: '初中',
      SENIOR: '高中',
      VOCATIONAL: '中职',
    }),
  });

export const genderEnum = (builder: Builder) =>
  builder.enumType('Gender', { values: enumValues<'FEMALE' | 'MALE'>({ FEMALE: '女', MALE: '男' }) });

/** 荣誉级别: the same enum in every subgraph that uses it, so they compose. */
export const honorLevelEnum = (builder: Builder) =>
  builder.enumType('HonorLevel', {
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
    description: '经费来源',
    values: enumValues<FundingSource>({ PROVINCE: '省级', CITY: '市级', COUNTY: '区县级', SCHOOL: '学校' }),
  });

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Today as YYYY-MM-DD (UTC). */
export { today };

/** A YYYY-MM-DD date argument, or BAD_USER_INPUT naming it; `orToday` fills an empty one with today. */
/** A year argument between 2000 and 2100 (what the tables accept), or BAD_USER_INPUT naming it. */
export function requireYear(year: number, argumentName = 'year'): number {
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw userError('BAD_USER_INPUT', `${argumentName} 年份不正确：应为 2000 到 2100 之间的年份`, { argumentName });
  }
  return year;
}

export function requireDate(value: string | null | undefined, name: string, orToday = false): string {
  if (!value && orToday) return today();
  if (!value || !DATE.test(value) || Number.isNaN(Date.parse(value))) {
    throw userError('BAD_USER_INPUT', `${name} 应为 YYYY-MM-DD 格式的日期`, { argumentName: name });
  }
  return value;
}
