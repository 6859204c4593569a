/**
 * The operator's view of a subgraph's outbox: events parked after OUTBOX_MAX_ATTEMPTS failed deliveries, and
 * retrying them (they go out again, in their studio's order, once the relay next runs).
 *   npm run -s outbox -- personnel parked
 *   npm run -s outbox -- personnel retry <event id>|all
 * Connects to DATABASE_URL (as the subgraph's own role, or an administrator). The hub_outbox_parked_events metric
 * counts what `parked` lists.
 */
import pg from 'pg';
import { ConfigError, parseConfig, SUBGRAPH_NAMES, type SubgraphName } from '../lib/service/config.ts';

type Queryable = Pick<pg.Pool, 'query'>;

export interface ParkedEvent {
  id: string;
  topic: string;
  attempts: number;
  createdAt: string;
  parkedAt: string;
  lastError: string | null;
}

/** Whether the subgraph's schema has the table (a consumer-only subgraph has no outbox, a producer-only no parking). */
async function has(db: Queryable, schema: SubgraphName, table: string): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>('select to_regclass($1) is not null as found', [`"${schema}".${table}`]);
  return rows[0]!.found;
}

/** Parked events it could not deliver, oldest first; never their payloads (which may name people). */
export async function parkedEvents(db: Queryable, schema: SubgraphName = 'personnel'): Promise<ParkedEvent[]> {
  if (!(await has(db, schema, 'outbox_event'))) return [];
  const { rows } = await db.query<ParkedEvent>(
    `select id, topic, attempts, created_at as "createdAt", parked_at as "parkedAt", last_error as "lastError"
     from "${schema}".outbox_event where delivered_at is null and parked_at is not null order by created_at, id`,
  );
  return rows;
}

/** Parked events it received over NATS and could not apply, oldest first, without their bodies. */
export async function parkedReceived(db: Queryable, schema: SubgraphName): Promise<Omit<ParkedEvent, 'createdAt'>[]> {
  if (!(await has(db, schema, 'parked_event'))) return [];
  const { rows } = await db.query<Omit<ParkedEvent, 'createdAt'>>(
    `select id, topic, attempts, parked_at as "parkedAt", last_error as "lastError"
     from "${schema}".parked_event order by parked_at, id`,
  );
  return rows;
}

/**
 * Unparks one event (or `all`): one it could not deliver goes to the relay again from a clean count, one it received
 * is applied again by the subgraph within a second; returns how many.
 */
export async function retryParked(db: Queryable, id: string, schema: SubgraphName = 'personnel'): Promise<number> {
  let count = 0;
  if (await has(db, schema, 'outbox_event'))
    count +=
      (
        await db.query(
          `update "${schema}".outbox_event set parked_at = null, attempts = 0, next_attempt_at = now()
           where delivered_at is null and parked_at is not null and ($1 = 'all' or id::text = $1)`,
          [id],
        )
      ).rowCount ?? 0;
  if (await has(db, schema, 'parked_event'))
    count +=
      (await db.query(`update "${schema}".parked_event set retry_at = now() where $1 = 'all' or id::text = $1`, [id])).rowCount ??
      0;
  return count;
}

if (import.meta.main) {
  const [subgraph, command, id] = process.argv.slice(2);
  try {
    const config = parseConfig(process.env);
    if (!config.DATABASE_URL) throw new ConfigError('DATABASE_URL: required (the database the subgraph uses)');
    if (
      !(SUBGRAPH_NAMES as readonly string[]).includes(subgraph ?? '') ||
      !['parked', 'retry'].includes(command ?? '') ||
      (command === 'retry' && !id)
    )
      throw new ConfigError(`用法 (usage): npm run -s outbox -- <${SUBGRAPH_NAMES.join('|')}> parked | retry <event id>|all`);
    const client = new pg.Client({
      connectionString: config.DATABASE_URL,
      connectionTimeoutMillis: 5_000,
      statement_timeout: 10_000,
    });
    await client.connect();
    try {
      if (command === 'parked') {
        const name = subgraph as SubgraphName;
        const parked = { delivering: await parkedEvents(client, name), received: await parkedReceived(client, name) };
        console.log(JSON.stringify(parked, null, 2));
      } else console.log(`${await retryParked(client, id!, subgraph as SubgraphName)} event(s) will be delivered again`);
    } finally {
      await client.end();
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
