import SchemaBuilder, {
  BasePlugin,
  unwrapInputFieldType,
  type PothosInputFieldConfig,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from '@pothos/core';
import DirectivePlugin from '@pothos/plugin-directives';
import FederationPlugin from '@pothos/plugin-federation';
import ValidationPlugin, { type StandardSchemaV1 } from '@pothos/plugin-validation';
import { Kind, print, type GraphQLError, type GraphQLFieldResolver, type ValueNode } from 'graphql';
import { z } from 'zod';
import { formatMoney, MoneyFormatError, parseMoney } from '../domain/money.ts';
import type { Builder, HubTypes } from './context.ts';
import type { NodeInterface } from './node.ts';
import { userError } from './errors.ts';
import { parseInstant } from './input.ts';
import { Text, Uuid } from './shapes.ts';

/**
 * What a custom scalar could not read. Scalars do not throw: an error thrown while reading an inline literal would
 * fail the subgraph's validation (HTTP 400, which the gateway can only report as an internal error); its type's
 * check below (READABLE) refuses the value instead, as BAD_USER_INPUT naming the argument.
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
 * What every argument and input field of a type is checked for besides its declaration (lib/graphql/shapes.ts): text
 * without control characters, an ID a UUID unless it declares another shape, a DateTime or Money its scalar could
 * read. By type, never by name.
 */
const READABLE = z.custom((value) => !(value instanceof InvalidInput), {
  error: (issue) => (issue.input as InvalidInput).message,
});

function typeChecks(type: string, declared: boolean): z.ZodType[] {
  if (type === 'String') return [Text];
  if (type === 'ID') return declared ? [Text] : [Text, Uuid];
  if (type === 'DateTime' || type === 'Money') return [READABLE];
  return [];
}

/** The refusal of a value its checks fail: BAD_USER_INPUT naming the argument or input field, in the clerk's words. */
function refusal({ issues }: StandardSchemaV1.FailureResult): GraphQLError {
  const issue = issues[0]!;
  const path = (issue.path ?? []).map((key) => (typeof key === 'object' ? key.key : key));
  const name = String(path.findLast((key) => typeof key === 'string') ?? '');
  const { named, ...more } = (issue as { params?: { named?: boolean } }).params ?? {};
  return userError('BAD_USER_INPUT', named ? `${name} ${issue.message}` : issue.message, { ...more, argumentName: name });
}

/**
 * The edge every subgraph's fields share. Each argument and input field gets the checks of its type before those
 * it declares, which the validation plugin runs before the resolver; and an error thrown there or by a resolver is
 * returned as a rejection, so that no error of a request escapes it.
 */
class ArgumentChecksPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  /** The field's checks, in the validation plugin's list (run last to first, before the field's own `validate`). */
  private withTypeChecks<T extends PothosInputFieldConfig<Types>>(field: T): T {
    const own = field.extensions?.['@pothos/plugin-validation']?.schemas ?? [];
    const type = this.buildCache.getTypeConfig(unwrapInputFieldType(field.type)).name;
    const checks = typeChecks(type, !!field.pothosOptions.validate || own.length > 0);
    if (!checks.length) return field;
    const list = field.type.kind === 'List';
    return {
      ...field,
      extensions: {
        ...field.extensions,
        '@pothos/plugin-validation': {
          ...field.extensions?.['@pothos/plugin-validation'],
          schemas: [...own, ...checks.map((check) => (list ? z.array(check.nullish()) : check)).reverse()],
        },
      },
    };
  }

  override onInputFieldConfig(fieldConfig: PothosInputFieldConfig<Types>): PothosInputFieldConfig<Types> {
    return fieldConfig.kind === 'InputObject' ? this.withTypeChecks(fieldConfig) : fieldConfig;
  }

  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const args = Object.entries(fieldConfig.args);
    if (!args.length) return fieldConfig;
    return { ...fieldConfig, args: Object.fromEntries(args.map(([name, arg]) => [name, this.withTypeChecks(arg)])) };
  }

  // graphql-js 16 completes a list's items one after another: an error thrown here while an earlier item's
  // promise is still pending ends the list at once and leaves that promise's rejection unhandled, which ends
  // a Node process. Thrown as a rejection, it takes its place in the list's own promise like every other error.
  override wrapArgMappers(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    return (parent, args, context, info) => {
      try {
        return resolver(parent, args, context, info);
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
    // the argument checks come last, so that the type checks they add reach the validation plugin
    plugins: [DirectivePlugin, FederationPlugin, ValidationPlugin, 'argumentChecks'],
    validation: { validationError: refusal },
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
