import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { MigrationObject } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { gatewayViewers, VIEWER_HEADER } from '../auth/gateway-signing.ts';
import type { SubgraphName } from './config.ts';
import type { SubgraphContext } from '../graphql/context.ts';
import { subgraphErrorShape } from '../graphql/errors.ts';
import { Loaders } from '../data/loaders.ts';
import {
  changeLog,
  changesRoute,
  ensureChangeTriggers,
  versionsRoute,
  watchDataVersion,
  type DataVersion,
} from '../data/data-changes.ts';
import { consumedBy, publishedBy, SUBSCRIPTIONS, type Handlers } from '../events/topics.ts';
import { eventsRoute, outboxState, startHousekeeping, startRelay } from '../events/outbox.ts';
import { metricsOf, type MetricsAccess } from './observability.ts';
import { health } from '../http/health.ts';
import type { NatsBus } from '../events/nats.ts';
import type { Peers } from './peers.ts';
import { documentStore, serve, type Listening } from '../http/server.ts';
import { initORM, type DatabaseTimeouts, type OrmOptions, type SubgraphOrm } from '../data/orm.ts';

/** What each subgraph folder exports: its schema, its tables and how to fill them with the demo. */
export interface SubgraphModule {
  name: SubgraphName;
  schema: GraphQLSchema;
  entities: OrmOptions['entities'];
  migrations: MigrationObject[];
  /**
   * Runs after the migrations, at every start, before the subgraph answers: brings data the code owns in line with
   * it (studios’ seeded policies).
   */
  afterMigrations?(em: EntityManager): Promise<void>;
  /** Loads this subgraph's slice of the demo programmes when its own tables are empty; says whether it did. */
  loadDemo(em: EntityManager): Promise<boolean>;
  /** The subgraphs it asks (lib/service/peers.ts); with the consumers of its events, /health reports whether they are ready. */
  calls?: SubgraphName[];
  /** Its handlers of the events it receives (its `events.ts`, typed `HandlersOf<…>`; topics in lib/events/topics.ts). */
  handlers?: Handlers;
}

export interface SubgraphStartOptions {
  databaseUrl: string;
  host: string;
  port: number;
  demo: boolean;
  logSql?: boolean;
  databaseTimeouts: DatabaseTimeouts;
  /** On close, how long requests under way may take. */
  drainTimeoutMs: number;
  /** Stack traces in error responses: development only. */
  debug?: boolean;
  /** The secret the gateway signs users with; a request without the gateway's signature gets nothing. */
  gatewaySecret: string;
  /** The other subgraphs, for what this one must ask them. */
  peers: Peers;
  /** /health reports the subgraph degraded while an undelivered, unparked event is older than this. */
  outboxStuckAfterMs: number;
  /** Failed deliveries after which an event is parked. */
  outboxMaxAttempts: number;
  /** How long delivered outbox rows and applied inbox rows are kept (EVENT_RETENTION). */
  eventRetentionSeconds: number;
  /** Events ride NATS JetStream from and to here (lib/events/nats.ts) instead of HTTP pushes. */
  natsUrl?: string;
  /** Who may read its /metrics. */
  metrics: MetricsAccess;
}

export interface RunningSubgraph extends Listening {
  name: SubgraphName;
  orm: SubgraphOrm;
  demoLoaded: boolean;
}

/**
 * A subgraph answers its one client, the gateway, with 200 and the errors in the body, as GraphQL over HTTP allows
 * for application/json: a bad variable (say, Money with three decimals) then reaches the user as BAD_USER_INPUT,
 * where the 400 Apollo Server gives it would reach them as an internal error of the gateway.
 */
const answersOk: ApolloServerPlugin<SubgraphContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.http.status === 400) response.http.status = 200;
      },
    };
  },
};

/** The subgraphs a module uses: those it asks and those its events go to (unless NATS takes them). */
function peersUsed(module: SubgraphModule, viaNats = false): SubgraphName[] {
  const consumers = viaNats ? [] : publishedBy(module.name).flatMap((topic) => SUBSCRIPTIONS[topic]);
  return [...new Set([...(module.calls ?? []), ...consumers])].sort();
}

/**
 * A subgraph's health (lib/http/health.ts): ready while its database answers; degraded while a peer it uses is not
 * ready, its outbox is stuck or NATS does not answer.
 */
function subgraphHealth(module: SubgraphModule, orm: SubgraphOrm, options: SubgraphStartOptions, nats: NatsBus | null) {
  const outbox = async () => {
    const [row] = await orm.orm.em
      .getConnection()
      .execute<{ stuck: number }[]>(
        `select count(*)::int as stuck from outbox_event where delivered_at is null and parked_at is null and created_at < now() - make_interval(secs => ?)`,
        [options.outboxStuckAfterMs / 1000],
      );
    if (row!.stuck > 0) throw new Error(`${row!.stuck} event(s) undelivered for over ${options.outboxStuckAfterMs / 1000} s`);
  };
  return health({
    name: { subgraph: module.name },
    ready: {
      database: async () => {
        await orm.orm.em.getConnection().execute('select 1');
      },
    },
    peers: { names: peersUsed(module, !!nats), urlOf: (name) => options.peers.urlOf(name as SubgraphName) },
    more: {
      ...(publishedBy(module.name).length ? { outbox } : {}),
      ...(nats ? { nats: () => nats.ping() } : {}),
    },
  });
}

export async function startSubgraph(module: SubgraphModule, options: SubgraphStartOptions): Promise<RunningSubgraph> {
  const unhandled = consumedBy(module.name).filter((topic) => !module.handlers?.[topic]);
  if (unhandled.length) throw new Error(`${module.name} receives ${unhandled.join(', ')} but has no handler for it`);
  const orm = await initORM({
    url: options.databaseUrl,
    schema: module.name,
    entities: module.entities,
    migrations: module.migrations,
    logSql: options.logSql,
    timeouts: options.databaseTimeouts,
  });
  let versions: DataVersion | undefined;
  let nats: NatsBus | null = null;
  try {
    nats = options.natsUrl
      ? await (
          await import('../events/nats.ts')
        ).connectNats(options.natsUrl, module.name, options.peers.timeoutMs, options.outboxMaxAttempts)
      : null;
    await module.afterMigrations?.(orm.fork());
    const demoLoaded = options.demo ? await module.loadDemo(orm.fork()) : false;
    const apollo = new ApolloServer<SubgraphContext>({
      schema: module.schema,
      // the hub stops its servers itself, in order; Apollo's own handler would signal the process a second time
      stopOnTerminationSignals: false,
      // no cache hints are set: without the cache-control plugin, Apollo wraps no resolver of the thousands of
      // fields a large answer has
      plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), answersOk],
      documentStore: documentStore(),
      includeStacktraceInErrorResponses: options.debug ?? false,
      formatError: subgraphErrorShape(module.name, { debug: options.debug ?? false }),
    });
    await ensureChangeTriggers(orm, module.name);
    versions = watchDataVersion(options.databaseUrl, module.name);
    const log = changeLog(orm, module.name);
    const viewerOf = gatewayViewers(options.gatewaySecret);
    const checks = subgraphHealth(module, orm, options, nats);
    const listening = await serve(apollo, {
      service: module.name,
      host: options.host,
      port: options.port,
      drainTimeoutMs: options.drainTimeoutMs,
      metrics: options.metrics,
      context: async (req) => {
        const em = orm.fork();
        return {
          viewer: await viewerOf(req.headers[VIEWER_HEADER]),
          em,
          loaders: new Loaders(em),
          peers: options.peers,
        };
      },
      routes: {
        '/changes': changesRoute(versions, options.gatewaySecret),
        'POST /versions': versionsRoute(log, options.gatewaySecret),
        ...(module.handlers ? { 'POST /events': eventsRoute(orm, options.gatewaySecret, module.handlers, module.name) } : {}),
        ...checks.routes,
      },
    });
    // delivers this subgraph's outbox to the subgraphs that subscribe (lib/events/outbox.ts), or to JetStream (lib/events/nats.ts)
    const publishes = publishedBy(module.name).length > 0;
    const relay = publishes
      ? startRelay(orm, options.gatewaySecret, options.peers, {
          subgraph: module.name,
          maxAttempts: options.outboxMaxAttempts,
          nats: nats ?? undefined,
        })
      : null;
    if (nats && module.handlers) nats.consume(orm, module.handlers, consumedBy(module.name));
    // retried parked events applied, delivered and applied events pruned after EVENT_RETENTION
    const housekeeping =
      publishes || module.handlers
        ? startHousekeeping(orm, {
            subgraph: module.name,
            handlers: module.handlers,
            publishes,
            retentionSeconds: options.eventRetentionSeconds,
          })
        : null;
    const ungauge = metricsOf(module.name).gauge({
      peers: checks.peersUp,
      pool: () => {
        const pool = orm.pool();
        return pool && { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
      },
      outbox: async () => (publishes ? outboxState(orm) : null),
    });
    return {
      ...listening,
      name: module.name,
      orm,
      demoLoaded,
      close: async () => {
        ungauge();
        log.close();
        await relay?.stop();
        await housekeeping?.stop();
        await nats?.close();
        await versions!.close();
        await listening.close();
        await orm.close();
      },
    };
  } catch (error) {
    await nats?.close();
    await versions?.close();
    await orm.close();
    throw error;
  }
}
