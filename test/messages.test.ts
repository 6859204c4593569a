import { send } from '../scripts/fuzz.ts';
import { LIMITS } from '../gateway/limits.ts';
import { chineseMessage } from '../lib/graphql/messages.ts';
import { describe, expect, test, type TestHub, PROVINCE_ADMIN, expectRefusal, type Refusal } from './support/hub.ts';

// Every message a user reads is Chinese, with a stable extensions.code; the framework's English original stays in
// extensions.detail for developers (issue 14: CSRF, syntax, coercion, validation, [Suggestion hidden], limits,
// persisted queries, HTTP refusals).

async function post(hub: TestHub, body: unknown, headers: Record<string, string> = {}) {
  const answer = await send(hub.url, {
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await hub.token(PROVINCE_ADMIN)}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: answer.status, ...(JSON.parse(answer.text) as { data?: unknown; errors?: Refusal[] }) };
}

describe('English framework messages in Chinese (lib/graphql/messages.ts)', () => {
  test.each([
    ['GRAPHQL_PARSE_FAILED', 'Syntax Error: Expected Name, found ")".', '查询语法错误：此处应为 Name，实际为 ")"'],
    ['GRAPHQL_PARSE_FAILED', 'Syntax Error: Unterminated string.', '查询语法错误：字符串缺少结尾的引号'],
    ['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nope" on type "Query". [Suggestion hidden]', '类型 Query 没有字段“nope”'],
    ['GRAPHQL_VALIDATION_FAILED', 'Cannot query field "nam" on type "Region". Did you mean "name"?', '类型 Region 没有字段“nam”'],
    ['GRAPHQL_VALIDATION_FAILED', 'Unknown argument "x" on field "Query.region".', '字段 Query.region 没有参数“x”'],
    [
      'GRAPHQL_VALIDATION_FAILED',
      'Field "region" argument "code" of type "ID!" is required, but it was not provided.',
      '字段 region 缺少必填参数 code（ID!）',
    ],
    ['BAD_USER_INPUT', 'Variable "$v" of required type "Int!" was not provided.', '缺少必填变量 $v（Int!）'],
    [
      'BAD_USER_INPUT',
      'Variable "$v" got invalid value "abc"; Int cannot represent non-integer value: "abc"',
      '变量 $v 的值 "abc" 无效：应为数字',
    ],
    [
      'BAD_USER_INPUT',
      'Variable "$m" got invalid value "1.234"; 金额最多两位小数',
      '变量 $m 的值 "1.234" 无效：金额最多两位小数',
    ],
    [
      'BAD_USER_INPUT',
      'Variable "$input" got invalid value "KINDERGARTEN" at "input.stage"; Value "KINDERGARTEN" does not exist in "Stage" enum.',
      '变量 $input 中 input.stage 的值 "KINDERGARTEN" 无效：不是 Stage 的可选值',
    ],
    ['PERSISTED_QUERY_NOT_FOUND', 'PersistedQueryNotFound', '没有找到这个持久化查询（persisted query）：请随请求发送查询全文'],
  ])('%s: %s', (code, english, chinese) => {
    expect(chineseMessage(code, english)).toBe(chinese);
  });

  test('leaves the hub’s own Chinese messages alone, and says something Chinese for English it does not know', () => {
    expect(chineseMessage('BAD_USER_INPUT', '行政区划代码“41”无效')).toBeNull();
    expect(chineseMessage('NOT_FOUND', 'whatever')).toBeNull();
    expect(chineseMessage('GRAPHQL_VALIDATION_FAILED', 'Some future rule said no.')).toBe('查询与接口定义不符');
  });
});

describe('at the gateway, each family: refused in Chinese with the English in detail, and the right request answered', () => {
  test('CSRF prevention: a GET without a preflight header is refused; with one it runs', async ({ hub }) => {
    const token = `Bearer ${await hub.token(PROVINCE_ADMIN)}`;
    const path = `/graphql?query=${encodeURIComponent('{ __typename }')}`;
    const refused = await send(hub.url, { method: 'GET', path, headers: { authorization: token } });
    expect(refused.status).toBe(400);
    const error = expectRefusal({ errors: JSON.parse(refused.text).errors }, 'BAD_REQUEST', {
      detail: expect.stringMatching(/Cross-Site Request Forgery/),
    });
    expect(error.message).toContain('跨站请求伪造');
    const ran = await send(hub.url, {
      method: 'GET',
      path,
      headers: { authorization: token, 'apollo-require-preflight': 'true' },
    });
    expect(JSON.parse(ran.text)).toEqual({ data: { __typename: 'Query' } });
  });

  test('a syntax error names the line and column; the fixed query runs', async ({ hub }) => {
    const refused = await post(hub, { query: '{ region(code: ) { name } }' });
    expect(refused.status).toBe(400);
    const error = expectRefusal({ errors: refused.errors }, 'GRAPHQL_PARSE_FAILED', {
      detail: expect.stringMatching(/^Syntax Error: Unexpected "\)"/),
    });
    expect(error.message).toBe('查询语法错误：此处不应出现 ")"（第 1 行第 16 列）');
    expect((await post(hub, { query: '{ region(code: "410000") { name } }' })).data).toEqual({ region: { name: '河南省' } });
  });

  test('an unknown field says so without "[Suggestion hidden]"; the field spelt right runs', async ({ hub }) => {
    const refused = await post(hub, { query: '{ region(code: "410000") { nam } }' });
    const error = expectRefusal({ errors: refused.errors }, 'GRAPHQL_VALIDATION_FAILED', {
      detail: expect.stringMatching(/Cannot query field "nam" on type "Region"/),
    });
    expect(error.message).toBe('类型 Region 没有字段“nam”');
    expect(JSON.stringify(refused)).not.toMatch(/Did you mean/);
    expect((await post(hub, { query: '{ region(code: "410000") { name } }' })).errors).toBeUndefined();
  });

  test('an enum value the schema lacks is named; a real one runs', async ({ hub }) => {
    const refused = await post(hub, { query: '{ regions(level: TOWN) { code } }' });
    expect(
      expectRefusal({ errors: refused.errors }, 'GRAPHQL_VALIDATION_FAILED', {
        detail: expect.stringMatching(/does not exist in "Level" enum/),
      }).message,
    ).toBe('“TOWN”不是 Level 的可选值');
    expect((await post(hub, { query: '{ regions(level: PROVINCE) { code } }' })).errors).toBeUndefined();
  });

  test('an unknown or missing argument is named', async ({ hub }) => {
    const unknown = await post(hub, { query: '{ region(code: "410000", x: 1) { name } }' });
    expect(
      expectRefusal({ errors: unknown.errors }, 'GRAPHQL_VALIDATION_FAILED', {
        detail: expect.stringMatching(/Unknown argument "x"/),
      }).message,
    ).toBe('字段 Query.region 没有参数“x”');
    const missing = await post(hub, { query: '{ region { name } }' });
    expect(
      expectRefusal({ errors: missing.errors }, 'GRAPHQL_VALIDATION_FAILED', { detail: expect.stringMatching(/argument "code"/) })
        .message,
    ).toBe('字段 region 缺少必填参数 code（ID!）');
  });

  test('a variable of the wrong type or left out is BAD_USER_INPUT naming it; the right value runs', async ({ hub }) => {
    const query = 'query ($v: Int!) { studios(within: "410000", first: $v) { totalCount } }';
    const wrong = await post(hub, { query, variables: { v: 'abc' } });
    expect(wrong.status).toBe(400);
    expect(
      expectRefusal({ errors: wrong.errors }, 'BAD_USER_INPUT', { detail: expect.stringMatching(/Int cannot represent/) })
        .message,
    ).toBe('变量 $v 的值 "abc" 无效：应为数字');
    const absent = await post(hub, { query });
    expect(
      expectRefusal({ errors: absent.errors }, 'BAD_USER_INPUT', { detail: expect.stringMatching(/was not provided/) }).message,
    ).toBe('缺少必填变量 $v（Int!）');
    expect((await post(hub, { query, variables: { v: 1 } })).errors).toBeUndefined();
  });

  test(`depth and cost limits: Chinese, with graphql-armor's words in detail (depth ${LIMITS.depth} passes)`, async ({ hub }) => {
    const nested = (depth: number) =>
      `{ region(code: "410422") { ${'parent { '.repeat(depth - 2)}code${' }'.repeat(depth - 2)} } }`;
    expect((await post(hub, { query: nested(LIMITS.depth) })).errors).toBeUndefined();
    const deep = await post(hub, { query: nested(LIMITS.depth + 1) });
    expect(
      expectRefusal({ errors: deep.errors }, 'OPERATION_LIMIT_EXCEEDED', { detail: expect.stringMatching(/depth/i) }).message,
    ).toBe(`查询嵌套过深（最多 ${LIMITS.depth} 层）`);
    const level = (depth: number): string =>
      depth === 0 ? 'code name level' : `code name children { ${level(depth - 1)} } descendants { ${level(depth - 1)} }`;
    const costly = await post(hub, { query: `{ region(code: "410000") { ${level(7)} } }` });
    expect(
      expectRefusal({ errors: costly.errors }, 'OPERATION_LIMIT_EXCEEDED', { detail: expect.stringMatching(/cost/i) }).message,
    ).toContain('查询开销过大');
    const tokens = await post(hub, { query: `{ ${'__typename '.repeat(LIMITS.tokens + 1)}}` });
    expect(
      expectRefusal({ errors: tokens.errors }, 'OPERATION_LIMIT_EXCEEDED', { detail: expect.stringMatching(/tokens/) }).message,
    ).toContain('查询过长');
  });

  test('a persisted query the gateway has not seen is asked for in full; sent with its text it runs', async ({ hub }) => {
    const persistedQuery = { version: 1, sha256Hash: 'ecf4edb46db40b5132295c0291d62fb65d6759a9eedfa4d5d612dd5ec54a6b38' };
    const unknown = await post(hub, { extensions: { persistedQuery } });
    expectRefusal({ errors: unknown.errors }, 'PERSISTED_QUERY_NOT_FOUND', {
      detail: expect.stringMatching(/^PersistedQueryNotFound$/),
    });
    const wrongHash = await post(hub, { query: '{ __typename }', extensions: { persistedQuery } });
    expect(wrongHash.status).toBe(400);
    expect(
      expectRefusal({ errors: wrongHash.errors }, 'BAD_REQUEST', {
        detail: expect.stringMatching(/provided sha does not match query/),
      }).message,
    ).toBe('持久化查询的哈希与查询全文不符');
    const version = await post(hub, {
      query: '{ __typename }',
      extensions: { persistedQuery: { ...persistedQuery, version: 2 } },
    });
    expectRefusal({ errors: version.errors }, 'BAD_REQUEST', {
      detail: expect.stringMatching(/Unsupported persisted query version/),
    });
    expect((await post(hub, { query: '{ __typename }' })).data).toEqual({ __typename: 'Query' });
  });

  test('HTTP refusals (404, 405, 413, 415, 400) carry a Chinese message, a code and an English detail', async ({ hub }) => {
    const cases: [Promise<{ status: number; text: string }>, number, string][] = [
      [send(hub.url, { method: 'GET', path: '/nowhere' }), 404, 'NOT_FOUND'],
      [send(hub.url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' }), 405, 'METHOD_NOT_ALLOWED'],
      [
        send(hub.url, { headers: { 'content-type': 'application/json' }, body: 'x'.repeat(1024 * 1024 + 1) }),
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [send(hub.url, { headers: { 'content-type': 'text/plain' }, body: '{}' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [send(hub.url, { headers: { 'content-type': 'application/json' }, body: '{"query":' }), 400, 'BAD_REQUEST'],
    ];
    for (const [answer, status, code] of cases) {
      const { status: got, text } = await answer;
      expect(got, text).toBe(status);
      expectRefusal({ errors: JSON.parse(text).errors }, code, { detail: expect.stringMatching(/[a-z]/) });
    }
    expect((await send(hub.url, { method: 'GET', path: '/health' })).status).toBe(200);
  });
});

describe('at a subgraph’s edge (as the gateway calls it)', () => {
  test('syntax, validation and coercion errors are Chinese with the English in detail; a good query answers', async ({ hub }) => {
    const syntax = await hub.subgraphQuery('personnel', '{ region(code: ) { name } }', {}, PROVINCE_ADMIN);
    expectRefusal({ errors: syntax.errors as Refusal[] }, 'GRAPHQL_PARSE_FAILED', {
      detail: expect.stringMatching(/^Syntax Error/),
    });
    const field = await hub.subgraphQuery('personnel', '{ region(code: "410000") { nam } }', {}, PROVINCE_ADMIN);
    expect(
      expectRefusal({ errors: field.errors as Refusal[] }, 'GRAPHQL_VALIDATION_FAILED', {
        detail: expect.stringMatching(/Cannot query field/),
      }).message,
    ).toBe('类型 Region 没有字段“nam”');
    const coerced = await hub.subgraphQuery(
      'personnel',
      'query ($c: ID!) { region(code: $c) { name } }',
      { c: true },
      PROVINCE_ADMIN,
    );
    expect(
      expectRefusal({ errors: coerced.errors as Refusal[] }, 'BAD_USER_INPUT', {
        detail: expect.stringMatching(/ID cannot represent/),
      }).message,
    ).toBe('变量 $c 的值 true 无效：类型不对');
    const ok = await hub.subgraphQuery('personnel', '{ region(code: "410000") { name } }', {}, PROVINCE_ADMIN);
    expect(ok).toEqual({ data: { region: { name: '河南省' } } });
  });
});
