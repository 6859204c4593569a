import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type DocumentStore } from '@apollo/server';
import { Kind, parse, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import { IMPORT_ROWS, MAX_IMPORT_BODY_BYTES } from '../graphql/input.ts';
import { logError, mayReadMetrics, observeRequest, sendMetrics, spanName, type MetricsAccess } from '../service/observability.ts';
import { serverSpan } from '../service/tracing.ts';
import { applyCors, sendBody, type CorsPolicy, type RateRefusal } from './web.ts';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface ServeOptions<C extends BaseContext> {
  /** Names the server in access logs and metrics: `gateway` or the subgraph's name. */
  service: string;
  host: string;
  port: number;
  context: (req: IncomingMessage) => Promise<C>;
  /** Extra routes: GET by path (`/health`), other methods as `POST /events`. */
  routes?: Record<string, RouteHandler>;
  /** On close, how long requests under way may take to be answered before their connections are cut. */
  drainTimeoutMs: number;
  /** Who may read its /metrics (lib/service/observability.ts `metricsAccess`: METRICS_TOKEN, production or not). */
  metrics: MetricsAccess;
  /** Origins a browser may call from (the gateway's CORS_ORIGINS). */
  cors?: CorsPolicy;
  /** The rate limit on /graphql and the exports (the gateway's RATE_LIMIT_PER_MINUTE, `callerLimit`): null lets it on. */
  rateLimit?: (req: IncomingMessage) => Promise<RateRefusal | null>;
  /** Rewrites a POSTed JSON body before it is run (a persisted document's id into its text), or refuses it. */
  rewriteBody?: (body: unknown) => { body: unknown } | { status: number; code: string; message: string };
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Every request's body: at most 1 MB; an import's alone (isImport) up to MAX_IMPORT_BODY_BYTES. */
const MAX_BODY_BYTES = 1024 * 1024;
const MB = (bytes: number) => bytes / 1024 / 1024;
/** How much of a body too large is read (and thrown away) before the connection is cut. */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

/** Serves an Apollo server at POST/GET /graphql on plain node:http, with a few extra routes. */
export async function serve<C extends BaseContext>(apollo: ApolloServer<C>, options: ServeOptions<C>): Promise<Listening> {
  await apollo.start();
  let draining = false;
  const server = createServer((req, res) => {
    // while draining, a keep-alive connection ends once its answer is out
    res.on('finish', () => draining && setImmediate(() => server.closeIdleConnections()));
    serverSpan(spanName(options.service, req), req.headers, (span) => {
      const observed = observeRequest(options.service, req, res, span);
      observed
        .run(() => handle(apollo, options, req, res, observed.operation))
        .catch((error: unknown) => {
          logError('request failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
          if (!res.headersSent)
            sendJson(res, 500, { errors: [{ message: '服务器内部错误', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
          else res.end();
        });
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' ? '127.0.0.1' : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    // takes no new connections, answers the requests under way (a change that committed reaches its client as
    // done), then stops; connections still busy after the drain timeout are cut
    close: async () => {
      draining = true;
      await new Promise<void>((resolve) => {
        const cut = setTimeout(() => server.closeAllConnections(), options.drainTimeoutMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      });
      await apollo.stop();
    },
  };
}

async function handle<C extends BaseContext>(
  apollo: ApolloServer<C>,
  options: ServeOptions<C>,
  req: IncomingMessage,
  res: ServerResponse,
  operation: (name: unknown) => void,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (options.cors && applyCors(options.cors, req, res)) return;
  // with its access `off`, /metrics is a page that does not exist
  if (url.pathname === '/metrics' && req.method === 'GET' && options.metrics !== 'off') {
    if (mayReadMetrics(options.metrics, req.headers.authorization)) return sendMetrics(options.service, res);
    res.setHeader('www-authenticate', 'Bearer');
    return refuse(
      res,
      401,
      'UNAUTHENTICATED',
      '读取监控指标须带 Authorization: Bearer <METRICS_TOKEN>',
      '/metrics needs the METRICS_TOKEN as a bearer token',
    );
  }
  if (options.rateLimit && (url.pathname === '/graphql' || url.pathname.startsWith('/export/'))) {
    const refused = await options.rateLimit(req);
    if (refused) {
      res.setHeader('retry-after', String(refused.retryAfter));
      return refuse(res, 429, 'RATE_LIMITED', refused.message, refused.detail);
    }
  }
  if (url.pathname !== '/graphql') {
    const route =
      options.routes?.[`${req.method} ${url.pathname}`] ??
      (req.method === 'GET' || req.method === 'HEAD' ? options.routes?.[url.pathname] : undefined);
    if (route) return route(req, res);
    return refuse(
      res,
      404,
      'NOT_FOUND',
      `没有这个地址：${url.pathname}（GraphQL 接口在 /graphql）`,
      `No route for ${url.pathname}`,
    );
  }
  if (req.method !== 'GET' && req.method !== 'POST') {
    res.setHeader('allow', 'GET, POST');
    return refuse(
      res,
      405,
      'METHOD_NOT_ALLOWED',
      `不支持 ${req.method} 请求：请用 POST（或只读查询用 GET）`,
      `Method ${req.method} not allowed; use GET or POST`,
    );
  }
  const raw = await readBody(req, MAX_IMPORT_BODY_BYTES);
  const tooLarge = (limit: number) =>
    refuse(
      res,
      413,
      'PAYLOAD_TOO_LARGE',
      `请求体过大（上限 ${MB(limit)} MB），请分批提交`,
      `Request body larger than ${limit} bytes`,
    );
  if (raw === null) {
    res.setHeader('connection', 'close');
    return tooLarge(MAX_IMPORT_BODY_BYTES);
  }
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES && !(req.method === 'POST' && isImport(raw, options.rewriteBody)))
    return tooLarge(MAX_BODY_BYTES);
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (req.method === 'POST' && mediaType !== 'application/json')
    return refuse(
      res,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      '请求体应为 JSON：请设置 Content-Type: application/json',
      `Content-Type ${mediaType || '(none)'} is not application/json`,
    );
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = raw;
  if (req.method === 'POST') {
    try {
      body = JSON.parse(raw);
    } catch {
      return refuse(res, 400, 'BAD_REQUEST', '请求体不是有效的 JSON', 'Request body is not valid JSON');
    }
    const rewritten = options.rewriteBody?.(body) ?? { body };
    if (!('body' in rewritten))
      return refuse(res, rewritten.status, rewritten.code, rewritten.message, `${rewritten.code}: the request body was refused`);
    body = rewritten.body;
    operation((body as { operationName?: unknown } | null)?.operationName);
  } else operation(url.searchParams.get('operationName'));
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: () => options.context(req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') return sendBody(req, res, response.body.string);
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * A spreadsheet import (lib/graphql/input.ts IMPORT_ROWS), the one request whose body may pass MAX_BODY_BYTES: a single
 * mutation whose fields are all imports. The gateway asks personnel in the same shape, so both allow it.
 */
function isImport(raw: string, rewrite: ServeOptions<BaseContext>['rewriteBody']): boolean {
  try {
    const parsed: unknown = JSON.parse(raw);
    const rewritten = rewrite?.(parsed) ?? { body: parsed };
    const query = 'body' in rewritten ? (rewritten.body as { query?: unknown } | null)?.query : undefined;
    if (typeof query !== 'string') return false;
    const [operation, ...more] = parse(query, { maxTokens: 200 }).definitions;
    return (
      !more.length &&
      operation?.kind === Kind.OPERATION_DEFINITION &&
      operation.operation === 'mutation' &&
      operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && Object.hasOwn(IMPORT_ROWS, s.name.value))
    );
  } catch {
    return false;
  }
}

/**
 * The body as text, or null when it passes `limit`. A body too large is read to its end without being kept
 * (up to a hard bound, past which the connection is cut), so the client is told 413 instead of losing the
 * connection while it is still sending.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (chunks.length) chunks.length = 0;
      if (size > MAX_DRAINED_BYTES) req.destroy();
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => resolve(null)); // cut off: nobody is left to answer
  });
}

/** A refusal of the request itself, in the shape of a GraphQL error: a Chinese message and a stable code. */
function refuse(res: ServerResponse, status: number, code: string, message: string, detail: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, detail } }] });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** What a parsed document holds in the heap per character of its text (measured: about 77 bytes, graphql-js 16). */
const DOCUMENT_BYTES_PER_CHARACTER = 80;

/**
 * Parsed and validated documents kept for reuse, at most `maxBytes` of heap by estimate (80 bytes per character of
 * the document's text), the least recently used dropped first. Apollo Server's default store is bounded by an
 * estimate of 30 MiB of JSON per server, which random one-off operations fill with several times that of heap in
 * each of the hub's five servers; a count alone does not bound it either, as one document of 3,000 tokens takes
 * about 1 MB. The operations a hub really serves are far fewer and smaller (the contract's: 100–150 KB each).
 */
export function documentStore(maxBytes = 16 * 1024 * 1024): DocumentStore {
  const documents = new LRUCache<string, DocumentNode>({
    maxSize: maxBytes,
    sizeCalculation: (document) => (document.loc?.end ?? JSON.stringify(document).length) * DOCUMENT_BYTES_PER_CHARACTER,
  });
  return {
    get: async (key) => documents.get(key),
    // one larger than the whole store is not kept (lru-cache's maxEntrySize is its maxSize)
    set: async (key, document) => void documents.set(key, document),
    delete: async (key) => void documents.delete(key),
  };
}
