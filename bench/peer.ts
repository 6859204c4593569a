/**
 * The peer gateway for `npm run bench`: the hub's own subgraphs behind Hive Gateway (`@graphql-hive/gateway`, a
 * devDependency: the hub never loads it), serving the same stored supergraph, with the JS query planner or the
 * Rust one (`@graphql-hive/router-runtime`). It does per request what the hub's gateway does for the subgraphs:
 * verifies the user's JWT with the hub's own verifier (lib/auth/tokens.ts), signs the viewer once with GATEWAY_SECRET and
 * sends it in `x-hub-viewer` on every subgraph fetch.
 *
 * Hive merges identical in-flight subgraph queries by default. Here the viewer header is set through
 * `propagateHeaders`, and in this version (executor-http 3.4) the merge key then includes it: 8 concurrent
 * requests by 2 viewers made 2–3 subgraph requests with merging on, 8 with it off, each viewer getting its own
 * answer. Merging is off all the same (`deduplicateInflightRequests: false` for every subgraph; the inbound merging
 * stays off, its default), so that both gateways do the same work per request, and a header set another way
 * could not be left out of the key.
 *
 * `startPeer(…)` runs it in the calling process; `node bench/peer.ts` runs it alone (the bench's separate-process
 * layout), configured like `npm start` (GATEWAY_SECRET, DEV_KEY_FILE, PORT, <NAME>_PORT) plus PEER_PLANNER
 * (js | rust); it prints `listening <url>` and stops on SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGatewayRuntime, type GatewayPlugin } from '@graphql-hive/gateway';
import { createTokenVerifier } from '../lib/auth/tokens.ts';
import { subgraphSigner, VIEWER_HEADER } from '../lib/auth/gateway-signing.ts';
import type { Viewer } from '../lib/auth/viewer.ts';
import { parseConfig, SUBGRAPH_NAMES, subgraphUrl, type SubgraphName } from '../lib/service/config.ts';
import { SUPERGRAPH_PATH } from '../schema/compose.ts';

export type Planner = 'js' | 'rust';
export const PLANNERS: readonly Planner[] = ['js', 'rust'];

export interface PeerOptions {
  planner: Planner;
  host?: string;
  port?: number;
  subgraphUrls: Record<SubgraphName, string>;
  verifyToken: (authorization: string | undefined) => Promise<Viewer>;
  gatewaySecret: string;
  /** Hive's merging of identical in-flight subgraph requests: off unless asked for (to show what it does). */
  mergeRequests?: boolean;
}

export interface Peer {
  url: string;
  close(): Promise<void>;
}

interface PeerContext {
  /** The viewer signed for all its subgraph fetches, shared by their requests as our gateway does. */
  viewerHeader?: Promise<string>;
}

export async function startPeer(options: PeerOptions): Promise<Peer> {
  const sign = subgraphSigner(options.gatewaySecret);
  // the user's token is checked before anything runs, as the hub's gateway does in its context
  const authenticate: GatewayPlugin<PeerContext> = {
    onContextBuilding: async ({ context, extendContext }) => {
      const viewer = await options.verifyToken(context.request.headers.get('authorization') ?? undefined);
      extendContext({ viewerHeader: sign(viewer) });
    },
  };
  const unifiedGraphHandler =
    options.planner === 'rust' ? (await import('@graphql-hive/router-runtime')).unifiedGraphHandler : undefined;
  const gateway = createGatewayRuntime<PeerContext>({
    supergraph: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    ...(unifiedGraphHandler ? { unifiedGraphHandler } : {}),
    transportEntries: {
      ...Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, { location: options.subgraphUrls[name] }])),
      // no merging of identical in-flight subgraph requests: its key leaves out the signed viewer
      '*': { options: { deduplicateInflightRequests: options.mergeRequests ?? false } },
    },
    inboundInflightRequestDeduplication: false,
    propagateHeaders: {
      fromClientToSubgraphs: async ({ context }) => ({ [VIEWER_HEADER]: await context.viewerHeader! }),
    },
    plugins: () => [authenticate],
    landingPage: false,
    graphiql: false,
    logging: 'error',
  });
  const server = createServer(gateway);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await gateway.dispose();
    },
  };
}

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const planner = (process.env.PEER_PLANNER ?? 'js') as Planner;
  if (!PLANNERS.includes(planner)) throw new Error(`PEER_PLANNER: js or rust, not ${planner}`);
  if (!config.GATEWAY_SECRET) throw new Error('GATEWAY_SECRET: required, the subgraphs check what it signs');
  const peer = await startPeer({
    planner,
    host: config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST,
    port: config.PORT,
    subgraphUrls: Object.fromEntries(SUBGRAPH_NAMES.map((n) => [n, subgraphUrl(config, n)])) as Record<SubgraphName, string>,
    verifyToken: await createTokenVerifier(config),
    gatewaySecret: config.GATEWAY_SECRET,
  });
  console.log(`listening ${peer.url}`);
  process.once(
    'SIGTERM',
    () =>
      void peer.close().then(
        () => process.exit(0),
        () => process.exit(1),
      ),
  );
}

if (import.meta.main) await main();
