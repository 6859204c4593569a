import { isUuid, parseInstant } from './input.ts';
import { userError } from './errors.ts';

export const MAX_PAGE_SIZE = 500;

/** Cursors for lists ordered by (updatedAt, id): opaque to clients, stable across pages. */
export function encodeCursor(updatedAt: Date, id: string): string {
  return Buffer.from(`${updatedAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { updatedAt: Date; id: string } {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const updatedAt = parseInstant(at ?? '');
  if (!id || !isUuid(id) || !updatedAt || rest.length) {
    throw userError('BAD_USER_INPUT', '分页游标 after 无效：请使用上一页返回的 endCursor', { argumentName: 'after' });
  }
  return { updatedAt, id };
}

export function requirePageSize(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw userError('BAD_USER_INPUT', `每页条数 first 应在 1 到 ${MAX_PAGE_SIZE} 之间，收到 ${first}`, {
      argumentName: 'first',
      max: MAX_PAGE_SIZE,
    });
  }
  return first;
}
