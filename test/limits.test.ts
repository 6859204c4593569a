import { describe, expect, it } from 'vitest';
import { LIMITS } from '../gateway/limits.ts';
import { formatError } from '../lib/errors.ts';
import { test } from './support/hub.ts';

/** `region { children { children … { code } } } }`: `depth` levels of fields in all. */
const nested = (depth: number) =>
  `{ region(code: "410000") { ${'children { '.repeat(depth - 2)}code${' }'.repeat(depth - 2)} } }`;
const aliased = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `r${i}: region(code: "410000") { code }`).join(' ')} }`;
/** `query (\$v0: Int …) { t: __typename }`: 8 tokens and 4 a variable; `named` adds one (the operation's name). */
const long = (variables: number, named = false) =>
  `query ${named ? 'Long ' : ''}(${Array.from({ length: variables }, (_, i) => `$v${i}: Int`).join(' ')}) { t: __typename }`;

describe('operation limits (graphql-armor at the gateway)', () => {
  test(`accepts ${LIMITS.depth} levels of nesting and refuses ${LIMITS.depth + 1}`, async ({ hub }) => {
    expect((await hub.query(nested(LIMITS.depth))).errors).toBeUndefined();
    const { data, errors } = await hub.query(nested(LIMITS.depth + 1));
    expect(data).toBeUndefined();
    expect(errors![0]!.extensions!.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(errors![0]!.message).toContain('嵌套过深');
  });

  test(`accepts ${LIMITS.aliases} aliases and refuses ${LIMITS.aliases + 1}`, async ({ hub }) => {
    expect((await hub.query(aliased(LIMITS.aliases))).errors).toBeUndefined();
    const { errors } = await hub.query(aliased(LIMITS.aliases + 1));
    expect(errors![0]!.extensions!.code).toBe('OPERATION_LIMIT_EXCEEDED');
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
    expect(errors![0]!.extensions!.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(errors![0]!.message).toContain('查询过长');
  });

  test('refuses a selection too costly to validate with the same clear code', async ({ hub }) => {
    const { errors } = await hub.query(`{ region(code: "410000") { ${'code '.repeat(2000)}} }`);
    expect(errors![0]!.extensions!.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(errors![0]!.message).toContain('过于复杂');
  });

  test(`refuses an operation whose cost passes ${LIMITS.cost}`, async ({ hub }) => {
    // wide and deep at once: every level multiplies the cost of what lies below it
    const level = (depth: number): string =>
      depth === 0 ? 'code name level' : `code name children { ${level(depth - 1)} } descendants { ${level(depth - 1)} }`;
    const { errors } = await hub.query(`{ region(code: "410000") { ${level(7)} } }`);
    expect(errors![0]!.extensions!.code).toBe('OPERATION_LIMIT_EXCEEDED');
    expect(errors![0]!.message).toContain('开销过大');
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
    const logged: string[] = [];
    const masked = formatError(false, (line) => logged.push(line))(internal, new Error(internal.message));
    expect(masked.message).not.toContain('relation');
    expect(masked.extensions!.code).toBe('INTERNAL_SERVER_ERROR');
    expect(masked.message).toContain(String(masked.extensions!.errorId));
    expect(logged[0]).toContain('relation "studio" does not exist');
    expect(logged[0]).toContain(String(masked.extensions!.errorId));
  });

  it('passes errors meant for users, and everything in development', () => {
    const forbidden = { message: '无权查看', extensions: { code: 'FORBIDDEN' } };
    expect(formatError(false)(forbidden, null)).toBe(forbidden);
    expect(formatError(true)(internal, null)).toBe(internal);
  });
});
