import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify, SignJWT } from 'jose';
import pg from 'pg';
import type { SubgraphOrm } from './orm.ts';
import { sendJson } from './http.ts';

/**
 * Whether a subgraph's data has changed, told to whoever keeps answers (the gateway's answer cache).
 *
 * Every table of the subgraph's own schema carries a statement-level trigger that notifies the channel
 * `hub_changes_<schema>`; PostgreSQL delivers it when the writing transaction commits, whoever wrote (a
 * resolver, an event handler, an import, the seed generator, another replica). Each subgraph process listens
 * on its own connection and counts: its data version is `<epoch>:<count>`, the epoch new for each listening
 * connection, so a notification missed while reconnecting can never leave an old version standing. While the
 * listener is down the version is unknown, and nothing may be answered from a cache.
 */

const channel = (schema: string) => `hub_changes_${schema}`;
const CHANGES_AUDIENCE = 'studio-hub-changes';
/** How often `/changes` says it is alive; the gateway takes three silent ones for a lost stream. */
export const CHANGES_HEARTBEAT_MS = 10_000;
const RECONNECT_MS = 1_000;
const secretKey = (secret: string) => new TextEncoder().encode(secret);

/** Tables whose writes change no answer: the outbox relay's and the inbox's bookkeeping. */
const UNQUERIED = ['outbox_event', 'inbox_event'];

/** Puts the notifying trigger on every table of the schema (idempotent; runs after the migrations). */
export async function ensureChangeTriggers(orm: SubgraphOrm, schema: string): Promise<void> {
  const connection = orm.orm.em.getConnection();
  const fn = `"${schema}".hub_data_changed`;
  await connection.execute(
    `create or replace function ${fn}() returns trigger language plpgsql as $$
     begin perform pg_notify('${channel(schema)}', ''); return null; end $$`,
  );
  const tables = await connection.execute<{ name: string }[]>(
    `select table_name as name from information_schema.tables
      where table_schema = ? and table_type = 'BASE TABLE' and table_name not like 'mikro_orm_%'`,
    [schema],
  );
  // the relay's bookkeeping is no data anyone queries, and its claim runs twice a second even when it finds
  // nothing: a statement-level trigger fires for zero rows too, and would make every version short-lived
  for (const { name } of tables.filter((t) => UNQUERIED.includes(t.name)))
    await connection.execute(`drop trigger if exists hub_data_changed on "${schema}"."${name}"`);
  for (const { name } of tables.filter((t) => !UNQUERIED.includes(t.name)))
    await connection.execute(
      `create or replace trigger hub_data_changed after insert or update or delete or truncate on "${schema}"."${name}"
        for each statement execute function ${fn}()`,
    );
}

export interface DataVersion {
  /** `<epoch>:<count>`, or null while the listener is not connected. */
  current(): string | null;
  /** Whether it was closed: streams of it end. */
  readonly closed: boolean;
  /** Called with each new version (null when it becomes unknown or closed); returns a function that stops the calls. */
  subscribe(listener: (version: string | null) => void): () => void;
  close(): Promise<void>;
}

/** Listens on the schema's channel and keeps the version; reconnects after the database restarts. */
export function watchDataVersion(databaseUrl: string, schema: string): DataVersion {
  const listeners = new Set<(version: string | null) => void>();
  let version: string | null = null;
  let closed = false;
  let client: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  const set = (next: string | null) => {
    version = next;
    for (const listener of listeners) listener(next);
  };
  const connect = async () => {
    if (closed) return;
    const epoch = randomUUID();
    let count = 0;
    const c = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000, keepAlive: true });
    client = c;
    const lost = () => {
      if (client !== c) return;
      client = null;
      set(null);
      c.end().catch(() => {});
      if (!closed) retry = setTimeout(connect, RECONNECT_MS);
    };
    c.on('error', lost);
    c.on('end', lost);
    c.on('notification', () => set(`${epoch}:${++count}`));
    try {
      await c.connect();
      await c.query(`listen ${channel(schema)}`);
      if (client === c) set(`${epoch}:0`);
    } catch {
      lost();
    }
  };
  void connect();
  return {
    current: () => version,
    get closed() {
      return closed;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      set(null);
      await c?.end().catch(() => {});
    },
  };
}

/** The credential of the gateway's `/changes` stream: signed with the gateway secret, valid a minute. */
export function signChangesToken(secret: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256' })
    .setAudience(CHANGES_AUDIENCE)
    .setExpirationTime('60s')
    .sign(secretKey(secret));
}

/**
 * `GET /changes`: a server-sent event stream of the subgraph's data version, first the current one, then each
 * change (`unknown` while it is not known), with a heartbeat comment every 10 s so a silent peer is noticed.
 */
export function changesRoute(versions: DataVersion, secret: string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    try {
      await jwtVerify(/^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '', secretKey(secret), {
        audience: CHANGES_AUDIENCE,
      });
    } catch {
      return sendJson(res, 401, { error: "the changes stream needs the hub's signature" });
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
    const send = (version: string | null) => (versions.closed ? res.end() : res.write(`data: ${version ?? 'unknown'}\n\n`));
    send(versions.current());
    const unsubscribe = versions.subscribe(send);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), CHANGES_HEARTBEAT_MS);
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    res.on('close', stop);
    req.on('close', stop);
  };
}
