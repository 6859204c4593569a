import { randomUUID } from 'node:crypto';
import type { GraphQLFormattedError } from 'graphql';

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
]);

/**
 * Errors as clients see them: those meant for users pass as they are; anything else (a bug, a database fault) is
 * masked outside development, with its details written to the log under an id the message quotes.
 */
export function formatError(debug: boolean, log: (line: string) => void = console.error) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    if (USER_CODES.has(code) || debug) return formatted;
    const id = randomUUID();
    log(
      `[${id}] ${code} at ${formatted.path?.join('.') ?? '-'}: ${error instanceof Error ? (error.stack ?? error.message) : formatted.message}`,
    );
    return {
      message: `服务器内部错误，请稍后再试；如仍出错，请把编号 ${id} 告知管理员`,
      path: formatted.path,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: id },
    };
  };
}
