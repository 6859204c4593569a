import type { InputObjectRef, ObjectRef } from '@pothos/core';
import { GraphQLError } from 'graphql';
import type { Builder, HubTypes, SubgraphContext } from './context.ts';
import { inputAndPositional, inputOrArguments, type RowProblem } from './input.ts';

/**
 * The mutation convention clients expect (Relay, Apollo): one `input` argument and a payload type holding the
 * changed object and the user errors that stopped the change, as data. A mutation written before in another
 * shape stays, deprecated, naming its replacement, until `REPLACED_UNTIL` (the README states it).
 */
export const REPLACED_UNTIL = '2027-06-30';
export const replacedBy = (name: string) =>
  `Use ${name}(input:), which returns a payload with userErrors; this one is removed after ${REPLACED_UNTIL}.`;

/** Refusals of the change itself, returned as `userErrors`; the others (NOT_FOUND, FORBIDDEN…) stay errors. */
const USER_ERROR_CODES = new Set(['BAD_USER_INPUT', 'POLICY_VIOLATION', 'CONFLICT']);

interface UserError {
  code: string;
  message: string;
  field: string | null;
  /** An import's bad cell: the row of the file and its column's header (lib/graphql/input.ts `refuseProblems`). */
  row?: number;
  column?: string;
}
type Types = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;
/** The payload field's type: the object's ref, or `[ref]` for a mutation that changes a list of them. */
type PayloadType<Out> = Out extends readonly (infer Item extends object)[] ? [ObjectRef<Types, Item>] : ObjectRef<Types, Out>;
type Positional = Parameters<typeof inputAndPositional>[3];

const userErrorRefs = new WeakMap<Builder, ObjectRef<Types, UserError>>();
function userErrorRef(builder: Builder): ObjectRef<Types, UserError> {
  let ref = userErrorRefs.get(builder);
  if (!ref) {
    ref = builder.objectRef<UserError>('UserError').implement({
      shareable: true,
      description: 'Why a change was refused, as data: a stable code and a message for the clerk. 未能保存的原因',
      fields: (t) => ({
        code: t.exposeString('code', { description: 'BAD_USER_INPUT, POLICY_VIOLATION or CONFLICT.' }),
        message: t.exposeString('message', { description: 'What to put right, in Chinese. 说明' }),
        field: t.exposeString('field', { nullable: true, description: 'The input field at fault, when one is.' }),
        row: t.int({
          nullable: true,
          description: 'For an import: the row of the file at fault, as numbered in the file. 行号',
          resolve: (e) => e.row ?? null,
        }),
        column: t.string({
          nullable: true,
          description: 'For an import: the column at fault, by its header in the file, e.g. 年龄. 列',
          resolve: (e) => e.column ?? null,
        }),
      }),
    });
    userErrorRefs.set(builder, ref);
  }
  return ref;
}

/**
 * A mutation in the convention: `name(input: Input!): NamePayload!`, the payload's `field` the changed object (null
 * when refused) and `userErrors` the refusal. The work is `resolve`, the same service the older mutation calls,
 * so it is one transaction and rolled back before a refusal is returned.
 */
export function payloadMutation<Input extends object, Out extends object>(
  builder: Builder,
  spec: {
    name: string;
    field: string;
    description: string;
    input: InputObjectRef<Types, Input>;
    type: PayloadType<Out>;
    resolve: (ctx: SubgraphContext, input: Input) => Promise<Out>;
    /**
     * The mutation of an older shape it replaces, kept deprecated until REPLACED_UNTIL with the same description and
     * work: `name(input: Input!)`, its argument described as `input`; with `positional`, the positional arguments
     * earlier callers wrote beside an optional input (lib/graphql/input.ts), `required` those a call must give.
     */
    replaces?: { name: string; input: string; positional?: Positional; required?: readonly (keyof Input & string)[] };
  },
) {
  const UserErrorRef = userErrorRef(builder);
  type Payload = { value: Out | null; userErrors: UserError[] };
  const PayloadRef = builder.objectRef<Payload>(`${spec.name[0]!.toUpperCase()}${spec.name.slice(1)}Payload`).implement({
    description: `What ${spec.name} returns: the ${spec.field} changed, or why the change was refused.`,
    fields: (t) => ({
      [spec.field]: t.field({
        // one ref or a list of one: Pothos takes either; the generic `Out` hides which
        type: spec.type as ObjectRef<Types, Out>,
        nullable: true,
        description: 'The object as changed; null when refused.',
        // Pothos cannot resolve its result type for a generic `Out`; the ref says what it is
        resolve: (p) => p.value as never,
      }),
      userErrors: t.field({
        type: [UserErrorRef],
        description: 'Why the change was refused; empty when it was made.',
        resolve: (p) => p.userErrors,
      }),
    }),
  });
  // the older shape first, beside its replacement in the schema
  const old = spec.replaces;
  if (old)
    builder.mutationField(old.name, (t) =>
      t.field({
        deprecationReason: replacedBy(spec.name),
        type: spec.type as ObjectRef<Types, Out>,
        description: spec.description,
        args: old.positional
          ? inputAndPositional(t, spec.input, old.input, old.positional)
          : { input: t.arg({ type: spec.input, required: true, description: old.input }) },
        // as the payload's field above: Pothos cannot resolve its result type for a generic `Out`
        resolve: (_root, args, ctx) =>
          spec.resolve(
            ctx,
            old.positional
              ? inputOrArguments<Input>(args as { input?: Input | null }, old.required ?? [])
              : (args as { input: Input }).input,
          ) as never,
      }),
    );
  builder.mutationField(spec.name, (t) =>
    t.field({
      type: PayloadRef,
      description: spec.description,
      args: { input: t.arg({ type: spec.input, required: true, description: 'What to change.' }) },
      resolve: async (_root, args, ctx): Promise<Payload> => {
        try {
          return { value: await spec.resolve(ctx, (args as { input: Input }).input), userErrors: [] };
        } catch (error) {
          const code = error instanceof GraphQLError ? String(error.extensions.code) : '';
          if (!USER_ERROR_CODES.has(code)) throw error;
          const { argumentName, problems } = (error as GraphQLError).extensions as {
            argumentName?: string;
            problems?: RowProblem[];
          };
          const field = argumentName ? String(argumentName) : null;
          return {
            value: null,
            // an import refused for its bad cells: each cell's problem, as the CLI prints them
            userErrors: problems?.length
              ? problems.map((p) => ({ code, message: p.message, field, row: p.row, column: p.column }))
              : [{ code, message: (error as GraphQLError).message, field }],
          };
        }
      },
    }),
  );
}
