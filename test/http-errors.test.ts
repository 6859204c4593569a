import { send } from '../scripts/fuzz.ts';
import { LIMITS } from '../gateway/limits.ts';
import { describe, expect, test, type TestHub, expectRefusal } from './support/hub.ts';

// GraphQL over HTTP: a request the gateway cannot take is the client's mistake, a 4xx with a Chinese message and a
// stable code, never a 500 or a dropped connection

async function post(hub: TestHub, body: string | Buffer, headers: Record<string, string> = {}) {
  return send(hub.url, {
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${await hub.token({ level: 'PROVINCE', region: '410000' })}`,
      ...headers,
    },
    body,
  });
}

function refusal(answer: { status: number; text: string }, status: number, code: string) {
  expect(answer.status, answer.text).toBe(status);
  expectRefusal(JSON.parse(answer.text), code);
}

const json = (value: unknown) => JSON.stringify(value);

describe('malformed requests are a 4xx with a Chinese message and a code', () => {
  test('a syntax error is 400 GRAPHQL_PARSE_FAILED', async ({ hub }) => {
    refusal(await post(hub, json({ query: '{ region(code: ) }' })), 400, 'GRAPHQL_PARSE_FAILED');
    refusal(await post(hub, json({ query: 'Q)%' })), 400, 'GRAPHQL_PARSE_FAILED');
  });

  test('a field the schema lacks is 400 GRAPHQL_VALIDATION_FAILED', async ({ hub }) => {
    refusal(await post(hub, json({ query: '{ nope }' })), 400, 'GRAPHQL_VALIDATION_FAILED');
  });

  test(`an operation over ${LIMITS.tokens} tokens is 400 OPERATION_LIMIT_EXCEEDED`, async ({ hub }) => {
    refusal(await post(hub, json({ query: `{ ${'__typename '.repeat(LIMITS.tokens + 1)}}` })), 400, 'OPERATION_LIMIT_EXCEEDED');
  });

  test('an unknown or missing operationName is 400 OPERATION_RESOLUTION_FAILURE', async ({ hub }) => {
    const two = 'query A { __typename } query B { __typename }';
    refusal(await post(hub, json({ query: two, operationName: 'C' })), 400, 'OPERATION_RESOLUTION_FAILURE');
    refusal(await post(hub, json({ query: two })), 400, 'OPERATION_RESOLUTION_FAILURE');
    expect((await post(hub, json({ query: two, operationName: 'B' }))).status).toBe(200);
  });

  test('a subscription is 400 OPERATION_NOT_SUPPORTED', async ({ hub }) => {
    refusal(await post(hub, json({ query: 'subscription { __typename }' })), 400, 'OPERATION_NOT_SUPPORTED');
  });

  test('a body over 1 MB is 413 PAYLOAD_TOO_LARGE, not a dropped connection', async ({ hub }) => {
    const huge = json({ query: '{ __typename }', variables: { x: 'x'.repeat(3 * 1024 * 1024) } });
    refusal(await post(hub, huge), 413, 'PAYLOAD_TOO_LARGE');
    // and the gateway goes on answering
    expect((await post(hub, json({ query: '{ __typename }' }))).status).toBe(200);
  });

  test('a body that is not JSON, or not sent as JSON, is 400 BAD_REQUEST or 415 UNSUPPORTED_MEDIA_TYPE', async ({ hub }) => {
    refusal(await post(hub, '{"query":'), 400, 'BAD_REQUEST');
    refusal(await post(hub, Buffer.from([0xff, 0x00, 0x7b])), 400, 'BAD_REQUEST');
    refusal(await post(hub, json({ query: '{ __typename }' }), { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    refusal(
      await post(hub, 'query={__typename}', { 'content-type': 'application/x-www-form-urlencoded' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  test('a request of the wrong shape is 400 BAD_REQUEST', async ({ hub }) => {
    for (const body of [{}, { query: 1 }, { query: '{ __typename }', variables: 'x' }, [{ query: '{ __typename }' }], 'x'])
      refusal(await post(hub, json(body)), 400, 'BAD_REQUEST');
  });

  test('a variable of the wrong type is 400 BAD_USER_INPUT', async ({ hub }) => {
    const query = 'query ($v: Int!) { studios(within: "410000", first: $v) { totalCount } }';
    refusal(await post(hub, json({ query, variables: { v: 'abc' } })), 400, 'BAD_USER_INPUT');
  });

  test('a method other than GET or POST is 405 METHOD_NOT_ALLOWED', async ({ hub }) => {
    const answer = await send(hub.url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{}' });
    refusal(answer, 405, 'METHOD_NOT_ALLOWED');
  });
});
