import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addTypenameToDocument } from '@apollo/client/utilities';
import { Kind, parse, print, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { operationCost as costOf } from '../gateway/cost.ts';
import { LIMITS } from '../gateway/limits.ts';
import { apiSchema } from '../scripts/fuzz.ts';
import { formatError } from '../lib/graphql/errors.ts';
import { test, expectRefusal } from './support/hub.ts';

/** `region { parent { parent … { code } } } }`: `depth` levels of fields in all (no lists, so little cost). */
const nested = (depth: number) => `{ region(code: "410422") { ${'parent { '.repeat(depth - 2)}code${' }'.repeat(depth - 2)} } }`;
const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: region(code: "410000") { code }`).join(' ')} }`;
/** `query (\$v0: Int …) { t: __typename }`: 8 tokens and 4 a variable; `named` adds one (the operation's name). */
const long = (variables: number, named = false) =>
  `query ${named ? 'Long ' : ''}(${Array.from({ length: variables }, (_, i) => `$v${i}: Int`).join(' ')}) { t: __typename }`;

const api = apiSchema();
const operationCost = (schema: typeof api, text: string, variables: Record<string, unknown> = {}) => {
  const document = parse(text);
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION) as OperationDefinitionNode;
  const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
  return costOf(schema, operation, fragments, variables);
};

describe('operation limits (graphql-armor and our cost at the gateway)', () => {
  test(`accepts ${LIMITS.depth} levels of nesting and refuses ${LIMITS.depth + 1}`, async ({ hub }) => {
    expect((await hub.query(nested(LIMITS.depth))).errors).toBeUndefined();
    const { data, errors } = await hub.query(nested(LIMITS.depth + 1));
    expect(data).toBeUndefined();
    expectRefusal({ errors }, 'OPERATION_LIMIT_EXCEEDED');
    expect(errors![0]!.message).toContain('嵌套过深');
  });

  test(`accepts ${LIMITS.aliases} aliases and refuses ${LIMITS.aliases + 1}`, async ({ hub }) => {
    expect((await hub.query(aliased(LIMITS.aliases))).errors).toBeUndefined();
    const { errors } = await hub.query(aliased(LIMITS.aliases + 1));
    expectRefusal({ errors }, 'OPERATION_LIMIT_EXCEEDED');
    expect(errors![0]!.message).toContain('别名过多');
  });

  test(`lets an operation of ${LIMITS.tokens} tokens through the token limit and refuses ${LIMITS.tokens + 1}`, async ({
    hub,
  }) => {
    const variables = (LIMITS.tokens - 8) / 4;
    // at the limit it is parsed and validated (and refused only for its unused variables)
    const atLimit = await hub.query(long(variables));
    expect(atLimit.errors!.every((e) => e.extensions!.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
    const { errors } = await hub.query(long(variables, true));
    expectRefusal({ errors }, 'OPERATION_LIMIT_EXCEEDED');
    expect(errors![0]!.message).toContain('查询过长');
  });

  test('refuses a selection too costly to validate with the same clear code', async ({ hub }) => {
    const { errors } = await hub.query(`{ region(code: "410000") { ${'code '.repeat(2000)}} }`);
    expectRefusal({ errors }, 'OPERATION_LIMIT_EXCEEDED');
    expect(errors![0]!.message).toContain('过于复杂');
  });

  test(`refuses an operation whose cost passes ${LIMITS.cost}`, async ({ hub }) => {
    // wide and deep at once: every level multiplies the cost of what lies below it
    const level = (depth: number): string =>
      depth === 0 ? 'code name level' : `code name children { ${level(depth - 1)} } descendants { ${level(depth - 1)} }`;
    const { errors } = await hub.query(`{ region(code: "410000") { ${level(7)} } }`);
    expectRefusal({ errors }, 'OPERATION_LIMIT_EXCEEDED');
    expect(errors![0]!.message).toContain('开销过大');
  });

  // README (operation limits): a page may hold 500 studios; the cost counts a page's edges once per row it may hold
  const studioPage = readFileSync(fileURLToPath(new URL('../operations/contract/studio-page.graphql', import.meta.url)), 'utf8');
  const twoPages = (first: string) =>
    `query ($y: Int!) { ${['a', 'b']
      .map(
        (alias) =>
          `${alias}: studios(within: "410000", first: ${first}) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name level status updatedAt region { code name } host { id name } memberCount evaluations { kind year status result } funding(year: $y) { allocated spent balance } } } }`,
      )
      .join(' ')} }`;

  test(`the contract's studio page costs ${operationCost(api, studioPage, { first: 500 })} at first = 500: accepted inline and as a variable`, async ({
    hub,
  }) => {
    expect(operationCost(api, studioPage, { first: 500 })).toBeLessThanOrEqual(LIMITS.cost);
    const asVariable = await hub.query(studioPage, { within: '410000', first: 500, year: 2025 });
    expect(asVariable.errors).toBeUndefined();
    const inline = await hub.query(studioPage.replace('first: $first', 'first: 500').replace('$first: Int!, ', ''), {
      within: '410000',
      year: 2025,
    });
    expect(inline.errors).toBeUndefined();
  });

  // issue 26: Apollo Client adds `__typename` to every selection; the documented full page must still fit
  test('meta fields cost nothing: the studio page with __typename everywhere costs the same, accepted at 500, refused past the limit', async ({
    hub,
  }) => {
    const typed = (text: string) => print(addTypenameToDocument(parse(text)));
    expect(operationCost(api, typed(studioPage), { first: 500 })).toBe(operationCost(api, studioPage, { first: 500 }));
    const page = await hub.query(typed(studioPage), { within: '410000', first: 500, year: 2025 });
    expect(page.errors).toBeUndefined();
    expect(page.data.studios.edges[0].node.__typename).toBe('Studio');
    const { errors } = await hub.query(typed(twoPages('500')), { y: 2025 });
    expectRefusal({ errors }, 'OPERATION_LIMIT_EXCEEDED');
  });

  test(`two such pages of 300 (cost ${operationCost(api, twoPages('300'))}) pass, two of 500 (${operationCost(api, twoPages('500'))}) are refused, inline or as variables`, async ({
    hub,
  }) => {
    expect((await hub.query(twoPages('300'), { y: 2025 })).errors).toBeUndefined();
    for (const [query, variables] of [
      [twoPages('500'), { y: 2025 }],
      [twoPages('$n').replace('($y: Int!)', '($y: Int!, $n: Int!)'), { y: 2025, n: 500 }],
    ] as const) {
      const { data, errors } = await hub.query(query, variables);
      expect(data).toBeUndefined();
      expectRefusal({ errors }, 'OPERATION_LIMIT_EXCEEDED');
      expect(errors![0]!.message).toContain('开销过大');
    }
  });

  test('refuses batched HTTP requests', async ({ hub }) => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await hub.token({ level: 'PROVINCE', region: '410000' })}`,
      },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
  });
});

describe('error masking', () => {
  const internal = { message: 'relation "studio" does not exist', extensions: { code: 'INTERNAL_SERVER_ERROR' } };

  it('hides internal details outside development and logs them under an id the message quotes', () => {
    const logged: Record<string, unknown>[] = [];
    const masked = formatError(false, (line, fields) => logged.push({ line, ...fields }))(internal, new Error(internal.message));
    expect(masked.message).not.toContain('relation');
    expect(masked.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(masked.message).toContain(String(masked.extensions!.errorId));
    expect(logged[0]!.error).toContain('relation "studio" does not exist');
    expect(logged[0]!.errorId).toBe(masked.extensions!.errorId);
    expect(logged[0]!.line).toContain(String(masked.extensions!.errorId));
  });

  it('passes errors meant for users, and everything in development', () => {
    const forbidden = { message: '无权查看', extensions: { code: 'FORBIDDEN' } };
    expect(formatError(false)(forbidden, null)).toBe(forbidden);
    expect(formatError(true)(internal, null)).toBe(internal);
  });
});
