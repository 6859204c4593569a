import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { SubgraphName } from '../lib/config.ts';
import { signChangesToken, CHANGES_HEARTBEAT_MS } from '../lib/data-changes.ts';
import { today } from '../lib/clock.ts';
import type { GatewayContext } from './index.ts';

/**
 * The gateway's answer cache: a query's whole answer, kept for the same viewer, the same document and the same
 * variables, and served only while no subgraph's data has changed since it was computed.
 *
 * Each subgraph streams its data version (`GET /changes`, lib/data-changes.ts: a trigger on every one of its
 * tables notifies on commit, whoever wrote). An answer is kept under the versions of all four subgraphs, the
 * gateway's own count of mutations and "today", as they were when the request began, so an answer computed
 * while a write committed is kept under a version that is already old and never served. A mutation through this
 * gateway counts at once, so its client reads its own write; a write elsewhere (another gateway, an event handler)
 * reaches every gateway within the time a notification takes. While any stream is down nothing is served from
 * the cache or kept. Answers with errors are never kept; `Cache-Control: no-cache` skips the cache.
 */

export interface AnswerCacheOptions {
  /** Where each subgraph answers GraphQL (`…/graphql`); its stream is `…/changes`. */
  subgraphUrls: Record<SubgraphName, string>;
  gatewaySecret: string;
  /** The most the kept answers may hold, in megabytes of JSON. */
  maxMb: number;
}

interface Kept {
  version: string;
  result: FormattedExecutionResult;
  bytes: number;
}

const RECONNECT_MS = 1_000;
/** A stream silent for this long (three heartbeats) is taken for lost. */
const SILENCE_MS = 3 * CHANGES_HEARTBEAT_MS;

export interface AnswerCache {
  plugin: ApolloServerPlugin<GatewayContext>;
  /** The versions now, or null while one is unknown: for tests and `/health`. */
  version(): string | null;
  stats(): { hits: number; misses: number; entries: number; bytes: number };
  close(): void;
}

export function answerCache(options: AnswerCacheOptions): AnswerCache {
  const versions = new Map<SubgraphName, string | null>();
  const aborts = new Set<AbortController>();
  let mutations = 0;
  let closed = false;
  const kept = new Map<string, Kept>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  const maxBytes = options.maxMb * 1024 * 1024;

  const follow = async (name: SubgraphName, url: string) => {
    while (!closed) {
      const abort = new AbortController();
      aborts.add(abort);
      let silence: NodeJS.Timeout | undefined;
      const listen = () => {
        clearTimeout(silence);
        silence = setTimeout(() => abort.abort(), SILENCE_MS);
      };
      try {
        listen();
        const res = await fetch(url.replace(/\/graphql$/, '/changes'), {
          headers: { authorization: `Bearer ${await signChangesToken(options.gatewaySecret)}` },
          signal: abort.signal,
        });
        if (!res.ok || !res.body) throw new Error(`changes stream: ${res.status}`);
        const decoder = new TextDecoder();
        let buffered = '';
        const reader = res.body.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          const chunk = read.value;
          listen();
          buffered += decoder.decode(chunk, { stream: true });
          let end: number;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const message = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const data = /^data: (.*)$/m.exec(message)?.[1];
            if (data !== undefined) versions.set(name, data === 'unknown' ? null : data);
          }
        }
      } catch {
        // down, refused or silent: unknown until the stream is back
      } finally {
        clearTimeout(silence);
        aborts.delete(abort);
        versions.set(name, null);
      }
      if (!closed) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };
  const names = Object.keys(options.subgraphUrls) as SubgraphName[];
  for (const name of names) {
    versions.set(name, null);
    void follow(name, options.subgraphUrls[name]);
  }

  const version = (): string | null => {
    const parts: string[] = [];
    for (const name of names) {
      const v = versions.get(name);
      if (!v) return null;
      parts.push(v);
    }
    return `${parts.join('|')}|${mutations}|${today()}`;
  };
  const drop = (key: string) => {
    const entry = kept.get(key);
    if (!entry) return;
    kept.delete(key);
    bytes -= entry.bytes;
  };

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      let key: string | null = null;
      let at: string | null = null;
      let served = false;
      return {
        async responseForOperation({ request, operation, contextValue }) {
          const skip = /no-cache|no-store/i.test(request.http?.headers.get('cache-control') ?? '');
          if (operation.operation !== 'query' || !request.query || skip) return null;
          at = version();
          if (!at) return null;
          const { subject, level, regionCode, schoolId, roles } = contextValue.viewer;
          key = createHash('sha256')
            .update(JSON.stringify([subject, level, regionCode, schoolId, roles, request.operationName ?? null, request.query]))
            .update(JSON.stringify(request.variables ?? {}))
            .digest('base64url');
          const entry = kept.get(key);
          if (!entry || entry.version !== at) {
            if (entry) drop(key);
            misses++;
            return null;
          }
          // the most recently used last: the first is the one dropped
          kept.delete(key);
          kept.set(key, entry);
          hits++;
          served = true;
          return {
            http: { status: undefined, headers: new HeaderMap([['x-hub-cache', 'hit']]) },
            body: { kind: 'single', singleResult: entry.result },
          };
        },
        async willSendResponse({ response, operation }) {
          if (operation?.operation === 'mutation') {
            mutations++;
            return;
          }
          if (served || !key || !at || response.body.kind !== 'single') return;
          // asked and not answered from the cache, whether kept now or not (an error, a write meanwhile)
          response.http.headers.set('x-hub-cache', 'miss');
          const result = response.body.singleResult;
          if (result.errors?.length || at !== version()) return;
          const size = JSON.stringify(result).length * 2;
          if (size > maxBytes / 4) return;
          drop(key);
          kept.set(key, { version: at, result, bytes: size });
          bytes += size;
          while (bytes > maxBytes) drop(kept.keys().next().value!);
        },
      };
    },
  };

  return {
    plugin,
    version,
    stats: () => ({ hits, misses, entries: kept.size, bytes }),
    close() {
      closed = true;
      for (const abort of aborts) abort.abort();
    },
  };
}
