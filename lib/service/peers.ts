import { TransactionContext } from '@mikro-orm/core';
import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { subgraphSigner, VIEWER_HEADER } from '../auth/gateway-signing.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { SubgraphName } from './config.ts';
import { isUnavailableStatus, serviceUnavailable } from '../graphql/errors.ts';
import { traceHeaders } from './observability.ts';

/**
 * A query one subgraph asks another, declared once (in the asking subgraph's `peers.ts`) with a zod schema of its
 * answer, from which the answer's type comes: no hand-written result shapes, and an answer that does not match
 * is a fault of the hub, not a silent `undefined` further on.
 */
export interface PeerQuery<V extends Record<string, unknown>, R> {
  peer: SubgraphName;
  query: string;
  variables: z.ZodType<V>;
  answer: z.ZodType<R>;
}

/** What a declared peer query answers. */
export type PeerAnswer<Q> = Q extends PeerQuery<Record<string, unknown>, infer R> ? R : never;

export const peerQuery = <VS extends z.ZodType<Record<string, unknown>>, AS extends z.ZodType>(
  peer: SubgraphName,
  query: string,
  types: { variables: VS; answer: AS },
): PeerQuery<z.infer<VS>, z.infer<AS>> => ({
  peer,
  query,
  variables: types.variables as unknown as z.ZodType<z.infer<VS>>,
  answer: types.answer as unknown as z.ZodType<z.infer<AS>>,
});

/**
 * How a subgraph asks another for what it owns: through that subgraph's GraphQL API, never its tables, as the
 * same user (signed like the gateway signs), so the owner applies its own scope rules.
 */
export class Peers {
  #urls: Partial<Record<SubgraphName, string>> = {};
  /** Signs the user as the gateway does, one header per user shared by their queries (lib/auth/gateway-signing.ts). */
  readonly #sign: (viewer: Viewer) => Promise<string>;
  /** The longest a subgraph waits for another (a query, an outbox delivery). */
  readonly timeoutMs: number;
  constructor(secret: string, timeoutMs: number) {
    this.#sign = subgraphSigner(secret);
    this.timeoutMs = timeoutMs;
  }

  /** Where each subgraph answers; set once they listen. */
  locate(urls: Partial<Record<SubgraphName, string>>): void {
    Object.assign(this.#urls, urls);
  }

  urlOf(peer: SubgraphName): string | undefined {
    return this.#urls[peer];
  }

  /** Asks a declared peer query (`peerQuery`) as this user, and reads the answer by its schema. */
  async ask<V extends Record<string, unknown>, R>(q: PeerQuery<V, R>, viewer: Viewer, variables: V): Promise<R> {
    const read = q.answer.safeParse(await this.#query(q.peer, viewer, q.query, variables));
    if (!read.success) throw new Error(`${q.peer} answered out of shape: ${z.prettifyError(read.error).replaceAll('\n', ' ')}`);
    return read.data;
  }

  async #query(peer: SubgraphName, viewer: Viewer, query: string, variables: Record<string, unknown>): Promise<unknown> {
    // a transaction waiting on a peer holds its connection for as long as the peer takes, and the peer may need
    // this subgraph back: ask before the change begins
    if (TransactionContext.currentTransactionContext()) throw new Error(`asked ${peer} from inside a transaction`);
    const url = this.#urls[peer];
    if (!url) throw new Error(`subgraph ${peer} has no known address`);
    const signed = await this.#sign(viewer);
    let body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    try {
      const res = await fetch(url, {
        method: 'POST',
        // the request id and trace context go along, so the peer's log lines and spans join this request's
        headers: { 'content-type': 'application/json', [VIEWER_HEADER]: signed, ...traceHeaders() },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (isUnavailableStatus(res.status)) throw new Error(`${url} answered ${res.status}`);
      body = (await res.json()) as typeof body;
    } catch (error) {
      // peers are asked only to read, never to change
      throw serviceUnavailable(peer, error, false);
    }
    const error = body.errors?.[0];
    if (error) {
      const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      // the owner's verdict (FORBIDDEN, NOT_FOUND) is the user's answer too, and so is a subgraph it could not reach
      if (['FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT', 'SERVICE_UNAVAILABLE'].includes(code))
        throw new GraphQLError(error.message, { extensions: { ...error.extensions, code } });
      throw new Error(`${peer}: ${error.message}`);
    }
    return body.data;
  }
}
