/**
 * Fuzzes a hub of its own, on loopback, with random VALID operations built from the API schema (random fields,
 * arguments of the right types with values at the edges: odd ids, impossible dates, huge numbers, NUL bytes…) and
 * random MALFORMED requests (bad JSON, wrong content types, huge bodies, wrong variable types, garbage queries).
 * It counts what must never happen: INTERNAL_SERVER_ERROR, a 5xx, a dropped connection.
 *   npm run fuzz -- [--valid 10000] [--malformed 10000] [--seed 1] [--verbose]
 * `test/fuzz.test.ts` runs a short version inside `npm test`.
 */
import { composeCommand } from './compose-command.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { parseArgs } from 'node:util';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { SUPERGRAPH_PATH } from '../schema/compose.ts';

/** A small, seedable generator (mulberry32), so a failing run can be repeated. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)]!, chance: (p: number) => next() < p };
}
type Random = ReturnType<typeof random>;

/** The schema clients see, built by this module's graphql (a test runner may load a second copy for federation's). */
export function apiSchema(): GraphQLSchema {
  return buildSchema(printSchema(Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema()));
}

const REGION_CODES = ['410000', '410400', '410422', '410102', '110000', '999999', '000000', '4104', '41042a'];
const EDGE_STRINGS = [
  '',
  ' ',
  'x',
  '0',
  '-1',
  'null',
  '2026-02-30',
  '2026-13-01',
  '2025-09-01',
  '0000-01-01',
  '9999-12-31',
  '2026-1-1',
  '2025-2026-1',
  '2025',
  '第一批',
  '叶县第一初级中学',
  'a\u0000b',
  '\u0000',
  '\u0007\u001b',
  '\ud800',
  '😀',
  '=HYPERLINK("http://example.com","点此")',
  '+1',
  '@SUM(A1)',
  "'; drop table studio; --",
  '%',
  '_',
  '\\',
  '"quoted"',
  '<script>',
  'x'.repeat(300),
  '名'.repeat(5000),
];
const EDGE_DATETIMES = [
  '2026-11-22T08:00:00.000Z',
  '2026-11-22T08:00:00Z',
  '2026-11-22',
  '2026-02-30T00:00:00Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '0000-01-01T00:00:00Z',
  '1970-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  'yesterday',
  '1',
  '',
];
const EDGE_MONEY = ['0', '0.00', '80000.00', '1', '-1', '-0.01', '0.001', '1e5', '99999999999999999999', 'abc', '', '１２'];
const EDGE_INTS = [0, 1, -1, 2, 10, 50, 200, 201, 1999, 2000, 2025, 2026, 2100, 2101, 2147483647, -2147483648];
/** Numbers past every page size and limit the API has, and at its edges. */
const OUT_OF_RANGE_INTS = [0, -1, 500, 501, 716, 5000, 2147483647, -2147483648];

export interface Pools {
  ids: string[];
}

function randomUuid(r: Random): string {
  const hex = () => r.int(16).toString(16);
  return Array.from({ length: 36 }, (_, i) => ([8, 13, 18, 23].includes(i) ? '-' : hex())).join('');
}

function randomString(r: Random): string {
  if (r.chance(0.7)) return r.pick(EDGE_STRINGS);
  const length = r.int(40);
  return Array.from({ length }, () => String.fromCodePoint(r.chance(0.5) ? 32 + r.int(95) : r.int(0x3000) + 0x4e00)).join('');
}

/** A value that is plausibly right for an argument, so that a good share of operations reach the resolvers. */
function saneValue(type: GraphQLNamedType, name: string, r: Random, pools: Pools): unknown {
  switch (type.name) {
    case 'Int':
      return /year/i.test(name) ? 2023 + r.int(5) : /version/i.test(name) ? r.int(4) : 1 + r.int(50);
    case 'DateTime':
      return new Date(Date.UTC(2020 + r.int(7), r.int(12), 1 + r.int(28))).toISOString();
    case 'Money':
      return `${r.int(100000)}.${String(r.int(100)).padStart(2, '0')}`;
    case 'ID':
      if (/code|within|region/i.test(name)) return r.pick(REGION_CODES.slice(0, 4));
      if (/policy/i.test(name)) return r.pick(['000-pingdingshan', '001-wujin', '003-shenzhen-2', '004-shijiazhuang']);
      return pools.ids.length ? r.pick(pools.ids) : randomUuid(r);
    default:
      if (/On$|^(from|to|asOf|deadline)$/.test(name)) return `202${r.int(7)}-0${1 + r.int(9)}-${10 + r.int(18)}`;
      if (/semester/i.test(name)) return `${2023 + r.int(4)}-${2024 + r.int(4)}-${1 + r.int(2)}`;
      if (/batch/i.test(name)) return r.pick(['第一批', '2026年', '2025年']);
      return r.pick(['叶县', '培训', '工作需要', '一级教师', '语文', '优秀班主任']);
  }
}

function leafValue(type: GraphQLNamedType, name: string, r: Random, pools: Pools): unknown {
  if (isEnumType(type)) return r.pick(type.getValues()).value;
  if (type.name === 'Boolean') return r.chance(0.5);
  if (type.name === 'Float') return r.next() * 1e6;
  // mostly plausible, else at the edges
  if (r.chance(0.6)) return saneValue(type, name, r, pools);
  switch (type.name) {
    case 'Int':
      return r.chance(0.7) ? r.pick(EDGE_INTS) : r.int(2 ** 31) * (r.chance(0.2) ? -1 : 1);
    case 'DateTime':
      return r.pick(EDGE_DATETIMES);
    case 'Money':
      return r.pick(EDGE_MONEY);
    case 'ID': {
      const roll = r.next();
      if (roll < 0.3) return r.pick(REGION_CODES);
      if (roll < 0.5) return randomUuid(r);
      return randomString(r);
    }
    default:
      return randomString(r);
  }
}

function inputValue(type: GraphQLInputType, name: string, r: Random, pools: Pools, depth = 0, nullable = true): unknown {
  if (isNonNullType(type)) return inputValue(type.ofType, name, r, pools, depth, false);
  if (nullable && r.chance(0.05)) return null;
  if (isListType(type)) return Array.from({ length: r.int(4) }, () => inputValue(type.ofType, name, r, pools, depth + 1));
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) || r.chance(0.5)) value[field.name] = inputValue(field.type, field.name, r, pools, depth + 1);
    }
    return value;
  }
  return leafValue(type as GraphQLNamedType, name, r, pools);
}

/** A GraphQL literal for a value of a type (inline arguments, as a hand-written query has them). */
function literal(type: GraphQLInputType, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (isNonNullType(type)) return literal(type.ofType, value);
  if (isListType(type)) return `[${(value as unknown[]).map((v) => literal(type.ofType, v)).join(', ')}]`;
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}: ${literal(fields[k]!.type, v)}`)
      .join(', ')} }`;
  }
  if (isEnumType(type)) return String(value);
  // a GraphQL string cannot hold a lone surrogate (a variable can)
  return JSON.stringify(typeof value === 'string' ? value.toWellFormed() : value);
}

interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

/** One random operation that passes validation: a root field, its arguments, a small selection below it. */
export function randomOperation(schema: GraphQLSchema, r: Random, pools: Pools): Operation {
  const root = r.chance(0.65) ? schema.getQueryType()! : schema.getMutationType()!;
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const args = (field: GraphQLField<unknown, unknown>) => {
    const given = field.args.filter((a) => isNonNullType(a.type) || r.chance(0.4));
    if (!given.length) return '';
    return `(${given
      .map((a) => {
        const value = inputValue(a.type, a.name, r, pools);
        if (r.chance(0.3)) return `${a.name}: ${literal(a.type, value)}`;
        const variable = `v${declarations.length}`;
        declarations.push(`$${variable}: ${String(a.type)}`);
        variables[variable] = value;
        return `${a.name}: $${variable}`;
      })
      .join(', ')})`;
  };
  const selection = (type: GraphQLObjectType, depth: number): string => {
    const fields = Object.values(type.getFields()).filter((f) => !f.name.startsWith('_'));
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)));
    const chosen = new Set<GraphQLField<unknown, unknown>>([leaves.length ? r.pick(leaves) : r.pick(fields)]);
    for (let i = r.int(depth >= 3 ? 2 : 4); i > 0; i--) chosen.add(r.pick(fields));
    return `{ ${[...chosen].map((f) => fieldText(f, depth + 1)).join(' ')} }`;
  };
  const fieldText = (field: GraphQLField<unknown, unknown>, depth: number): string => {
    const type = getNamedType(field.type);
    const head = `${field.name}${args(field)}`;
    if (isLeafType(type)) return head;
    if (depth >= 4) return `${head} { __typename }`;
    if (isObjectType(type)) return `${head} ${selection(type, depth)}`;
    if (isUnionType(type) || isInterfaceType(type)) {
      const members = isUnionType(type) ? type.getTypes() : schema.getPossibleTypes(type);
      const member = r.pick(members);
      return `${head} { __typename ... on ${member.name} ${selection(member, depth)} }`;
    }
    return `${head} { __typename }`;
  };
  const field = r.pick(Object.values(root.getFields()).filter((f) => !f.name.startsWith('_')));
  const body = fieldText(field, 1);
  const kind = root === schema.getQueryType() ? 'query' : 'mutation';
  return { query: `${kind}${declarations.length ? ` (${declarations.join(', ')})` : ''} { ${body} }`, variables };
}

/**
 * One random query that walks DOWN the graph: from a root field through the object and list fields below it
 * (`policies.issuingRegion.studioChangesConnection`, `studio.region.children…`), five or six levels deep, giving
 * arguments at every level and out-of-range numbers half the time (first: 0, 716, -1…), so that an error raised
 * deep inside a list, or behind an entity fetch, is tried on every path.
 */
function nestedOperation(schema: GraphQLSchema, r: Random, pools: Pools): Operation {
  const variables: Record<string, unknown> = {};
  const declarations: string[] = [];
  const argument = (a: GraphQLField<unknown, unknown>['args'][number]): string => {
    const named = getNamedType(a.type);
    const value = named.name === 'Int' && r.chance(0.3) ? r.pick(OUT_OF_RANGE_INTS) : inputValue(a.type, a.name, r, pools);
    if (r.chance(0.5)) return `${a.name}: ${literal(a.type, value)}`;
    const variable = `v${declarations.length}`;
    declarations.push(`$${variable}: ${String(a.type)}`);
    variables[variable] = value;
    return `${a.name}: $${variable}`;
  };
  const args = (field: GraphQLField<unknown, unknown>) => {
    const given = field.args.filter((a) => isNonNullType(a.type) || r.chance(0.6));
    return given.length ? `(${given.map(argument).join(', ')})` : '';
  };
  const walk = (type: GraphQLObjectType, depth: number): string => {
    const fields = Object.values(type.getFields()).filter((f) => !f.name.startsWith('_'));
    const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)) && f.args.every((a) => !isNonNullType(a.type)));
    const objects = fields.filter((f) => isObjectType(getNamedType(f.type)));
    const parts = [leaves.length ? r.pick(leaves).name : '__typename'];
    if (depth < 6 && objects.length) {
      // fields with arguments and lists first: that is where a page size or a filter can go wrong
      const weighted = objects.flatMap((f) => (f.args.length ? [f, f, f] : isListType(getNullable(f.type)) ? [f, f] : [f]));
      for (let i = 1 + r.int(2); i > 0; i--) {
        const field = r.pick(weighted);
        parts.push(`${field.name}${args(field)} ${walk(getNamedType(field.type) as GraphQLObjectType, depth + 1)}`);
      }
    }
    return `{ ${parts.join(' ')} }`;
  };
  const query = schema.getQueryType()!;
  const roots = Object.values(query.getFields()).filter((f) => !f.name.startsWith('_') && isObjectType(getNamedType(f.type)));
  const root = r.pick(roots);
  const body = `${root.name}${args(root)} ${walk(getNamedType(root.type) as GraphQLObjectType, 1)}`;
  return { query: `query${declarations.length ? ` (${declarations.join(', ')})` : ''} { ${body} }`, variables };
}
const getNullable = (type: GraphQLOutputType) => (isNonNullType(type) ? type.ofType : type);

export interface Answer {
  status: number;
  text: string;
}

/** One raw HTTP request, so that malformed ones go out exactly as written; status 0 means the connection dropped. */
export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer | string; path?: string },
): Promise<Answer> {
  const target = new URL(options.path ?? '/graphql', url);
  return new Promise((resolve) => {
    const req = httpRequest(
      target,
      { method: options.method ?? 'POST', headers: options.headers, agent: false, timeout: 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', () => resolve({ status: 0, text: 'response aborted' }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => resolve({ status: 0, text: error.message }));
    req.end(options.body);
  });
}

/** Malformed requests, by class: each returns what to send. */
function malformedRequest(
  r: Random,
  token: string,
): { kind: string; method?: string; headers: Record<string, string>; body?: Buffer | string; path?: string } {
  const json = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const kind = r.pick([
    'bad-json',
    'content-type',
    'huge-body',
    'variable-type',
    'garbage-query',
    'query-shape',
    'operation-name',
    'subscription',
    'batched',
    'token-limit',
    'get',
    'method',
    'bad-utf8',
    'no-token',
  ] as const);
  const small = () => JSON.stringify({ query: '{ __typename }' });
  switch (kind) {
    case 'bad-json': {
      const text = r.pick([
        '{',
        '{"query":',
        '{"query":"{ __typename }"',
        'nul',
        '[',
        '"',
        '{"query": 1,}',
        small().slice(0, r.int(20)),
      ]);
      return {
        kind,
        headers: json,
        body: r.chance(0.5) ? text : Buffer.from(Array.from({ length: r.int(200) }, () => r.int(256))),
      };
    }
    case 'content-type':
      return {
        kind,
        headers: {
          authorization: json.authorization,
          ...(r.chance(0.8)
            ? {
                'content-type': r.pick([
                  'text/plain',
                  'application/x-www-form-urlencoded',
                  'multipart/form-data; boundary=x',
                  'application/xml',
                  'application/graphql',
                  'application/jsonx',
                  '*/*',
                ]),
              }
            : {}),
        },
        body: r.chance(0.5) ? small() : 'query={__typename}',
      };
    case 'huge-body': {
      const size = 1024 * 1024 + 1 + r.int(3 * 1024 * 1024);
      return { kind, headers: json, body: JSON.stringify({ query: `{ __typename }`, variables: { x: 'x'.repeat(size) } }) };
    }
    case 'variable-type': {
      const [declared, value] = r.pick<[string, unknown]>([
        ['Int!', 'abc'],
        ['Int!', 1.5],
        ['Int!', 2 ** 40],
        ['ID!', { a: 1 }],
        ['ID!', null],
        ['Level!', 'NOWHERE'],
        ['Int', [1, 2]],
        ['ID!', true],
      ]);
      const query = declared.startsWith('Level')
        ? 'query ($v: Level!) { regions(level: $v) { code } }'
        : declared.startsWith('ID')
          ? `query ($v: ${declared}) { region(code: $v) { code } }`
          : `query ($v: ${declared}) { studios(within: "410000", first: $v) { totalCount } }`;
      return {
        kind,
        headers: json,
        body: JSON.stringify({ query, variables: r.chance(0.8) ? { v: value } : r.pick(['x', 1, [1], null]) }),
      };
    }
    case 'garbage-query': {
      const query = r.pick([
        '{',
        '}',
        'query',
        '{ region(code: ) }',
        '{ nope }',
        'fragment x on Query { __typename }',
        '{ __typename @nope }',
        'query { region(code: "410000") { code } } query { __typename }',
        '\u0000',
        '{ region(code: "410000") { code ... on Studio { id } } }',
        Array.from({ length: r.int(60) }, () => String.fromCharCode(32 + r.int(95))).join(''),
      ]);
      return { kind, headers: json, body: JSON.stringify({ query }) };
    }
    case 'query-shape':
      return {
        kind,
        headers: json,
        body: JSON.stringify(
          r.pick<unknown>([
            {},
            { query: 1 },
            { query: null },
            { query: ['{ __typename }'] },
            { query: '{ __typename }', variables: 'x' },
            { query: '{ __typename }', variables: [1] },
            { query: '{ __typename }', extensions: 'x' },
            { query: '{ __typename }', operationName: 5 },
            1,
            'x',
            null,
            true,
          ]),
        ),
      };
    case 'operation-name':
      return {
        kind,
        headers: json,
        body: JSON.stringify({ query: 'query A { __typename } query B { __typename }', operationName: r.pick(['C', '', 'a']) }),
      };
    case 'subscription':
      return {
        kind,
        headers: json,
        body: JSON.stringify({
          query: r.pick(['subscription { __typename }', 'subscription S { region(code: "410000") { code } }']),
        }),
      };
    case 'batched':
      return {
        kind,
        headers: json,
        body: JSON.stringify(Array.from({ length: 1 + r.int(5) }, () => ({ query: '{ __typename }' }))),
      };
    case 'token-limit':
      return { kind, headers: json, body: JSON.stringify({ query: `{ ${'__typename '.repeat(3001 + r.int(20000))}}` }) };
    case 'get':
      return {
        kind,
        method: 'GET',
        headers: { authorization: json.authorization },
        path: `/graphql?${r.pick(['query=mutation%20%7B%20__typename%20%7D', 'query=%7B', '', 'variables=%7B', 'query=%7B__typename%7D&variables=x', 'extensions=1'])}`,
      };
    case 'method':
      return { kind, method: r.pick(['PUT', 'DELETE', 'PATCH', 'OPTIONS']), headers: json, body: small() };
    case 'bad-utf8':
      return {
        kind,
        headers: json,
        body: Buffer.concat([
          Buffer.from('{"query":"{ region(code: \\"'),
          Buffer.from([0xff, 0xfe, 0xc0]),
          Buffer.from('\\") { code } }"}'),
        ]),
      };
    case 'no-token':
      return {
        kind,
        headers: {
          'content-type': 'application/json',
          ...(r.chance(0.5) ? { authorization: r.pick(['Bearer', 'Bearer x', 'Basic abc', 'Bearer a.b.c']) } : {}),
        },
        body: small(),
      };
  }
}

export interface FuzzReport {
  valid: {
    sent: number;
    answered: number;
    byCode: Record<string, number>;
    internal: number;
    fiveXX: number;
    dropped: number;
    examples: string[];
  };
  malformed: { sent: number; fiveXX: number; dropped: number; byStatus: Record<string, number>; examples: string[] };
}

const hasInternal = (text: string) => text.includes('"INTERNAL_SERVER_ERROR"');
/** Whether an operation reached a resolver: it got data back, or an error a resolver raised (one with a path). */
function answered(text: string): boolean {
  try {
    const { data, errors } = JSON.parse(text) as { data?: Record<string, unknown> | null; errors?: { path?: unknown }[] };
    return (!!data && Object.values(data).some((v) => v !== null)) || !!errors?.some((e) => e.path);
  } catch {
    return false;
  }
}

async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/**
 * Fuzzes a running gateway at `url`, each request as one of the `tokens` holders (province, city, county and
 * school viewers), half the valid operations walking down nested and entity paths (`nestedOperation`).
 */
export async function fuzz(
  url: string,
  tokens: string[],
  counts: { valid: number; malformed: number; seed: number },
  progress: (line: string) => void = () => {},
): Promise<FuzzReport> {
  const schema = apiSchema();
  const pools: Pools = { ids: [] };
  const report: FuzzReport = {
    valid: { sent: 0, answered: 0, byCode: {}, internal: 0, fiveXX: 0, dropped: 0, examples: [] },
    malformed: { sent: 0, fiveXX: 0, dropped: 0, byStatus: {}, examples: [] },
  };
  const headersOf = (token: string) => ({ 'content-type': 'application/json', authorization: `Bearer ${token}` });
  // real ids to aim at, besides random ones; every answer adds the ids it shows
  const harvest = (text: string) => {
    for (const [, id] of text.matchAll(/"id":"([^"]{1,64})"/g))
      if (pools.ids.length < 2000 && !pools.ids.includes(id!)) pools.ids.push(id!);
  };
  harvest(
    (
      await send(url, {
        headers: headersOf(tokens[0]!),
        body: JSON.stringify({
          query:
            '{ studios(within: "410000", first: 50) { edges { node { id host { id } } } } schools(within: "410422") { id } }',
        }),
      })
    ).text,
  );
  const validRandom = random(counts.seed);
  await inParallel(counts.valid, 4, async () => {
    const operation = (validRandom.chance(0.5) ? nestedOperation : randomOperation)(schema, validRandom, pools);
    const headers = headersOf(validRandom.pick(tokens));
    const answer = await send(url, { headers, body: JSON.stringify(operation) });
    if (++report.valid.sent % 1000 === 0) progress(`valid ${report.valid.sent}/${counts.valid}`);
    harvest(answer.text);
    if (answered(answer.text)) report.valid.answered++;
    for (const [, code] of answer.text.matchAll(/"code":"([A-Z_]+)"/g))
      report.valid.byCode[code!] = (report.valid.byCode[code!] ?? 0) + 1;
    const bad = answer.status === 0 ? 'dropped' : answer.status >= 500 ? '5xx' : hasInternal(answer.text) ? 'internal' : null;
    if (answer.status === 0) report.valid.dropped++;
    if (answer.status >= 500) report.valid.fiveXX++;
    if (hasInternal(answer.text)) report.valid.internal++;
    if (bad && report.valid.examples.length < 20)
      report.valid.examples.push(
        `${bad} ${answer.status}: ${operation.query} ${JSON.stringify(operation.variables).slice(0, 300)} → ${answer.text.slice(0, 300)}`,
      );
  });
  const malformedRandom = random(counts.seed + 1);
  await inParallel(counts.malformed, 4, async () => {
    const { kind, ...request } = malformedRequest(malformedRandom, malformedRandom.pick(tokens));
    const answer = await send(url, request);
    if (++report.malformed.sent % 1000 === 0) progress(`malformed ${report.malformed.sent}/${counts.malformed}`);
    const key = `${kind} ${answer.status}`;
    report.malformed.byStatus[key] = (report.malformed.byStatus[key] ?? 0) + 1;
    if (answer.status === 0) report.malformed.dropped++;
    if (answer.status >= 500) report.malformed.fiveXX++;
    if ((answer.status === 0 || answer.status >= 500) && report.malformed.examples.length < 20)
      report.malformed.examples.push(
        `${kind} ${answer.status}: ${String(request.body ?? request.path).slice(0, 200)} → ${answer.text.slice(0, 300)}`,
      );
  });
  return report;
}

/** One service of the hub in a process of its own, as docker-compose runs it. */
export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  output(): string;
}

/**
 * The hub as separate processes on loopback (`node hub.ts personnel`, … `node hub.ts gateway`, one per service,
 * with the heap limits docker-compose runs them with) over an embedded PostgreSQL this process holds, so that a service that dies is
 * seen to die: `died()` names them. `tokens` are a province, a city, a county and a school viewer's.
 */
export async function startLayout(): Promise<{
  url: string;
  tokens: string[];
  processes: ServiceProcess[];
  died(): string[];
  /** Errors the services logged as escaping every request (`guardProcess`): each is a bug, even when caught. */
  unhandled(): number;
  stop(): Promise<void>;
}> {
  const { openDatabase } = await import('../lib/data/database.ts');
  const { signDevToken } = await import('../lib/auth/dev-keys.ts');
  const { SUBGRAPH_NAMES } = await import('../lib/service/config.ts');
  const { sameClock, scratchConfig } = await import('../test/support/scratch.ts');
  const { freePort } = await import('../test/support/ports.ts');
  const { config, dir } = await scratchConfig('studio-hub-fuzz-');
  const database = await openDatabase(config);
  const processes: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(
      processes.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
          }),
      ),
    );
    await database.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const ports = Object.fromEntries(
      await Promise.all([...SUBGRAPH_NAMES, 'gateway'].map(async (name) => [name, await freePort()] as const)),
    ) as Record<string, number>;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      ...sameClock(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      HUB_TODAY: config.HUB_TODAY ?? '2026-12-01',
      DEMO_DATA: 'auto',
      DATABASE_URL: database.url,
      DEV_KEY_FILE: config.DEV_KEY_FILE,
      GATEWAY_SECRET: randomBytes(32).toString('hex'),
      PORT: String(ports.gateway),
      ...Object.fromEntries(
        SUBGRAPH_NAMES.flatMap((name) => [
          [`${name.toUpperCase()}_PORT`, String(ports[name])],
          [`${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[name]}/graphql`],
        ]),
      ),
    };
    // each service as docker-compose.yml commands it, heap limit included (`node --max-old-space-size=… hub.ts <name>`)
    const spawnService = (name: string) => {
      const child = spawn(process.execPath, composeCommand(name), {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', (d) => (output = (output + d).slice(-1_000_000)));
      child.stderr!.on('data', (d) => (output = (output + d).slice(-1_000_000)));
      const service = { name, child, output: () => output };
      processes.push(service);
      return service;
    };
    const ready = async (service: ServiceProcess, text: string) => {
      const deadline = Date.now() + 180_000;
      while (!service.output().includes(text)) {
        if (service.child.exitCode !== null || Date.now() > deadline)
          throw new Error(`${service.name} did not start:\n${service.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // personnel first: the others' demo data names its schools and teachers
    await ready(spawnService('personnel'), 'subgraph personnel');
    await Promise.all(
      SUBGRAPH_NAMES.filter((n) => n !== 'personnel').map((name) => ready(spawnService(name), `subgraph ${name}`)),
    );
    await ready(spawnService('gateway'), 'ready in');
    const url = `http://127.0.0.1:${ports.gateway}`;
    const sign = (level: 'PROVINCE' | 'CITY' | 'COUNTY' | 'SCHOOL', regionCode: string, schoolId: string | null = null) =>
      signDevToken(config, { level, regionCode, schoolId, roles: ['admin', 'editor', 'evaluator', 'finance'] });
    const province = await sign('PROVINCE', '410000');
    const school = JSON.parse(
      (
        await send(url, {
          headers: { 'content-type': 'application/json', authorization: `Bearer ${province}` },
          body: JSON.stringify({ query: '{ schools(within: "410422") { id } }' }),
        })
      ).text,
    ) as { data: { schools: { id: string }[] } };
    const tokens = [
      province,
      await sign('CITY', '410400'),
      await sign('COUNTY', '410422'),
      await sign('SCHOOL', '410422', school.data.schools[0]!.id),
    ];
    return {
      url,
      tokens,
      processes,
      died: () => processes.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null).map((p) => p.name),
      unhandled: () => processes.reduce((n, p) => n + (p.output().match(/"msg":"unhandled /g)?.length ?? 0), 0),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      valid: { type: 'string', default: '10000' },
      malformed: { type: 'string', default: '10000' },
      seed: { type: 'string', default: String(Date.now() % 100000) },
      verbose: { type: 'boolean', default: false },
    },
  });
  const counts = { valid: Number(values.valid), malformed: Number(values.malformed), seed: Number(values.seed) };
  const layout = await startLayout();
  let failed = 1;
  try {
    console.error(
      `fuzzing ${layout.url} (${layout.processes.length} processes: ${layout.processes.map((p) => p.name).join(', ')}): ` +
        `${counts.valid} valid operations, ${counts.malformed} malformed requests, seed ${counts.seed}`,
    );
    const memory = () => layout.processes.map((p) => `${p.name} ${rssMb(p.child.pid!)}`).join(', ');
    const before = memory();
    const started = Date.now();
    const report = await fuzz(layout.url, layout.tokens, counts, (line) =>
      console.error(`  ${line} (${((Date.now() - started) / 1000).toFixed(0)} s)`),
    );
    const died = layout.died();
    console.log(
      `valid operations:   ${report.valid.sent} sent, ${report.valid.answered} reached a resolver, INTERNAL_SERVER_ERROR ${report.valid.internal}, 5xx ${report.valid.fiveXX}, dropped ${report.valid.dropped}`,
    );
    console.log(
      `malformed requests: ${report.malformed.sent} sent, 5xx ${report.malformed.fiveXX}, dropped ${report.malformed.dropped}`,
    );
    console.log(
      `processes died: ${died.length}${died.length ? ` (${died.join(', ')})` : ''}; unhandled errors logged: ${layout.unhandled()}`,
    );
    console.log(`seed ${counts.seed}, ${((Date.now() - started) / 1000).toFixed(0)} s; RSS before ${before}; after ${memory()}`);
    if (values.verbose) console.log(report.valid.byCode, report.malformed.byStatus);
    for (const example of [...report.valid.examples, ...report.malformed.examples]) console.log(`  ${example}`);
    failed =
      report.valid.internal +
      report.valid.fiveXX +
      report.valid.dropped +
      report.malformed.fiveXX +
      report.malformed.dropped +
      died.length +
      layout.unhandled()
        ? 1
        : 0;
  } finally {
    await layout.stop();
  }
  process.exit(failed);
}

/** A process's resident memory, from /proc (Linux), in MB. */
function rssMb(pid: number): string {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return `${Math.round(kb / 1024)} MB`;
  } catch {
    return 'gone';
  }
}

if (import.meta.main) await main();
