import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { VIEWER_HEADER } from '../lib/auth/gateway-signing.ts';
import type { Viewer } from '../lib/auth/viewer.ts';
import type { SubgraphName } from '../lib/service/config.ts';
import { isUnavailableStatus, serviceUnavailable } from '../lib/graphql/errors.ts';
import { clientSpan } from '../lib/service/tracing.ts';
import { metricsOf, operationLabel, REQUEST_ID_HEADER } from '../lib/service/observability.ts';

/**
 * How the gateway calls one subgraph: as the user, signed; never longer than `timeoutMs`; and when the subgraph
 * does not answer, the client is told which service in Chinese (SERVICE_UNAVAILABLE, `extensions.serviceName`)
 * while the fields of the other subgraphs still arrive.
 */
/** What a data source reads of the gateway's context: the user. */
export interface ViewerContext {
  viewer: Viewer;
  requestId?: string;
  /** Filled with the subgraphs the request asks (the answer cache checks those). */
  asked?: Set<SubgraphName>;
  /** Filled with their answers' data, entity keys included (the ids the answer cache depends on). */
  fetched?: unknown[];
}

export function subgraphSource(
  name: SubgraphName,
  url: string,
  options: { sign: (viewer: Viewer) => Promise<string>; timeoutMs: number },
): RemoteGraphQLDataSource<ViewerContext> {
  // Node's own fetch, bounded; it answers what the gateway reads of a response (status, headers.get, json, text)
  type Fetcher = RemoteGraphQLDataSource['fetcher'];
  const fetcher: Fetcher = (async (target: string, init: RequestInit) => {
    // the client's operation name (lib/service/observability.ts operationLabel)
    let operation = '-';
    try {
      operation = operationLabel((JSON.parse(String(init.body)) as { operationName?: string }).operationName);
    } catch {
      /* no name */
    }
    const started = process.hrtime.bigint();
    let status = 'error';
    try {
      const headers = new Headers(init.headers);
      // subgraphs sit beside the gateway: compressing each answer there and inflating it here costs both CPU for
      // bytes a local network carries anyway (fetch would otherwise ask for gzip, deflate and br)
      headers.set('accept-encoding', 'identity');
      const res = await clientSpan(name, operation, headers, () =>
        fetch(target, { ...init, headers, signal: AbortSignal.timeout(options.timeoutMs) }),
      );
      status = String(res.status);
      return res;
    } finally {
      const { subgraphRequests, subgraphSeconds } = metricsOf('gateway');
      subgraphRequests.inc({ subgraph: name, operation, status });
      subgraphSeconds.observe({ subgraph: name, operation }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }) as unknown as Fetcher;
  return new RemoteGraphQLDataSource<ViewerContext>({
    url,
    fetcher,
    willSendRequest: async ({ request, context }) => {
      // the viewer's signed header, shared by their requests and signed again after 30 s of its minute (lib/auth/gateway-signing.ts
      // subgraphSigner), so each subgraph verifies it once (gatewayViewers)
      request.http!.headers.set(VIEWER_HEADER, await options.sign(context.viewer));
      context.asked?.add(name);
      if (context.requestId) request.http!.headers.set(REQUEST_ID_HEADER, context.requestId);
    },
    didReceiveResponse: ({ response, context }) => {
      context.fetched?.push(response.data);
      return response;
    },
    didEncounterError: (error, _request, response, _context, request) => {
      if (response && !isUnavailableStatus(response.status)) throw error;
      throw serviceUnavailable(name, error, /^\s*mutation\b/.test(request?.query ?? ''));
    },
  });
}
