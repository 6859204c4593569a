import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { expect, test as base } from 'vitest';
import { startHub, type Hub } from '../../hub.ts';
import type { OfficeLevel } from '../../lib/domain/vocabulary.ts';
import type { Role } from '../../lib/auth/viewer.ts';
import { signDevToken } from '../../lib/auth/dev-keys.ts';
import { signForSubgraphs, VIEWER_HEADER } from '../../lib/auth/gateway-signing.ts';
import { pinToday } from '../../lib/domain/clock.ts';
import type { Config, SubgraphName } from '../../lib/service/config.ts';
import type { TypedDocument } from './contract.ts';
import { scratchConfig } from './scratch.ts';

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

/** A refused answer's error: a stable `extensions.code` and a message an office clerk reads. */
export interface Refusal {
  message: string;
  path?: (string | number)[];
  extensions: { code: string; [k: string]: unknown };
}

/** Han characters: a message a clerk reads has them. */
export const HAN = /\p{Script=Han}/u;
/** The framework's English sentences, which lib/graphql/messages.ts puts in Chinese (the English stays in `detail`). */
export const LATIN_SENTENCE =
  /\b(?:Syntax Error|Cannot query|Variable|Unknown|Expected|This operation|Suggestion|Did you mean)\b/;

/**
 * The answer is refused: its first error has `extensions.code` `code` and a Chinese message without the framework's
 * English. `cites` is the rule code it must name (`extensions.rule`), or more of `extensions` to match (`{ rule,
 * seed }`, `{ argumentName }`…). That nothing was written is the caller's to check. Returns the error.
 */
export function expectRefusal(
  res: { errors?: readonly { message: string; extensions?: Record<string, unknown> }[] | null },
  code: string,
  cites?: string | Record<string, unknown>,
): Refusal {
  const error = res.errors?.[0];
  expect(error, `refused with ${code}: ${JSON.stringify(res)}`).toBeDefined();
  expect(error!.extensions, JSON.stringify(error)).toMatchObject({
    code,
    ...(typeof cites === 'string' ? { rule: cites } : cites),
  });
  expect(error!.message, 'a message in Chinese').toMatch(HAN);
  expect(error!.message, 'no English framework sentence').not.toMatch(LATIN_SENTENCE);
  return error as Refusal;
}

/** The answer has no error: its data, typed as the document's. */
export function expectAnswer<T>(res: GraphQLResponse<T>): T {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.data).toBeDefined();
  return res.data!;
}

export interface TestHub extends Hub {
  url: string;
  config: Config;
  /**
   * POSTs an operation to the gateway as a dashboard would, as a 河南省 administrator unless `as` says who;
   * `fresh` asks past the gateway's answer cache (Cache-Control: no-cache), for tests that count statements.
   */
  query<T = any, V extends Record<string, unknown> = Record<string, unknown>>(
    query: TypedDocument<T, V> | string,
    variables?: V,
    as?: Office,
    options?: { fresh?: boolean },
  ): Promise<GraphQLResponse<T>>;
  /** A bearer token for an office, signed with the hub's development key. */
  token(office: Office): Promise<string>;
  /** POSTs an operation straight to a subgraph, as the gateway would for an office (signed `x-hub-viewer`). */
  subgraphQuery<T = any>(
    name: SubgraphName,
    query: string,
    variables: Record<string, unknown>,
    as: Office,
  ): Promise<GraphQLResponse<T>>;
}

/** An office to act as: level, region and, for a school, the school; roles default to viewer. */
export interface Office {
  level: OfficeLevel;
  region: string;
  school?: string;
  roles?: Role[];
  /** The person behind the token (`sub`); by default one per office. */
  subject?: string;
}

/**
 * The day every test hub takes as today (HUB_TODAY): the demo and the tests are written for it, so the suite gives
 * the same answers whatever the calendar says.
 */
export const TEST_TODAY = '2026-12-01';
// the tests' own "today" (fixtures computed when a file loads) is the hubs' one
pinToday(TEST_TODAY);

export const PROVINCE_ADMIN: Office = { level: 'PROVINCE', region: '410000', roles: ['admin'] };

/**
 * A whole hub for one test file: its own embedded PostgreSQL in a temporary directory with the demo loaded,
 * the four subgraphs and the gateway, all on free loopback ports.
 */
export async function startTestHub(env: Record<string, string> = {}): Promise<TestHub & { dispose(): Promise<void> }> {
  const { config, dir: dataDir } = await scratchConfig('studio-hub-test-', {
    HUB_TODAY: TEST_TODAY,
    // known to the tests, so they can speak to a subgraph as the gateway does
    GATEWAY_SECRET: randomBytes(32).toString('hex'),
    ...env,
  });
  const hub = await startHub(config);
  const url = hub.gateway!.url;
  const token = (office: Office) =>
    signDevToken(config, {
      level: office.level,
      regionCode: office.region,
      schoolId: office.school ?? null,
      roles: office.roles ?? ['viewer'],
      subject: office.subject,
    });
  return {
    ...hub,
    url,
    config,
    token,
    subgraphQuery: async (name, query, variables, as) => {
      const viewer = {
        subject: 'test',
        level: as.level,
        regionCode: as.region,
        schoolId: as.school ?? null,
        roles: as.roles ?? ['viewer'],
      };
      const res = await fetch(`${hub.subgraphs[name]!.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [VIEWER_HEADER]: await signForSubgraphs(config.GATEWAY_SECRET!, viewer) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse;
    },
    query: async (query, variables, as = PROVINCE_ADMIN, options = {}) => {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${await token(as)}`,
          ...(options.fresh ? { 'cache-control': 'no-cache' } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as GraphQLResponse;
    },
    dispose: async () => {
      await hub.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * `test` with a `hub` fixture: started once per worker, on first use, and stopped when the worker ends. In the
 * `own-hub` project (vitest.config.ts) each file is isolated, so each file has its own; in `shared-hub` the files of
 * one worker share it.
 */
export const test = base.extend('hub', { scope: 'worker' }, async ({}, { onCleanup }): Promise<TestHub> => {
  const hub = await startTestHub();
  onCleanup(() => hub.dispose());
  return hub;
});

export { describe, expect } from 'vitest';
