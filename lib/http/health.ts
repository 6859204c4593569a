import { sendJson, type RouteHandler } from './server.ts';

/**
 * Health that does not cascade (issue 22.4), the same at the gateway and at each subgraph:
 * - `/livez`: the process answers, with no I/O (an orchestrator restarts it when not);
 * - `/readyz`: it can serve its own data: a subgraph's database answers, the gateway's supergraph is loaded (a load
 *   balancer and compose's healthcheck send it requests when so);
 * - `/health`, for people and monitors: that, and what it uses besides: each peer's `/readyz`, a subgraph's outbox and
 *   NATS. One of those failing makes the service `degraded` (503, named in `checks` and in the `hub_peer_up` gauge),
 *   never unready, so no healthy service is restarted or taken out of rotation because another is down.
 */
export type Check = () => Promise<void>;

export interface HealthChecks {
  /** How the answers name the service: `{ subgraph: 'studios' }` or `{ service: 'gateway' }`. */
  name: Record<string, string>;
  /** What it needs to serve its own data; /readyz answers 503 while one fails. */
  ready: Record<string, Check>;
  /** The peers it uses, by name, and where each answers GraphQL (its /readyz is beside it). */
  peers: { names: readonly string[]; urlOf(name: string): string | undefined };
  /** What else it uses and can do without for a while (the outbox, NATS). */
  more?: Record<string, Check>;
  /** More for people at /health (the gateway's answer cache). */
  details?: () => Record<string, unknown>;
}

const PROBE_TIMEOUT_MS = 2_000;

/** Each check, `ok` or why not. */
async function run(checks: Record<string, Check>): Promise<Record<string, string>> {
  return Object.fromEntries(
    await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        try {
          await check();
          return [name, 'ok'];
        } catch (error) {
          return [name, (error as Error).message.slice(0, 200)];
        }
      }),
    ),
  );
}

const allOk = (checks: Record<string, string>) => Object.values(checks).every((c) => c === 'ok');

function peerChecks({ names, urlOf }: HealthChecks['peers']): Record<string, Check> {
  return Object.fromEntries(
    names.map((name) => [
      `peer:${name}`,
      async () => {
        const url = urlOf(name);
        if (!url) throw new Error('no address');
        const res = await fetch(url.replace(/\/graphql$/, '/readyz'), { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
        if (!res.ok) throw new Error(`answered ${res.status}`);
      },
    ]),
  );
}

/** The three routes, and each peer's state for the `hub_peer_up` gauge (lib/service/observability.ts). */
export function health(checks: HealthChecks): {
  routes: Record<string, RouteHandler>;
  peersUp(): Promise<Record<string, boolean>>;
} {
  return {
    routes: {
      '/livez': (_req, res) => sendJson(res, 200, { status: 'ok', ...checks.name }),
      '/readyz': async (_req, res) => {
        const own = await run(checks.ready);
        const ready = allOk(own);
        sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', ...checks.name, checks: own });
      },
      '/health': async (_req, res) => {
        const [own, used] = await Promise.all([run(checks.ready), run({ ...peerChecks(checks.peers), ...checks.more })]);
        const status = !allOk(own) ? 'down' : allOk(used) ? 'ok' : 'degraded';
        sendJson(res, status === 'ok' ? 200 : 503, {
          status,
          ...checks.name,
          checks: { ...own, ...used },
          ...checks.details?.(),
        });
      },
    },
    peersUp: async () => {
      const states = await run(peerChecks(checks.peers));
      return Object.fromEntries(checks.peers.names.map((name) => [name, states[`peer:${name}`] === 'ok']));
    },
  };
}
