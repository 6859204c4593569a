import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface ServeOptions<C extends BaseContext> {
  host: string;
  port: number;
  context: (req: IncomingMessage) => Promise<C>;
  /** Extra routes: GET by path (`/health`), other methods as `POST /events`. */
  routes?: Record<string, RouteHandler>;
  /** On close, how long requests under way may take to be answered before their connections are cut. */
  drainTimeoutMs: number;
}

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Serves an Apollo server at POST/GET /graphql on plain node:http, with a few extra routes. */
export async function serve<C extends BaseContext>(apollo: ApolloServer<C>, options: ServeOptions<C>): Promise<Listening> {
  await apollo.start();
  let draining = false;
  const server = createServer((req, res) => {
    // while draining, a keep-alive connection ends once its answer is out
    res.on('finish', () => draining && setImmediate(() => server.closeIdleConnections()));
    handle(apollo, options, req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent)
        sendJson(res, 500, { errors: [{ message: '服务器内部错误', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
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
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname !== '/graphql') {
    const route =
      options.routes?.[`${req.method} ${url.pathname}`] ??
      (req.method === 'GET' || req.method === 'HEAD' ? options.routes?.[url.pathname] : undefined);
    if (route) return route(req, res);
    return sendJson(res, 404, { error: `没有这个地址：${url.pathname}`, graphql: '/graphql' });
  }
  const raw = await readBody(req);
  if (raw === null)
    return sendJson(res, 413, { errors: [{ message: '请求体过大（上限 1 MB）', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = raw;
  if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { errors: [{ message: '请求体不是有效的 JSON', extensions: { code: 'BAD_REQUEST' } }] });
    }
  }
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: () => options.context(req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}
