import { TransactionContext } from '@mikro-orm/core';
import { signForSubgraphs, VIEWER_HEADER, type Viewer } from './auth.ts';
import type { SubgraphName } from './config.ts';
import { userError } from './graphql.ts';

/**
 * How a subgraph asks another for what it owns: through that subgraph's GraphQL API, never its tables, as the
 * same user (signed like the gateway signs), so the owner applies its own scope rules.
 */
export class Peers {
  #urls: Partial<Record<SubgraphName, string>> = {};
  readonly #secret: string;
  constructor(secret: string) {
    this.#secret = secret;
  }

  /** Where each subgraph answers; set once they listen. */
  locate(urls: Partial<Record<SubgraphName, string>>): void {
    Object.assign(this.#urls, urls);
  }

  urlOf(peer: SubgraphName): string | undefined {
    return this.#urls[peer];
  }

  async query<T>(peer: SubgraphName, viewer: Viewer, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    // a transaction waiting on a peer holds its connection for as long as the peer takes, and the peer may need
    // this subgraph back: ask before the change begins
    if (TransactionContext.currentTransactionContext()) throw new Error(`asked ${peer} from inside a transaction`);
    const url = this.#urls[peer];
    if (!url) throw new Error(`subgraph ${peer} has no known address`);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [VIEWER_HEADER]: await signForSubgraphs(this.#secret, viewer) },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    const error = body.errors?.[0];
    if (error) {
      const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      // the owner's verdict (FORBIDDEN, NOT_FOUND) is the user's answer too
      if (['FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT'].includes(code))
        throw userError(code as 'FORBIDDEN', error.message, error.extensions);
      throw new Error(`${peer}: ${error.message}`);
    }
    return body.data as T;
  }
}
