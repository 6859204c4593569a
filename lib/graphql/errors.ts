import { randomUUID } from 'node:crypto';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { SubgraphName } from '../service/config.ts';
import { logError, noteSubgraphFailure } from '../service/observability.ts';

/** Stable `extensions.code` values; clients switch on these, never on message text. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'POLICY_VIOLATION';

/** An error for the person at the office: a Chinese message and a stable code. */
export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

const USER_CODES = new Set([
  'BAD_USER_INPUT',
  'POLICY_VIOLATION',
  'NOT_FOUND',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'CONFLICT',
  'OPERATION_LIMIT_EXCEEDED',
  'OPERATION_NOT_REGISTERED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'OPERATION_NOT_SUPPORTED',
  'PERSISTED_QUERY_NOT_FOUND',
  'SERVICE_UNAVAILABLE',
]);

/**
 * Errors as clients see them: those meant for users pass as they are; anything else (a bug, a database fault) is
 * masked outside development, with its details written to the log under an id the message quotes.
 */
export function formatError(debug: boolean, log: (line: string, fields: Record<string, unknown>) => void = logError) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    if (USER_CODES.has(code) || debug) return formatted;
    const id = randomUUID();
    log(`[${id}] ${code} at ${formatted.path?.join('.') ?? '-'}`, {
      errorId: id,
      code,
      path: formatted.path?.join('.'),
      error: error instanceof Error ? (error.stack ?? error.message) : formatted.message,
    });
    return {
      message: `服务器内部错误，请稍后再试；如仍出错，请把编号 ${id} 告知管理员`,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: id },
    };
  };
}

/** Each subgraph as users know it, for when it does not answer. */
export const SERVICE_TITLES: Record<SubgraphName, string> = {
  personnel: '人员服务',
  studios: '工作室服务',
  evaluations: '考核评估服务',
  funding: '经费服务',
};

/**
 * A subgraph that did not answer (refused, reset, timed out, 502–504), named for the user with a stable code;
 * the address and the reason go to the log only. A change whose answer timed out may have been made: the user
 * is told to look before trying again.
 */
export function serviceUnavailable(name: SubgraphName, cause: unknown, change: boolean): GraphQLError {
  const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
  noteSubgraphFailure(name);
  logError(`${name} did not answer`, {
    subgraph: name,
    timedOut,
    error: cause instanceof Error ? `${cause.message} ${String(cause.cause ?? '')}`.trim() : String(cause),
  });
  const title = SERVICE_TITLES[name];
  const message = !timedOut
    ? `${title}暂不可用，请稍后再试`
    : change
      ? `${title}响应超时，本次操作可能已经生效，请刷新查看后再决定是否重试`
      : `${title}响应超时，请稍后再试`;
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: name, timedOut } });
}

/** Whether an HTTP answer says the service behind it is not there (a proxy's 502, 503 or 504). */
export const isUnavailableStatus = (status: number) => status === 502 || status === 503 || status === 504;

// what pg and PostgreSQL say when the database is gone, restarting, or too busy to answer in time
const DATABASE_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01',
  '57P02',
  '57P03',
  '57014',
  '55P03',
  '25P03',
]);
const DATABASE_DOWN_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|not queryable/;

function databaseDown(error: unknown): boolean {
  for (let e = error as { code?: unknown; message?: unknown; originalError?: unknown; cause?: unknown } | undefined; e;) {
    const code = String(e.code ?? '');
    if (DATABASE_DOWN_CODES.has(code) || code.startsWith('08') || DATABASE_DOWN_MESSAGES.test(String(e.message ?? '')))
      return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}

/**
 * A subgraph whose database is down, restarting or too busy says so as SERVICE_UNAVAILABLE, naming itself, and
 * not as an internal error: the change it was making did not commit, and trying again later is right.
 */
export function withUnavailableDatabase(name: SubgraphName, format: ReturnType<typeof formatError>) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (!databaseDown(error)) return format(formatted, error);
    const { message, extensions } = serviceUnavailable(name, error, false);
    return { message, path: formatted.path, extensions };
  };
}
