import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { MigrationObject } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { GraphQLSchema } from 'graphql';
import { gatewayViewers, VIEWER_HEADER } from './auth.ts';
import type { SubgraphName } from './config.ts';
import type { SubgraphContext } from './context.ts';
import { formatError, withUnavailableDatabase } from './errors.ts';
import { Loaders } from './loaders.ts';
import { consumedBy, publishedBy, type Handlers } from './events.ts';
import { eventsRoute, startRelay } from './outbox.ts';
import type { Peers } from './peers.ts';
import { documentStore, sendJson, serve, type Listening } from './http.ts';
import { initORM, type DatabaseTimeouts, type OrmOptions, type SubgraphOrm } from './orm.ts';

/** What each subgraph folder exports: its schema, its tables and how to fill them with the demo. */
export interface SubgraphModule {
  name: SubgraphName;
  schema: GraphQLSchema;
  entities: OrmOptions['entities'];
  migrations: MigrationObject[];
  /** Loads this subgraph's slice of the demo programmes when its own tables are empty; says whether it did. */
  loadDemo(em: EntityManager): Promise<boolean>;
  /** Its handlers of the events it receives (its `events.ts`, typed `HandlersOf<…>`; topics in lib/events.ts). */
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
  try {
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
      formatError: withUnavailableDatabase(module.name, formatError(options.debug ?? false)),
    });
    const viewerOf = gatewayViewers(options.gatewaySecret);
    const listening = await serve(apollo, {
      host: options.host,
      port: options.port,
      drainTimeoutMs: options.drainTimeoutMs,
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
        ...(module.handlers ? { 'POST /events': eventsRoute(orm, options.gatewaySecret, module.handlers) } : {}),
        '/health': async (_req, res) => {
          try {
            await orm.orm.em.getConnection().execute('select 1');
            sendJson(res, 200, { status: 'ok', subgraph: module.name });
          } catch (error) {
            sendJson(res, 503, { status: 'down', subgraph: module.name, error: (error as Error).message });
          }
        },
      },
    });
    // delivers this subgraph's outbox to the subgraphs that subscribe (lib/outbox.ts)
    const relay = publishedBy(module.name).length ? startRelay(orm, options.gatewaySecret, options.peers) : null;
    return {
      ...listening,
      name: module.name,
      orm,
      demoLoaded,
      close: async () => {
        await relay?.stop();
        await listening.close();
        await orm.close();
      },
    };
  } catch (error) {
    await orm.close();
    throw error;
  }
}
