import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import { Kind, print, type GraphQLFieldResolver, type GraphQLInputType, type ValueNode } from 'graphql';
import { formatMoney, MoneyFormatError, parseMoney } from './money.ts';
import type { Builder, HubTypes } from './context.ts';
import type { NodeInterface } from './node.ts';
import { userError } from './errors.ts';
import { isDate, isUuid, parseInstant } from './input.ts';
import { isRegionCode } from './region-code.ts';

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
/** The ids `node(id:)` and `nodes(ids:)` take: any id the hub gives (UUIDs, region codes, policy codes). */
const NODE_ARGUMENTS = new Set(['id', 'ids']);
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
    } else if (policyIds === NODE_ARGUMENTS) {
      if (!/^[\p{L}\p{N}_-]{1,64}$/u.test(text)) throw badInput(name, `编号“${text.slice(0, 40)}”无效：应为系统返回的编号`);
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
 * The edge every subgraph's fields share. Before a resolver runs, each argument is checked by its type and
 * name (ids, region codes, days, instants, money, text without control characters), so a client's mistake is
 * BAD_USER_INPUT naming the argument, never a database error; and an error a resolver throws is returned as a
 * rejection, so that no error of a request escapes it.
 */
class ArgumentChecksPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const checked: typeof resolver =
      Object.keys(fieldConfig.args).length === 0
        ? resolver
        : (parent, args, context, info) => {
            const field = info.parentType.getFields()[info.fieldName]!;
            const type = String(field.type);
            const policyIds = /^\[?Node\b/.test(type)
              ? NODE_ARGUMENTS
              : /^\[?Policy\b/.test(type)
                ? POLICY_FIELD_ARGUMENTS
                : POLICY_ARGUMENTS;
            for (const arg of field.args) checkValue(arg.type, arg.name, (args as Record<string, unknown>)[arg.name], policyIds);
            return resolver(parent, args, context, info);
          };
    // graphql-js 16 completes a list's items one after another: an error thrown here while an earlier item's
    // promise is still pending ends the list at once and leaves that promise's rejection unhandled, which ends
    // a Node process. Thrown as a rejection, it takes its place in the list's own promise like every other error.
    return (parent, args, context, info) => {
      try {
        return checked(parent, args, context, info);
      } catch (error) {
        return Promise.reject(error as Error);
      }
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
export function createBuilder(): Builder {
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

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

/** An entity owned by another subgraph, known here by its id only; with `node`, a `Node` here too. */
export const externalEntity = (builder: Builder, name: string, node?: NodeInterface) =>
  builder.externalRef(name, builder.selection<{ id: string }>('id')).implement({
    interfaces: node ? [node] : [],
    fields: (t) => ({ id: t.exposeID('id', { description: ID_DESCRIPTION }) }),
  });

/** The one wording of every entity's `id` and every region's `code`, so the subgraphs agree when they compose. */
export const ID_DESCRIPTION = 'Stable identifier (a UUID). 编号';
export const REGION_CODE_DESCRIPTION = 'Six-digit GB/T 2260 code, e.g. "410422" (叶县). 行政区划代码';
