import { createParser } from 'eventsource-parser';
import { LRUCache } from 'lru-cache';
import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequest } from '@apollo/server';
import {
  Kind,
  visit,
  type DocumentNode,
  type FormattedExecutionResult,
  type OperationDefinitionNode,
  type ValueNode,
} from 'graphql';
import type { Viewer } from '../lib/auth/viewer.ts';
import type { SubgraphName } from '../lib/service/config.ts';
import {
  signChangesToken,
  CHANGES_HEARTBEAT_MS,
  SNAPSHOT_MAX_AGE_MS,
  type Freshness,
  type FreshnessCheck,
} from '../lib/data/data-changes.ts';
import { NATION_CODE, parentCodeOf, REGION_CODE } from '../lib/domain/region-code.ts';
import { today } from '../lib/domain/clock.ts';
import type { GatewayContext } from './index.ts';

/**
 * The gateway's answer cache: a query's whole answer, shared by everyone whose scope and roles give the same answer
 * (the people of one office: level, region, school, roles — never the person), for the same document and
 * variables, and served only while nothing it depends on has been written since.
 *
 * Each subgraph logs what every commit touched (lib/data/data-changes.ts, triggers on every table, whoever wrote:
 * `in:<region>` for the region of each row written and every region above it, `at:<region>` for the row's own
 * region, `id:<id>` for its ids). A kept answer depends on `in:` of the regions it read (the regions its root fields
 * were asked for, else the viewer's whole scope, and every region code in its answer), `at:` of every region above
 * those (their policies and rules apply below) and the ids in its variables, its answer and the subgraphs' answers
 * (the entity keys passed between them, asked for or not). A write in 叶县 ends what read 叶县, 平顶山, 河南 or
 * the nation, or one of its rows; another county's answers stay.
 *
 * The check is exact: before an answer is served, each subgraph it was computed from says in one statement
 * (`POST /versions`) whether a transaction its snapshot, taken before the answer was computed, did not see has
 * written one of its keys. So a read that starts after a write was acknowledged, through any gateway, by an event
 * handler, an import or psql, never gets the old answer. If a subgraph cannot answer the check, nothing is served
 * from or kept in the cache. Answers with errors are never kept; `Cache-Control: no-cache` skips the cache.
 *
 * Warm after a write: each subgraph's change stream (`GET /changes`) tells of commits; then the most asked kept
 * answers a write has ended are computed again, two at a time, at most `WARM_MAX` per round, and writes arriving
 * during a round make one more round, never one per write. The checks of requests and of a warming round that wait
 * at one moment go to each subgraph together, as one call and one statement (`gathered`).
 */

export interface AnswerCacheOptions {
  /** Where each subgraph answers GraphQL (`…/graphql`); its check is `…/versions`, its stream `…/changes`. */
  subgraphUrls: Record<SubgraphName, string>;
  gatewaySecret: string;
  /** The most the kept answers may hold, in megabytes of JSON. */
  maxMb: number;
}

type Request = Pick<GraphQLRequest, 'query' | 'variables' | 'operationName'>;

interface Kept {
  day: string;
  /** When its snapshots were taken: older than SNAPSHOT_MAX_AGE_MS, it is not served. */
  at: number;
  /** Each subgraph the answer was computed from, and its snapshot from before. */
  snapshots: Partial<Record<SubgraphName, string>>;
  keys: string[];
  result: FormattedExecutionResult;
  bytes: number;
  hits: number;
  /** To compute it again after a write: the request and one of the viewers who share it. */
  request: Request;
  viewer: Viewer;
}

/** One subgraph's answer to one kept answer's check. */
interface Checked {
  snapshot: string;
  fresh: boolean;
}

/**
 * Calls that wait while one is out go out together in the next, so a burst of hits costs each subgraph one call
 * and one statement. Still exact: every call is sent after each check it carries was asked for, so the snapshot it
 * answers with is never older than the request that asked.
 */
export function gathered<T, R>(call: (items: T[]) => Promise<R[]>): (item: T) => Promise<R> {
  let waiting: { item: T; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let out = false;
  const send = async () => {
    if (out || !waiting.length) return;
    out = true;
    const batch = waiting;
    waiting = [];
    try {
      const results = await call(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      out = false;
      void send();
    }
  };
  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      void send();
    });
}

const RECONNECT_MS = 1_000;
/** The check's credential is valid a minute (signChangesToken); it is signed again after half of that. */
const CHANGES_TOKEN_REUSE_MS = 30_000;
/** A stream silent for this long (three heartbeats) is taken for lost. */
const SILENCE_MS = 3 * CHANGES_HEARTBEAT_MS;
/** The most kept answers recomputed after a burst of writes, per round (the most asked first)… */
export const WARM_MAX = 64;
/** …and how many at once: the gateway's other requests keep the rest of the machine. */
const WARM_PARALLEL = 2;
/** More ids than this and the answer depends on every write in its subgraphs instead (a cheap check). */
const MAX_IDS = 2_000;

export interface AnswerCache {
  plugin: ApolloServerPlugin<GatewayContext>;
  /** How to compute an answer again (the gateway's Apollo server), for warming. */
  warmWith(execute: (request: Request, viewer: Viewer) => Promise<unknown>): void;
  /** Whether every subgraph's change stream is followed: for tests and `/health`. */
  following(): boolean;
  stats(): {
    hits: number;
    misses: number;
    entries: number;
    bytes: number;
    warmed: number;
    warmRounds: number;
    warming: boolean;
  };
  close(): void;
}

/** The keys an answer that read region `code`'s subtree depends on. */
export function regionKeys(code: string): string[] {
  const keys = [`in:${code}`, `at:${NATION_CODE}`];
  for (let up = parentCodeOf(code); up; up = parentCodeOf(up)) keys.push(`at:${up}`);
  return keys;
}

const ID_NAME = /^(id|.*Id)$/;
const REGION_NAME = /^(code|within|region|.*RegionCode|regionCode)$/;

/** The region codes and ids a value carries, by the names of the fields that hold them. */
function collect(value: unknown, regions: Set<string>, ids: Set<string>, name = ''): void {
  if (typeof value === 'string') {
    if (REGION_NAME.test(name) && REGION_CODE.test(value)) regions.add(value);
    else if (ID_NAME.test(name)) ids.add(value);
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, regions, ids, name.endsWith('Ids') ? name.slice(0, -1) : name);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collect(item, regions, ids, key);
  }
}

/** Fields that lead from a row to a region it need not lie under (upwards, or across from a row to its region). */
const CLIMBING = new Set(['parent', 'issuingRegion', 'region']);

/** Whether the document may read outside the regions its root fields name: a climbing field below the root. */
function climbs(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node, _key, _parent, _path, ancestors) {
      // below another field, or in a fragment (wherever it is spread)
      const nested = ancestors.some(
        (a) => 'kind' in a && (a.kind === Kind.FIELD || a.kind === Kind.INLINE_FRAGMENT || a.kind === Kind.FRAGMENT_DEFINITION),
      );
      if (nested && CLIMBING.has(node.name.value)) found = true;
    },
  });
  return found;
}

/**
 * The regions the operation's root fields were asked for, when every one names one (`schools(within: …)`,
 * `region(code: …)`) and nothing below them climbs out (`parent`, a row's `region`…), else null: the answer may
 * read the viewer's whole scope.
 */
function askedRegions(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
): string[] | null {
  if (climbs(document)) return null;
  const regions: string[] = [];
  const valueOf = (node: ValueNode): unknown =>
    node.kind === Kind.VARIABLE ? variables[node.name.value] : node.kind === Kind.STRING ? node.value : undefined;
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    if (selection.name.value === '__typename') continue;
    const named = (selection.arguments ?? [])
      .map((arg) => valueOf(arg.value))
      .filter((v): v is string => typeof v === 'string' && REGION_CODE.test(v));
    if (!named.length) return null;
    regions.push(...named);
  }
  return regions.length ? regions : null;
}

function dependencies(
  viewer: Viewer,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  result: FormattedExecutionResult,
  fetched: unknown[],
): string[] {
  const regions = new Set(askedRegions(document, operation, variables) ?? [viewer.regionCode]);
  const ids = new Set<string>(viewer.schoolId ? [viewer.schoolId] : []);
  collect(variables, regions, ids);
  collect(result.data, regions, ids);
  // the subgraphs' own answers: the keys of the entities passed between them, asked for or not
  collect(fetched, regions, ids);
  // a region under another one read is covered by it: a write below it touches the upper one too
  const above = (code: string) => {
    for (let up = parentCodeOf(code); up; up = parentCodeOf(up)) if (regions.has(up)) return true;
    return false;
  };
  const keys = new Set([...regions].filter((code) => !above(code)).flatMap(regionKeys));
  // past so many rows, depending on every write of its subgraphs is cheaper to check and still exact
  if (ids.size > MAX_IDS) keys.add(`in:${NATION_CODE}`);
  else for (const id of ids) keys.add(`id:${id}`);
  return [...keys];
}

export function answerCache(options: AnswerCacheOptions): AnswerCache {
  const streams = new Map<SubgraphName, boolean>();
  const aborts = new Set<AbortController>();
  let closed = false;
  const maxBytes = options.maxMb * 1024 * 1024;
  // the least recently served dropped first, so that the answers kept hold at most maxBytes
  const kept = new LRUCache<string, Kept>({ maxSize: maxBytes, sizeCalculation: (entry) => entry.bytes });
  let hits = 0;
  let misses = 0;
  let warmed = 0;
  let warmRounds = 0;
  let execute: ((request: Request, viewer: Viewer) => Promise<unknown>) | null = null;
  const names = Object.keys(options.subgraphUrls) as SubgraphName[];
  const endpoint = (name: SubgraphName, path: string) => options.subgraphUrls[name].replace(/\/graphql$/, path);

  // the check's credential, signed once and used until shortly before it expires
  let credential: { token: Promise<string>; until: number } | null = null;
  const token = () => {
    if (!credential || credential.until < Date.now())
      credential = { token: signChangesToken(options.gatewaySecret), until: Date.now() + CHANGES_TOKEN_REUSE_MS };
    return credential.token;
  };
  const checkers = new Map(
    names.map((name) => [
      name,
      gathered(async (checks: FreshnessCheck[]) => {
        const res = await fetch(endpoint(name, '/versions'), {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
          body: JSON.stringify({ checks }),
          signal: AbortSignal.timeout(SILENCE_MS),
        });
        if (!res.ok) throw new Error(`versions: ${res.status}`);
        const { snapshot, fresh } = (await res.json()) as Freshness;
        return fresh.map((f) => ({ snapshot, fresh: f }));
      }),
    ]),
  );
  /** The freshness of the entry's keys in each subgraph asked (and its snapshot now), or null if one cannot tell. */
  const check = async (entry: Kept | undefined, asked: SubgraphName[]): Promise<Map<SubgraphName, Checked> | null> => {
    try {
      const answers = await Promise.all(
        asked.map(async (name) => {
          const since = entry?.snapshots[name] ?? null;
          return [name, await checkers.get(name)!({ keys: since ? entry!.keys : [], since })] as const;
        }),
      );
      return new Map(answers);
    } catch {
      return null;
    }
  };
  const fresh = (entry: Kept, now: Map<SubgraphName, Checked>) =>
    entry.day === today() &&
    Date.now() - entry.at < SNAPSHOT_MAX_AGE_MS &&
    Object.keys(entry.snapshots).every((name) => now.get(name as SubgraphName)?.fresh);

  // warming: one round at a time; writes during a round ask for one more
  let warming = false;
  let again = false;
  const round = async () => {
    warmRounds++;
    // every answer asked again since it was kept is checked at once (one call to each subgraph); the most asked of
    // those a write ended are computed again, WARM_PARALLEL at a time
    const asked = [...kept.values()].filter((entry) => entry.hits > 0);
    const checked = await Promise.all(
      asked.map(async (entry) => ({ entry, now: await check(entry, Object.keys(entry.snapshots) as SubgraphName[]) })),
    );
    const ended = checked
      .filter(({ entry, now }) => now && !fresh(entry, now))
      .map(({ entry }) => entry)
      .sort((a, b) => b.hits - a.hits)
      .slice(0, WARM_MAX);
    const next = async (): Promise<void> => {
      const entry = ended.shift();
      if (!entry || closed || !execute) return;
      await execute(entry.request, entry.viewer).catch(() => {});
      warmed++;
      return next();
    };
    await Promise.all(Array.from({ length: WARM_PARALLEL }, next));
  };
  const warm = () => {
    if (warming) {
      again = true;
      return;
    }
    warming = true;
    void (async () => {
      do {
        again = false;
        await round();
      } while (again && !closed);
      warming = false;
    })();
  };

  const follow = async (name: SubgraphName) => {
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
        const res = await fetch(endpoint(name, '/changes'), {
          headers: { authorization: `Bearer ${await signChangesToken(options.gatewaySecret)}` },
          signal: abort.signal,
        });
        if (!res.ok || !res.body) throw new Error(`changes stream: ${res.status}`);
        let first = true;
        const parser = createParser({
          onEvent: ({ data }) => {
            streams.set(name, data !== 'unknown');
            if (!first && data !== 'unknown') warm();
            first = false;
          },
        });
        const decoder = new TextDecoder();
        const reader = res.body.getReader();
        for (let read = await reader.read(); !read.done; read = await reader.read()) {
          listen();
          parser.feed(decoder.decode(read.value, { stream: true }));
        }
      } catch {
        // down, refused or silent: warming waits until the stream is back (the check needs no stream)
      } finally {
        clearTimeout(silence);
        aborts.delete(abort);
        streams.set(name, false);
      }
      if (!closed) await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
    }
  };
  for (const name of names) {
    streams.set(name, false);
    void follow(name);
  }

  const plugin: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart() {
      let key: string | null = null;
      let snapshots: Map<SubgraphName, Checked> | null = null;
      let at = 0;
      let served = false;
      return {
        async responseForOperation({ request, operation, contextValue }) {
          const skip = /no-cache|no-store/i.test(request.http?.headers.get('cache-control') ?? '');
          if (operation.operation !== 'query' || !request.query || skip) return null;
          const { level, regionCode, schoolId, roles } = contextValue.viewer;
          key = createHash('sha256')
            .update(JSON.stringify([level, regionCode, schoolId, [...roles].sort(), request.operationName ?? null]))
            .update(request.query)
            .update(JSON.stringify(request.variables ?? {}))
            .digest('base64url');
          const entry = kept.get(key);
          at = Date.now();
          // a hit asks only the subgraphs its answer came from; a miss needs every one's snapshot from before
          const from = entry ? (Object.keys(entry.snapshots) as SubgraphName[]) : [];
          snapshots = await check(entry, entry ? from : names);
          if (!snapshots) return null;
          if (!entry || !fresh(entry, snapshots)) {
            if (entry) {
              kept.delete(key);
              const rest = await check(
                undefined,
                names.filter((name) => !from.includes(name)),
              );
              if (!rest) return (snapshots = null);
              for (const [name, now] of rest) snapshots.set(name, now);
            }
            misses++;
            return null;
          }
          entry.hits++;
          hits++;
          served = true;
          return {
            http: { status: undefined, headers: new HeaderMap([['x-hub-cache', 'hit']]) },
            body: { kind: 'single', singleResult: entry.result },
          };
        },
        async willSendResponse({ request, response, document, operation, contextValue }) {
          if (served || !key || !snapshots || !document || !operation || response.body.kind !== 'single') return;
          // asked and not answered from the cache, whether kept now or not (an error, a subgraph down)
          response.http.headers.set('x-hub-cache', 'miss');
          const result = response.body.singleResult;
          if (result.errors?.length) return;
          const json = JSON.stringify(result).length;
          if (json * 2 > maxBytes / 4) return;
          const variables = request.variables ?? {};
          const keys = dependencies(contextValue.viewer, document, operation, variables, result, contextValue.fetched);
          // the answer and what it depends on, as UTF-16 in memory
          const size = (json + keys.reduce((n, k) => n + k.length, 0)) * 2;
          kept.set(key, {
            day: today(),
            at,
            snapshots: Object.fromEntries([...contextValue.asked].map((name) => [name, snapshots!.get(name)!.snapshot])),
            keys,
            result,
            bytes: size,
            hits: 0,
            request: { query: request.query, variables, operationName: request.operationName },
            viewer: contextValue.viewer,
          });
        },
      };
    },
  };

  return {
    plugin,
    warmWith(run) {
      execute = run;
    },
    following: () => names.every((name) => streams.get(name)),
    stats: () => ({ hits, misses, entries: kept.size, bytes: kept.calculatedSize, warmed, warmRounds, warming }),
    close() {
      closed = true;
      for (const abort of aborts) abort.abort();
    },
  };
}
