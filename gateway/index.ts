import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { subgraphSigner, type Viewer } from '../lib/auth.ts';
import type { SubgraphName } from '../lib/config.ts';
import { documentStore, sendJson, serve, type Listening } from '../lib/http.ts';
import { formatError } from '../lib/errors.ts';
import { answerCache } from './answer-cache.ts';
import { requestIdOf } from '../lib/observability.ts';
import { RateLimit } from '../lib/web.ts';
import { ExportSlots } from './export-slots.ts';
import { exportRoutes } from './exports.ts';
import { operationLimits, withTokenLimit } from './limits.ts';
import { inChinese } from '../lib/messages.ts';
import { operationChecks, withRefusalCodes } from './refusals.ts';
import { persistedDocumentBodies, trustedDocuments } from './trusted-documents.ts';
import { playgroundRoutes } from './playground.ts';
import { subgraphSource, withUnavailableService } from './subgraph-source.ts';

export interface GatewayOptions {
  host: string;
  port: number;
  /** The stored, composed supergraph: the gateway never introspects subgraphs at run time. */
  supergraphSdl: string;
  /** Where each subgraph answers, replacing the URLs written in the supergraph. */
  subgraphUrls: Record<SubgraphName, string>;
  /** Checks a request's `Authorization` header and says who the user is. */
  verifyToken: (authorization: string | undefined) => Promise<Viewer>;
  /** Signs the user for the subgraphs, which trust nothing else. */
  gatewaySecret: string;
  /** The longest the gateway waits for a subgraph's answer. */
  subgraphTimeoutMs: number;
  /** On close, how long requests under way may take. */
  drainTimeoutMs: number;
  /** When set, only these documents (by hash) may run: trusted documents. */
  trustedDocuments?: Map<string, string>;
  /** The registered documents' texts by id, run for requests that send only `documentId` or a persisted query's hash. */
  persistedDocuments?: Map<string, string>;
  /** A token the playground starts with (development only). */
  playgroundToken?: string;
  /** Stack traces in error responses: development only. */
  debug?: boolean;
  /** The most the answer cache may keep, in MB of JSON; 0 keeps nothing (gateway/answer-cache.ts). */
  answerCacheMb: number;
  /** Origins browsers may call from. */
  corsOrigins?: string[];
  /** Requests per token and minute; 0 or unset is no limit. */
  rateLimitPerMinute?: number;
  /** Exports run at once, and how many more may wait for a turn (gateway/export-slots.ts). */
  exports: { concurrency: number; queue: number };
}

export interface GatewayContext {
  viewer: Viewer;
  /** Carried to every subgraph asked for this request (x-request-id), so their log lines name it too. */
  requestId: string;
}

const HEALTH_TIMEOUT_MS = 2_000;

async function subgraphAnswers(url: string, path: '/health' | '/livez'): Promise<boolean> {
  try {
    const res = await fetch(url.replace(/\/graphql$/, path), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
    return res.ok;
  } catch {
    return false;
  }
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
      ...limits.plugins,
      ...(options.trustedDocuments ? [trustedDocuments(options.trustedDocuments)] : []),
      ...(cache ? [cache.plugin] : []),
    ],
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    documentStore: documentStore(),
    includeStacktraceInErrorResponses: options.debug ?? false,
    formatError: withUnavailableService(withTokenLimit(withRefusalCodes(inChinese(formatError(options.debug ?? false))))),
  });
  // every GraphQL request, introspection included, and every export needs a signed-in user
  const authenticate = async (req: IncomingMessage): Promise<GatewayContext> => ({
    viewer: await options.verifyToken(req.headers.authorization),
    requestId: requestIdOf(req),
  });
  const exportSlots = new ExportSlots(options.exports.concurrency, options.exports.queue);
  const subgraphStates = async (path: '/health' | '/livez') =>
    Object.fromEntries(
      await Promise.all(
        (Object.entries(options.subgraphUrls) as [SubgraphName, string][]).map(
          async ([name, url]) => [name, (await subgraphAnswers(url, path)) ? 'ok' : 'down'] as const,
        ),
      ),
    );
  const listening = await serve(apollo, {
    service: 'gateway',
    cors: { origins: options.corsOrigins ?? [] },
    rateLimit: options.rateLimitPerMinute
      ? { perMinute: options.rateLimitPerMinute, limiter: new RateLimit(options.rateLimitPerMinute) }
      : undefined,
    host: options.host,
    port: options.port,
    drainTimeoutMs: options.drainTimeoutMs,
    context: authenticate,
    rewriteBody: persistedDocumentBodies(options.persistedDocuments ?? new Map()),
    routes: {
      ...playgroundRoutes(options.playgroundToken),
      ...exportRoutes(apollo, authenticate, exportSlots),
      // for people: every subgraph and its database answer
      '/health': async (_req, res) => {
        const results = await subgraphStates('/health');
        const healthy = Object.values(results).every((state) => state === 'ok');
        sendJson(res, healthy ? 200 : 503, {
          status: healthy ? 'ok' : 'degraded',
          subgraphs: results,
          exports: exportSlots.stats(),
          ...(cache ? { answerCache: { following: cache.version() !== null, ...cache.stats() } } : {}),
        });
      },
      // for an orchestrator: the process answers
      '/livez': (_req, res) => sendJson(res, 200, { status: 'ok', service: 'gateway' }),
      // for a load balancer: the subgraphs it sends work to are alive (each subgraph's own /readyz says the rest)
      '/readyz': async (_req, res) => {
        const results = await subgraphStates('/livez');
        const ready = Object.values(results).every((state) => state === 'ok');
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', subgraphs: results });
      },
    },
  });
  return {
    ...listening,
    close: async () => {
      cache?.close();
      await listening.close();
    },
  };
}
