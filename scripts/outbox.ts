/**
 * The operator's view of a subgraph's outbox: events parked after OUTBOX_MAX_ATTEMPTS failed deliveries, and
 * retrying them (they go out again, in their studio's order, once the relay next runs).
 *   npm run -s outbox -- personnel parked
 *   npm run -s outbox -- personnel retry <event id>|all
 * Connects to DATABASE_URL (as the subgraph's own role, or an administrator). The hub_outbox_parked_events metric
 * counts what `parked` lists.
 */
import pg from 'pg';
import { ConfigError, parseConfig, SUBGRAPH_NAMES, type SubgraphName } from '../lib/config.ts';

type Queryable = Pick<pg.Pool, 'query'>;

export interface ParkedEvent {
  id: string;
  topic: string;
  attempts: number;
  createdAt: string;
  parkedAt: string;
  lastError: string | null;
}

/** Parked events, oldest first; never their payloads (which may name people). */
export async function parkedEvents(db: Queryable, schema: SubgraphName = 'personnel'): Promise<ParkedEvent[]> {
  const { rows } = await db.query<ParkedEvent>(
    `select id, topic, attempts, created_at as "createdAt", parked_at as "parkedAt", last_error as "lastError"
     from "${schema}".outbox_event where delivered_at is null and parked_at is not null order by created_at, id`,
  );
  return rows;
}

/** Unparks one event (or `all`) for the relay to deliver again from a clean count; returns how many. */
export async function retryParked(db: Queryable, id: string, schema: SubgraphName = 'personnel'): Promise<number> {
  const { rowCount } = await db.query(
    `update "${schema}".outbox_event set parked_at = null, attempts = 0, next_attempt_at = now()
     where delivered_at is null and parked_at is not null and ($1 = 'all' or id::text = $1)`,
    [id],
  );
  return rowCount ?? 0;
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
      if (command === 'parked') console.log(JSON.stringify(await parkedEvents(client, subgraph as SubgraphName), null, 2));
      else console.log(`${await retryParked(client, id!, subgraph as SubgraphName)} event(s) will be delivered again`);
    } finally {
      await client.end();
    }
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
}
