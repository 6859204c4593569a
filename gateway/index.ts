import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { subgraphSigner } from '../lib/auth/gateway-signing.ts';
import type { Role, Viewer } from '../lib/auth/viewer.ts';
import type { TokenVerifier } from '../lib/auth/tokens.ts';
import { SUBGRAPH_NAMES, type SubgraphName } from '../lib/service/config.ts';
import { documentStore, serve, type Listening } from '../lib/http/server.ts';
import { gatewayErrorShape } from '../lib/graphql/errors.ts';
import { answerCache } from './answer-cache.ts';
import { metricsOf, requestIdOf, type MetricsAccess } from '../lib/service/observability.ts';
import { health } from '../lib/http/health.ts';
import { callerLimit, RateLimit } from '../lib/http/web.ts';
import { DownloadTickets } from './downloads.ts';
import { ExportSlots } from './export-slots.ts';
import { exportRoutes } from './exports.ts';
import { LIMITS, operationLimits } from './limits.ts';
import { oneErrorPerCause, operationChecks } from './refusals.ts';
import { persistedDocumentBodies, trustedDocuments } from './trusted-documents.ts';
import { playgroundRoutes, type SignIn } from './playground.ts';
import { dashboardRoutes } from './dashboard.ts';
import { subgraphSource } from './subgraph-source.ts';

export interface GatewayOptions {
  host: string;
  port: number;
  /** The stored, composed supergraph: the gateway never introspects subgraphs at run time. */
  supergraphSdl: string;
  /** Where each subgraph answers, replacing the URLs written in the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Checks a request's `Authorization` header and says who the user is. */
  verifyToken: TokenVerifier;
  /** Signs the user for the subgraphs, which trust nothing else. */
  gatewaySecret: string;
  /** The longest the gateway waits for a subgraph's answer. */
  subgraphTimeoutMs: number;
  /** On close, how long requests under way may take. */
  drainTimeoutMs: number;
  /** When set, only these documents (by hash) may run: trusted documents. */
  trustedDocuments?: Map<string, string>;
  /** With trusted documents, viewers holding one of these roles may still run any document (TRUSTED_DOCUMENTS=explorers). */
  explorers?: readonly Role[];
  /** The registered documents' texts by id, run for requests that send only `documentId` or a persisted query's hash. */
  persistedDocuments?: Map<string, string>;
  /** A token the playground starts with (development only). */
  playgroundToken?: string;
  /** The identity provider the playground signs users in with (OIDC_CLIENT_ID). */
  signIn?: SignIn;
  /** Stack traces in error responses: development only. */
  debug?: boolean;
  /** The most the answer cache may keep, in MB of JSON; 0 keeps nothing (gateway/answer-cache.ts). */
  answerCacheMb: number;
  /** Origins browsers may call from. */
  corsOrigins?: string[];
  /** Who may read its /metrics. */
  metrics: MetricsAccess;
  /** Requests per user (and per address without a verified token) and minute; 0 or unset is no limit. */
  rateLimitPerMinute?: number;
  /** Exports run at once, and how many more may wait for a turn (gateway/export-slots.ts). */
  exports: { concurrency: number; queue: number };
}

export interface GatewayContext {
  viewer: Viewer;
  /** Carried to every subgraph asked for this request (x-request-id), so their log lines name it too. */
  requestId: string;
  /** The subgraphs asked for this request (gateway/subgraph-source.ts), whose snapshots a kept answer records. */
  asked: Set<SubgraphName>;
  /** The subgraphs' answers' data for this request, with the entity keys the client did not ask for. */
  fetched: unknown[];
}

export async function startGateway(options: GatewayOptions): Promise<Listening> {
  const sign = subgraphSigner(options.gatewaySecret);
  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl,
    buildService: ({ name, url }) =>
      subgraphSource(name as SubgraphName, options.subgraphUrls[name as SubgraphName] ?? url!, {
        sign,
        timeoutMs: options.subgraphTimeoutMs,
      }),
  });
  const limits = operationLimits();
  const cache =
    options.answerCacheMb > 0
      ? answerCache({ subgraphUrls: options.subgraphUrls, gatewaySecret: options.gatewaySecret, maxMb: options.answerCacheMb })
      : null;
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // the hub stops its servers itself, in order; Apollo's own handler would signal the process a second time
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      operationChecks(),
      oneErrorPerCause(),
      ...limits.plugins,
      ...(options.trustedDocuments ? [trustedDocuments(options.trustedDocuments, options.explorers)] : []),
      ...(cache ? [cache.plugin] : []),
    ],
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    documentStore: documentStore(),
    includeStacktraceInErrorResponses: options.debug ?? false,
    formatError: gatewayErrorShape({ debug: options.debug ?? false, maxTokens: LIMITS.tokens }),
  });
  // every GraphQL request, introspection included, and every export needs a signed-in user (or a download link)
  const contextFor = (req: IncomingMessage, viewer: Viewer): GatewayContext => ({
    viewer,
    requestId: requestIdOf(req),
    asked: new Set(),
    fetched: [],
  });
  const authenticate = async (req: IncomingMessage) => contextFor(req, await options.verifyToken(req.headers.authorization));
  cache?.warmWith((request, viewer) =>
    apollo.executeOperation(request, {
      contextValue: { viewer, requestId: 'answer-cache-warming', asked: new Set(), fetched: [] },
    }),
  );
  // ready once its supergraph is loaded, which it is from the stored file before it listens; degraded while a
  // subgraph is not ready (lib/http/health.ts)
  const checks = health({
    name: { service: 'gateway' },
    ready: {
      supergraph: async () => {
        if (!gateway.schema) throw new Error('supergraph not loaded');
      },
    },
    peers: { names: SUBGRAPH_NAMES, urlOf: (name) => options.subgraphUrls[name as SubgraphName] },
    details: () => ({
      exports: exportSlots.stats(),
      ...(cache ? { answerCache: { following: cache.following(), ...cache.stats() } } : {}),
    }),
  });
  let apiSchema: GraphQLSchema | undefined;
  const exportSlots = new ExportSlots(options.exports.concurrency, options.exports.queue);
  const listening = await serve(apollo, {
    service: 'gateway',
    cors: { origins: options.corsOrigins ?? [] },
    rateLimit: options.rateLimitPerMinute
      ? callerLimit(new RateLimit(options.rateLimitPerMinute), options.verifyToken)
      : undefined,
    host: options.host,
    port: options.port,
    drainTimeoutMs: options.drainTimeoutMs,
    metrics: options.metrics,
    context: authenticate,
    rewriteBody: persistedDocumentBodies(options.persistedDocuments ?? new Map()),
    routes: {
      ...playgroundRoutes(options.playgroundToken, options.signIn),
      ...dashboardRoutes(options.playgroundToken, options.signIn),
      ...exportRoutes(apollo, exportSlots, {
        authenticate,
        contextFor,
        tickets: new DownloadTickets(options.gatewaySecret),
        // built here from the stored supergraph: the gateway's own schema object belongs to its graphql-js instance
        schema: () => (apiSchema ??= buildSchema(options.supergraphSdl, { assumeValidSDL: true })),
      }),
      ...checks.routes,
    },
  });
  const ungauge = metricsOf('gateway').gauge({ peers: checks.peersUp });
  return {
    ...listening,
    close: async () => {
      ungauge();
      cache?.close();
      await listening.close();
    },
  };
}
