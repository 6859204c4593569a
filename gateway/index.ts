import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { subgraphSigner, type Viewer } from '../lib/auth.ts';
import type { SubgraphName } from '../lib/config.ts';
import { documentStore, sendJson, serve, type Listening } from '../lib/http.ts';
import { formatError } from '../lib/errors.ts';
import { exportRoutes } from './exports.ts';
import { operationLimits, withTokenLimit } from './limits.ts';
import { inChinese, operationChecks, withRefusalCodes } from './refusals.ts';
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
}

export interface GatewayContext {
  viewer: Viewer;
}

const HEALTH_TIMEOUT_MS = 2_000;

async function subgraphHealth(url: string): Promise<boolean> {
  try {
    const res = await fetch(url.replace(/\/graphql$/, '/health'), { signal: AbortSignal.timeout(HEALTH_TIMEOUT_MS) });
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
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // the hub stops its servers itself, in order; Apollo's own handler would signal the process a second time
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      operationChecks(),
      ...limits.plugins,
      ...(options.trustedDocuments ? [trustedDocuments(options.trustedDocuments)] : []),
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
  });
  return serve(apollo, {
    host: options.host,
    port: options.port,
    drainTimeoutMs: options.drainTimeoutMs,
    context: authenticate,
    rewriteBody: persistedDocumentBodies(options.persistedDocuments ?? new Map()),
    routes: {
      ...playgroundRoutes(options.playgroundToken),
      ...exportRoutes(apollo, authenticate),
      '/health': async (_req, res) => {
        const entries = Object.entries(options.subgraphUrls) as [SubgraphName, string][];
        const results = await Promise.all(
          entries.map(async ([name, url]) => [name, (await subgraphHealth(url)) ? 'ok' : 'down'] as const),
        );
        const healthy = results.every(([, state]) => state === 'ok');
        sendJson(res, healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded', subgraphs: Object.fromEntries(results) });
      },
    },
  });
}
