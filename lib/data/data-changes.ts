import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { jwtVerify, SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { SubgraphOrm } from './orm.ts';
import { sendJson } from '../http/server.ts';

/**
 * What a subgraph's commits touched, for whoever keeps answers (the gateway's answer cache).
 *
 * Every table of the subgraph's own schema carries statement-level triggers, whoever wrote (a resolver, an event
 * handler, an import, the seed generator, another replica, psql): one records in `hub_data_change` the keys of
 * the rows written (their regions up to the nation, their ids) with the writing transaction's id, in that
 * transaction; `POST /versions` answers from it whether a kept answer's keys were written since its snapshot
 * (`changeLog`). Another notifies the channel `hub_changes_<schema>` on commit; each subgraph process listens on
 * its own connection and streams `<epoch>:<count>` on `GET /changes`, which only tells the gateway when to
 * recompute popular answers (the check does not depend on it).
 */

const channel = (schema: string) => `hub_changes_${schema}`;
const CHANGES_AUDIENCE = 'studio-hub-changes';
/** How often `/changes` says it is alive; the gateway takes three silent ones for a lost stream. */
export const CHANGES_HEARTBEAT_MS = 10_000;
const RECONNECT_MS = 1_000;
const secretKey = (secret: string) => new TextEncoder().encode(secret);

/** Tables whose writes change no answer: the outbox relay's and the inbox's bookkeeping, and the change log itself. */
const UNQUERIED = ['outbox_event', 'inbox_event', 'parked_event', 'hub_data_change', 'hub_change_region'];

/** The recording triggers, one per kind of write: a trigger with transition tables fires for one event only. */
const RECORDERS = [
  ['hub_change_insert', 'insert', 'referencing new table as new_rows'],
  ['hub_change_update', 'update', 'referencing old table as old_rows new table as new_rows'],
  ['hub_change_delete', 'delete', 'referencing old table as old_rows'],
  ['hub_change_truncate', 'truncate', ''],
] as const;

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Puts on every table of the schema the trigger that notifies and the ones that record what each statement touched
 * (`hub_record_change`, lib/data/frozen-sql.ts CHANGE_LOG_20261207, with the table's region from `hub_change_region`).
 * Idempotent; runs after the migrations, so a table a later migration adds is covered at the next start.
 */
export async function ensureChangeTriggers(orm: SubgraphOrm, schema: string): Promise<void> {
  const connection = orm.orm.em.getConnection();
  const fn = `"${schema}".hub_data_changed`;
  await connection.execute(
    `create or replace function ${fn}() returns trigger language plpgsql as $$
     begin perform pg_notify('${channel(schema)}', ''); return null; end $$`,
  );
  const tables = await connection.execute<{ name: string; region: string | null }[]>(
    `select t.table_name as name, r.region from information_schema.tables t
       left join "${schema}".hub_change_region r on r.table_name = t.table_name
      where t.table_schema = ? and t.table_type = 'BASE TABLE' and t.table_name not like 'mikro_orm_%'`,
    [schema],
  );
  // the relay's bookkeeping is no data anyone queries, and its claim runs twice a second even when it finds
  // nothing: a statement-level trigger fires for zero rows too, and would make every version short-lived
  for (const { name } of tables.filter((t) => UNQUERIED.includes(t.name))) {
    for (const trigger of ['hub_data_changed', ...RECORDERS.map(([trigger]) => trigger)])
      await connection.execute(`drop trigger if exists ${trigger} on "${schema}"."${name}"`);
  }
  for (const { name, region } of tables.filter((t) => !UNQUERIED.includes(t.name))) {
    await connection.execute(
      `create or replace trigger hub_data_changed after insert or update or delete or truncate on "${schema}"."${name}"
        for each statement execute function ${fn}()`,
    );
    for (const [trigger, event, referencing] of RECORDERS)
      await connection.execute(
        `create or replace trigger ${trigger} after ${event} on "${schema}"."${name}" ${referencing}
          for each statement execute function "${schema}".hub_record_change(${region ? literal(region) : ''})`,
      );
  }
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

/** Credentials verified already, until they expire: the gateway uses one for many checks. */
const verified = new LRUCache<string, true>({ max: 64 });

/** Whether the request carries the gateway's credential (`signChangesToken`). */
async function signedByGateway(req: IncomingMessage, secret: string): Promise<boolean> {
  const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const known = `${secret}\n${token}`;
  if (verified.get(known)) return true;
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { audience: CHANGES_AUDIENCE });
    verified.set(known, true, { ttl: Math.max(1, payload.exp! * 1000 - Date.now()) });
    return true;
  } catch {
    return false;
  }
}

/**
 * `GET /changes`: a server-sent event stream of the subgraph's data version, first the current one, then each
 * change (`unknown` while it is not known), with a heartbeat comment every 10 s so a silent peer is noticed.
 */
export function changesRoute(versions: DataVersion, secret: string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!(await signedByGateway(req, secret)))
      return sendJson(res, 401, { error: "the changes stream needs the hub's signature" });
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

/** The oldest snapshot a kept answer may stand on: the gateway serves nothing kept under an older one. */
export const SNAPSHOT_MAX_AGE_MS = 5 * 60_000;
const PRUNE_EVERY_MS = 60_000;

/** One kept answer's check: the keys it depends on and the snapshot it was computed on (null: none yet). */
export interface FreshnessCheck {
  keys: string[];
  since: string | null;
}

/** The database's snapshot now (for the next answers), and for each check whether its keys are untouched since. */
export interface Freshness {
  snapshot: string;
  fresh: boolean[];
}

export interface ChangeLog {
  freshness(checks: FreshnessCheck[]): Promise<Freshness>;
  close(): void;
}

/**
 * The subgraph's side of the answer cache's check (`POST /versions`): in one statement, the database's snapshot now
 * and whether any of the keys was written by a transaction the answer's snapshot did not see (committed after
 * it, or in flight then). Exact whoever wrote: the log is written by the triggers in the writing transaction.
 * Once a minute it forgets what no snapshot the gateway may still hold needs (older than twice the longest a kept
 * answer stands: such rows were visible to every snapshot it holds).
 */
export function changeLog(orm: SubgraphOrm, schema: string): ChangeLog {
  const connection = () => orm.orm.em.getConnection();
  const horizons: { at: number; xmin: string }[] = [];
  const prune = async () => {
    const [{ xmin }] = await connection().execute<{ xmin: string }[]>(
      'select pg_snapshot_xmin(pg_current_snapshot())::text as xmin',
    );
    horizons.push({ at: Date.now(), xmin });
    let horizon: string | undefined;
    while (horizons.length && horizons[0]!.at <= Date.now() - 2 * SNAPSHOT_MAX_AGE_MS) horizon = horizons.shift()!.xmin;
    if (horizon) await connection().execute(`delete from "${schema}".hub_data_change where xid < ?::xid8`, [horizon]);
  };
  const timer = setInterval(() => void prune().catch(() => {}), PRUNE_EVERY_MS);
  timer.unref();
  return {
    async freshness(checks) {
      const [row] = await connection().execute<Freshness[]>(
        `with c as (select ord, e->>'since' as since, e->'keys' as keys
                      from jsonb_array_elements(?::jsonb) with ordinality as t(e, ord))
         select pg_current_snapshot()::text as snapshot,
                coalesce(array_agg(c.since is null or not exists (
                  select 1 from "${schema}".hub_data_change d
                   where d.key in (select jsonb_array_elements_text(c.keys)) and d.xid >= pg_snapshot_xmin(c.since::pg_snapshot)
                     and not pg_visible_in_snapshot(d.xid, c.since::pg_snapshot)) order by c.ord), '{}') as fresh
           from c`,
        [JSON.stringify(checks)],
      );
      return row!;
    },
    close: () => clearInterval(timer),
  };
}

/**
 * `POST /versions` `{ checks: [{ keys, since }…] }`: the freshness of kept answers, all in one statement, for the
 * gateway (signed as `/changes`), which gathers the checks of the requests waiting at that moment into one call.
 */
export function versionsRoute(log: ChangeLog, secret: string) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!(await signedByGateway(req, secret)))
      return sendJson(res, 401, { error: "the versions check needs the hub's signature" });
    try {
      let text = '';
      for await (const chunk of req) text += chunk;
      const { checks = [] } = JSON.parse(text) as { checks?: FreshnessCheck[] };
      sendJson(res, 200, await log.freshness(checks));
    } catch (error) {
      sendJson(res, 503, { error: (error as Error).message });
    }
  };
}
