import { createHash } from 'node:crypto';
import type { GraphQLResolveInfo } from 'graphql';
import { parseInstant } from './input.ts';
import { userError } from './errors.ts';
import { isUuid } from './shapes.ts';

export const MAX_PAGE_SIZE = 500;

/**
 * What a cursor is bound to: the field that issued it (`Query.teachersConnection`) and a digest of the arguments
 * that choose its rows (`within`, a filter, the region a change feed hangs from). `first` and `after` do not choose
 * rows, nor does `updatedSince` (`since`): it only narrows on the instant the list is ordered by, so a cursor
 * resumes a sync whatever instant is given with it.
 */
export interface CursorScope {
  field: string;
  digest: string;
}

const UNBOUND = new Set(['first', 'after', 'updatedSince', 'since']);

/** Arguments in one spelling: keys sorted, nulls and the unbound arguments left out, at every depth. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key, v]) => !UNBOUND.has(key) && v !== null && v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([key, v]) => [key, canonical(v)]),
    );
  return value;
}

/** The scope of the cursors `info`'s field issues for `args`; `parent` names the object it hangs from, if any. */
export function cursorScope(info: GraphQLResolveInfo, args: object, parent?: string): CursorScope {
  const field = `${info.parentType.name}.${info.fieldName}`;
  const digest = createHash('sha256')
    .update(JSON.stringify([field, parent ?? null, canonical(args)]))
    .digest('base64url')
    .slice(0, 16);
  return { field, digest };
}

/** Cursors for lists ordered by (updatedAt, id): opaque to clients, stable across pages, bound to their scope. */
export function encodeCursor(scope: CursorScope, updatedAt: Date, id: string): string {
  return Buffer.from(`${scope.field}|${scope.digest}|${updatedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

/** Where `cursor` lies, when it was issued in `scope`; else BAD_USER_INPUT with `reason`, naming the argument. */
export function decodeCursor(cursor: string, scope: CursorScope): { updatedAt: Date; id: string } {
  const parts = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const refuse = (reason: string, message: string, more: Record<string, unknown> = {}) =>
    userError('BAD_USER_INPUT', message, { argumentName: 'after', reason, ...more });
  if (parts.length === 2 && parseInstant(parts[0]!) && isUuid(parts[1]!))
    throw refuse(
      'CURSOR_MISMATCH',
      '分页游标 after 由旧版本签发，已不能续读：请去掉 after 从头读取，或用 updatedSince 从上次同步的时间读起',
    );
  const [field, digest, at, id, ...rest] = parts;
  const updatedAt = parseInstant(at ?? '');
  if (!field || !digest || !id || !isUuid(id) || !updatedAt || rest.length)
    throw refuse('CURSOR_INVALID', '分页游标 after 无效：请使用上一页返回的 endCursor');
  if (field !== scope.field)
    throw refuse(
      'CURSOR_MISMATCH',
      `分页游标 after 是 ${field.split('.').pop()} 返回的，不能用于 ${scope.field.split('.').pop()}：请使用本字段上一页返回的 endCursor`,
      { issuedBy: field },
    );
  if (digest !== scope.digest)
    throw refuse(
      'CURSOR_MISMATCH',
      '分页游标 after 是在不同的查询条件下取得的（如 within、filter 与上一页不同）：请用与上一页相同的条件续读，或去掉 after 从头读取',
      { issuedBy: field },
    );
  return { updatedAt, id };
}
