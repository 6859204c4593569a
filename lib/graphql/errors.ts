import { randomUUID } from 'node:crypto';
import { GraphQLError, type ASTNode, type GraphQLFormattedError } from 'graphql';
import type { SubgraphName } from '../service/config.ts';
import { logError, noteSubgraphFailure } from '../service/observability.ts';
import { chineseMessage } from './messages.ts';

/** Stable `extensions.code` values; clients switch on these, never on message text. */
export type ErrorCode = 'BAD_USER_INPUT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'CONFLICT' | 'POLICY_VIOLATION';

/** An error for the person at the office: a Chinese message and a stable code. */
export function userError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/**
 * One step of an error's final shape: it takes the error as the step before it left it (and the error thrown, to
 * read) and gives it on, changed or not.
 */
type ErrorStep = (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
const shapeError =
  (steps: ErrorStep[]): ErrorStep =>
  (formatted, error) =>
    steps.reduce((shaped, step) => step(shaped, error), formatted);

/**
 * How an error leaves the gateway, step by step (Apollo Server's `formatError`). After these, `oneErrorPerCause`
 * (gateway/refusals.ts) tells a refusal that several subgraphs gave once.
 */
export const gatewayErrorShape = (options: { debug: boolean; maxTokens: number }) =>
  shapeError([
    namingTheServiceDown, // SERVICE_UNAVAILABLE names the subgraph that is down
    tokenLimitRefused(options.maxTokens), // graphql-js's token limit is OPERATION_LIMIT_EXCEEDED
    refusalCodes, // the gateway's own refusals get their code back from their message's tag
    inChinese, // framework messages in Chinese, the English kept in `detail`
    formatError(options.debug), // anything not meant for users masked, logged under an id
  ]);

/** How an error leaves a subgraph, step by step (Apollo Server's `formatError`). */
export const subgraphErrorShape = (name: SubgraphName, options: { debug: boolean }) =>
  shapeError([
    inChinese, // framework messages in Chinese, the English kept in `detail`
    unavailableDatabase(name), // a database that is down is SERVICE_UNAVAILABLE naming this subgraph
    formatError(options.debug), // anything not meant for users masked, logged under an id
  ]);

/**
 * The gateway names in `extensions.serviceName` the subgraph an error came from; when that subgraph reports
 * another it could not reach, the client is told the one that is down.
 */
const namingTheServiceDown: ErrorStep = (formatted, error) => {
  // the subgraph's own error, as it sent it, lies at the end of the chain of errors wrapping it
  let reported = error as { originalError?: unknown; extensions?: Record<string, unknown> } | undefined;
  while (reported?.originalError) reported = reported.originalError as typeof reported;
  const down = reported?.extensions?.code === 'SERVICE_UNAVAILABLE' ? reported.extensions.serviceName : undefined;
  return down ? { ...formatted, extensions: { ...formatted.extensions, serviceName: down } } : formatted;
};

/**
 * graphql-js's own token limit, met while parsing: a parse error (HTTP 400), told as the limit it is. (graphql-armor's
 * token limit would parse every document a second time in a plugin, and a refusal thrown there answers HTTP 500.)
 */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:at|an) \d+ tokens/;
const tokenLimitRefused =
  (maxTokens: number): ErrorStep =>
  (formatted) =>
    TOKEN_LIMIT.test(formatted.message)
      ? {
          ...formatted,
          message: `查询过长（最多 ${maxTokens} 个词法单元）`,
          extensions: { code: 'OPERATION_LIMIT_EXCEEDED', detail: formatted.message },
        }
      : formatted;

/**
 * Apollo Server gives every error raised while parsing and validating the code GRAPHQL_VALIDATION_FAILED. The
 * gateway's own refusals (operation limits, unregistered documents) carry their stable code in a tag at the end
 * of the message, and `refusalCodes` puts it back in `extensions.code`.
 */
const TAG = /〔([A-Z_]+)〕$/;

export function refusal(
  code: 'OPERATION_LIMIT_EXCEEDED' | 'OPERATION_NOT_REGISTERED',
  message: string,
  options: { nodes?: readonly ASTNode[]; detail: string },
) {
  return new GraphQLError(`${message}〔${code}〕`, {
    nodes: options.nodes,
    extensions: { http: { status: 400 }, detail: options.detail },
  });
}

const refusalCodes: ErrorStep = (formatted) => {
  // graphql-js's own guard against selections too costly to validate (e.g. a field repeated a thousand times)
  if (formatted.message === 'Validation aborted.') {
    formatted = {
      ...formatted,
      message: '查询过于复杂，无法验证〔OPERATION_LIMIT_EXCEEDED〕',
      extensions: { ...formatted.extensions, detail: formatted.message },
    };
  }
  const tag = TAG.exec(formatted.message);
  if (!tag) return formatted;
  const message = formatted.message.replace(TAG, '');
  return { ...formatted, message, extensions: { ...formatted.extensions, code: tag[1] } };
};

/** Apollo Server's persisted-query refusals that carry no code: the client's mistake, not an internal error. */
const UNCODED_BAD_REQUEST = /^(?:provided sha does not match query|Unsupported persisted query version)$/;

/**
 * English framework messages become Chinese (lib/graphql/messages.ts), the original kept in `extensions.detail`;
 * at the gateway and at each subgraph's edge, so a message is Chinese wherever it was written.
 */
const inChinese: ErrorStep = (formatted) => {
  const given = String(formatted.extensions?.code);
  const code = given === 'INTERNAL_SERVER_ERROR' && UNCODED_BAD_REQUEST.test(formatted.message) ? 'BAD_REQUEST' : given;
  const message = chineseMessage(code, formatted.message);
  if (!message) return formatted;
  const position = formatted.locations?.[0];
  const where = code === 'GRAPHQL_PARSE_FAILED' && position ? `（第 ${position.line} 行第 ${position.column} 列）` : '';
  return {
    ...formatted,
    message: `${message}${where}`,
    extensions: { ...formatted.extensions, code, detail: formatted.extensions?.detail ?? formatted.message },
  };
};

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
 * The last step on both sides: errors meant for users pass as they are; anything else (a bug, a database fault) is
 * masked outside development, with its details written to the log under an id the message quotes.
 */
export function formatError(debug: boolean, log: (line: string, fields: Record<string, unknown>) => void = logError): ErrorStep {
  return (formatted, error) => {
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
function unavailableDatabase(name: SubgraphName): ErrorStep {
  return (formatted, error) => {
    if (!databaseDown(error)) return formatted;
    const { message, extensions } = serviceUnavailable(name, error, false);
    return { message, path: formatted.path, extensions };
  };
}
