import { afterEach, beforeEach, vi } from 'vitest';
import type { TypedDocumentNode } from '@apollo/client';
import { contractOperation, contractOperations, type StudioPage } from './support/contract.ts';
import { describe, expect, PROVINCE_ADMIN, test, type TestHub } from './support/hub.ts';

// Issue 26 (clients work as their docs say): the contract operations through the clients integrators use, set up
// as the README's "Clients" section says. Apollo Client runs in development mode, where it warns about what it
// cannot cache; the test fails on any line it writes to the console.

// Apollo Client 4 reads development mode from globalThis.__DEV__ (without the `development` export condition),
// before its modules load: they are imported below, once it is set.
(globalThis as { __DEV__?: boolean }).__DEV__ = true;
const { ApolloClient, HttpLink, InMemoryCache, gql } = await import('@apollo/client');
const { relayStylePagination } = await import('@apollo/client/utilities');
const { __DEV__ } = await import('@apollo/client/utilities/environment');
const { Client, fetchExchange } = await import('@urql/core');
const { GraphQLClient } = await import('graphql-request');

const CONSOLE = ['log', 'info', 'warn', 'error', 'debug'] as const;
let said: string[] = [];
beforeEach(() => {
  said = [];
  for (const method of CONSOLE)
    vi.spyOn(console, method).mockImplementation(
      (...args: unknown[]) => void said.push(`${method}: ${args.map(String).join(' ')}`),
    );
});
afterEach(() => vi.restoreAllMocks());

/** The client as the README sets it up: regions by their code, the studio pages merged as Relay connections. */
async function apolloClient(hub: TestHub) {
  return new ApolloClient({
    link: new HttpLink({ uri: `${hub.url}/graphql`, headers: { authorization: `Bearer ${await hub.token(PROVINCE_ADMIN)}` } }),
    cache: new InMemoryCache({
      typePolicies: {
        Region: { keyFields: ['code'] },
        Query: { fields: { studios: relayStylePagination(['within', 'filter']) } },
      },
    }),
  });
}

const STUDIO_PAGE: TypedDocumentNode<StudioPage> = gql(contractOperation('studio-page.graphql'));

describe('Apollo Client 4 with InMemoryCache, in development mode (README: Clients)', () => {
  test('runs every contract operation, and the same region asked with other fields keeps both answers, with no warning', async ({
    hub,
  }) => {
    expect(__DEV__).toBe(true);
    const client = await apolloClient(hub);
    const variables: Record<string, Record<string, unknown>> = {
      'region-overview.graphql': { code: '410400', year: 2025 },
      'pending-second-evaluations-by-county.graphql': { within: '410400' },
      'studio-page.graphql': { within: '410000', first: 2, year: 2025 },
    };
    const operations = contractOperations();
    expect(operations.map((o) => o.file).sort()).toEqual(Object.keys(variables).sort());
    for (const { file, text } of operations) {
      const { data, error } = await client.query({ query: gql(text), variables: variables[file] });
      expect(error, file).toBeUndefined();
      expect(data, file).toBeTruthy();
    }
    // both answers about 410400 (overview and pending evaluations) live in one normalised Region entry: each
    // operation still reads whole from the cache, nothing of the first answer lost to the second
    for (const { file, text } of operations)
      expect(client.readQuery({ query: gql(text), variables: variables[file] }), file).toBeTruthy();
    expect(client.cache.identify({ __typename: 'Region', code: '410400' })).toBe('Region:{"code":"410400"}');
    expect(said).toEqual([]);
  });

  test('the other side: without the Region type policy, the second answer about 410400 replaces the first, and Apollo warns', async ({
    hub,
  }) => {
    const client = await apolloClient(hub);
    const plain = new ApolloClient({ link: client.link, cache: new InMemoryCache() });
    await plain.query({ query: gql(contractOperation('region-overview.graphql')), variables: { code: '410400', year: 2025 } });
    expect(said).toEqual([]);
    await plain.query({
      query: gql(contractOperation('pending-second-evaluations-by-county.graphql')),
      variables: { within: '410400' },
    });
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/^warn: /);
  });

  test('fetchMore walks the studio page to the end: every studio once, merged as one connection, with no warning', async ({
    hub,
  }) => {
    const client = await apolloClient(hub);
    const variables = { within: '410000', first: 2, year: 2025 };
    const observable = client.watchQuery({ query: STUDIO_PAGE, variables });
    const subscription = observable.subscribe(() => {});
    let result = await observable.refetch();
    let pages = 1;
    while (result.data!.studios.pageInfo.hasNextPage && pages < 20) {
      result = await observable.fetchMore({ variables: { after: result.data!.studios.pageInfo.endCursor } });
      pages++;
    }
    subscription.unsubscribe();
    // what the watched query now reads from the cache: the pages merged by relayStylePagination
    const merged = client.readQuery({ query: STUDIO_PAGE, variables })!.studios;
    const ids = merged.edges.map((e) => e.node.id);
    expect(pages).toBe(Math.ceil(merged.totalCount / 2));
    expect(ids).toHaveLength(merged.totalCount);
    expect(new Set(ids).size).toBe(ids.length);
    expect(merged.pageInfo.hasNextPage).toBe(false);
    expect(said).toEqual([]);
  });

  test('the documented full page (first: 500) passes the cost limit with the __typename Apollo adds everywhere', async ({
    hub,
  }) => {
    const client = await apolloClient(hub);
    const { data, error } = await client.query({ query: STUDIO_PAGE, variables: { within: '410000', first: 500, year: 2025 } });
    expect(error).toBeUndefined();
    expect(data!.studios.edges).toHaveLength(data!.studios.totalCount);
    expect(said).toEqual([]);
  });
});

describe('urql (@urql/core 6): queries by POST (README: Clients)', () => {
  const overview = contractOperation('region-overview.graphql');

  test('with preferGetMethod: false the contract operation answers; urql’s default GET is refused as a cross-site request', async ({
    hub,
  }) => {
    const headers = { authorization: `Bearer ${await hub.token(PROVINCE_ADMIN)}` };
    const post = new Client({
      url: `${hub.url}/graphql`,
      exchanges: [fetchExchange],
      preferGetMethod: false,
      fetchOptions: { headers },
    });
    const answer = await post.query(overview, { code: '410400', year: 2025 }).toPromise();
    expect(answer.error).toBeUndefined();
    expect(answer.data.region).toMatchObject({ code: '410400', name: '平顶山市' });

    const byDefault = new Client({ url: `${hub.url}/graphql`, exchanges: [fetchExchange], fetchOptions: { headers } });
    const refused = await byDefault.query(overview, { code: '410400', year: 2025 }).toPromise();
    expect(refused.data).toBeUndefined();
    expect(refused.error!.graphQLErrors[0]!.message).toContain('防跨站请求伪造');
  });
});

describe('graphql-request 7 (README: Clients)', () => {
  test('runs the contract operations as they are', async ({ hub }) => {
    const client = new GraphQLClient(`${hub.url}/graphql`, {
      headers: { authorization: `Bearer ${await hub.token(PROVINCE_ADMIN)}` },
    });
    const pending = await client.request<{ region: { descendants: unknown[] } }>(
      contractOperation('pending-second-evaluations-by-county.graphql'),
      { within: '410400' },
    );
    expect(pending.region.descendants.length).toBeGreaterThan(0);
    const page = await client.request<{ studios: { totalCount: number } }>(contractOperation('studio-page.graphql'), {
      within: '410000',
      first: 500,
      year: 2025,
    });
    expect(page.studios.totalCount).toBe(9);
  });
});
