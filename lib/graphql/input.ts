import type { EnumRef, InputObjectRef } from '@pothos/core';
import type { StandardSchemaV1 } from '@pothos/plugin-validation';
import type { HubTypes } from './context.ts';
import { userError } from './errors.ts';
import { isCalendarDay, Rows } from './shapes.ts';

/** Reading what clients send beyond its declared shape (lib/graphql/shapes.ts): instants, imported rows, mutations' two forms. */

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO 8601 instant with a four-digit year (what PostgreSQL stores), or null. */
export function parseInstant(text: string): Date | null {
  const m = INSTANT.exec(text);
  if (!m || !isCalendarDay(Number(m[1]), Number(m[2]), Number(m[3]))) return null;
  if (Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59 || Number(m[6] ?? 0) > 59) return null;
  const date = new Date(m[4] && !m[7] ? `${text}Z` : text);
  return Number.isNaN(date.getTime()) ? null : date;
}

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
 * to MAX_IMPORT_BODY_BYTES (lib/http/server.ts; every other request 1 MB): 5,000 teachers with every column filled and
 * school names of 50 characters take about 2.5 MB as JSON. `npm run import` checks both before it uploads.
 */
export const IMPORT_ROWS = { importTeachers: 5000, importSchools: 2000 } as const;
export const MAX_IMPORT_BODY_BYTES = 4 * 1024 * 1024;

/** An import's rows, as its deprecated argument and its input's field both take them: required, at most `max`. */
export const importRows = <T extends object>(row: InputObjectRef<BuilderTypes, T>, max: number) => ({
  type: [row] as [typeof row],
  required: true as const,
  validate: Rows(max),
  description: 'The spreadsheet’s rows, cells as typed.',
});
/**
 * What `npm run import` reads: files up to 20 MB (5,000 rows of the form are well under 1 MB), an .xlsx unpacking to
 * at most 100 MB, cells up to 2,000 characters.
 */
export const MAX_IMPORT_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_UNPACKED_BYTES = 100 * 1024 * 1024;
export const MAX_IMPORT_CELL_CHARS = 2000;

/**
 * One mutation style, `input: { … }`, beside the positional arguments callers wrote before it (kept, optional in
 * the schema, so those calls keep working): a call gives one or the other, and every field the input requires.
 */
export const POSITIONAL = 'Positional form, kept for earlier callers: use input.';

type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;
type ArgBuilder = PothosSchemaTypes.RootFieldBuilder<BuilderTypes, unknown>['arg'];
type Scalar = 'id' | 'int' | 'string' | 'boolean';

/**
 * The arguments of a mutation in both forms: `input` of its input type, then the positional arguments kept for
 * earlier callers, each optional and described as kept (scalars by name, enums by their ref; a scalar with the shape
 * it declares as `[name, shape]`). Read them with `inputOrArguments`.
 */
export function inputAndPositional<T extends object>(
  t: { arg: ArgBuilder },
  input: InputObjectRef<BuilderTypes, T>,
  description: string,
  positional: Record<string, Scalar | [Scalar, StandardSchemaV1] | EnumRef<BuilderTypes, string, string>>,
) {
  const kept = (type: (typeof positional)[string]) => {
    if (typeof type === 'string') return t.arg[type]({ description: POSITIONAL });
    if (Array.isArray(type)) return t.arg[type[0]]({ description: POSITIONAL, validate: type[1] });
    return t.arg({ type, description: POSITIONAL });
  };
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
