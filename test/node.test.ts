import { randomUUID } from 'node:crypto';
import { NODES_MAX } from '../lib/node.ts';
import { allocations, demoId, evaluations, studios } from './support/demo.ts';
import { describe, expect, PROVINCE_ADMIN, test, TEST_TODAY, type Office } from './support/hub.ts';

// Issue 26 (Relay): every object's `id` is its global id; `node(id:)` and `nodes(ids:)` find it again, each type
// answered by the subgraph that owns it, in the viewer's scope; outside it, NOT_FOUND as for an id that never was.
const HENAN = PROVINCE_ADMIN;
const JIANGSU: Office = { level: 'PROVINCE', region: '320000', roles: ['admin'] };

const studio = studios.find((s) => s.regionCode.startsWith('41') && s.policyId === '000-pingdingshan')!;
const allocation = allocations.find((a) => a.studioId === studio.id && a.year < Number(TEST_TODAY.slice(0, 4)))!;
/** One object of each node type in 河南省, with a field only its owner answers. */
const NODES: { type: string; id: string; field: string }[] = [
  { type: 'Region', id: '410400', field: 'name' },
  { type: 'School', id: studio.hostSchoolId, field: 'name' },
  { type: 'Teacher', id: studio.hostTeacherId, field: 'name' },
  { type: 'Studio', id: studio.id, field: 'name' },
  { type: 'Policy', id: studio.policyId, field: 'name' },
  { type: 'Evaluation', id: evaluations.find((e) => e.studioId === studio.id)!.id, field: 'year' },
  { type: 'Allocation', id: allocation.id, field: 'year' },
  { type: 'Expenditure', id: demoId('expenditure', allocation.id), field: 'year' },
];
const fragments = NODES.map((n) => `... on ${n.type} { ${n.field} }`).join(' ');
const NODE = `query ($id: ID!) { node(id: $id) { __typename id ${fragments} } }`;

describe('node(id:): every node type, from its owner, in scope', () => {
  test.for(NODES)('$type: found by its id, with its own fields, within the scope', async ({ type, id, field }, { hub }) => {
    const { data, errors } = await hub.query(NODE, { id }, HENAN);
    expect(errors).toBeUndefined();
    expect(data.node).toMatchObject({ __typename: type, id });
    expect(data.node[field]).toBeTruthy();
  });

  // a published policy is public (policy(id:) answers it anywhere); node answers as policy(id:) does
  const SCOPED = NODES.filter((n) => n.type !== 'Policy');
  test.for(SCOPED)('$type: outside the scope NOT_FOUND, as a missing id', async ({ id }, { hub }) => {
    const { data, errors } = await hub.query(NODE, { id }, JIANGSU);
    expect(data.node).toBeNull();
    expect(errors![0]!.extensions!.code).toBe('NOT_FOUND');
    // only the id and type asked: still refused, the owner checked before anything is given
    const bare = await hub.query('query ($id: ID!) { node(id: $id) { __typename id } }', { id }, JIANGSU);
    expect(bare.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });

  test('an id that never was is NOT_FOUND in the same words; text that is no id at all is BAD_USER_INPUT', async ({ hub }) => {
    const missing = randomUUID();
    const { errors } = await hub.query(NODE, { id: missing }, HENAN);
    expect(errors![0]!.extensions!.code).toBe('NOT_FOUND');
    expect(errors![0]!.message).toBe(`未找到编号为 ${missing} 的对象（或它不在您的权限范围内）`);
    const outside = await hub.query(NODE, { id: studio.id }, JIANGSU);
    expect(outside.errors![0]!.message).toBe(`未找到编号为 ${studio.id} 的对象（或它不在您的权限范围内）`);
    const bad = await hub.query(NODE, { id: 'no such id!' }, HENAN);
    expect(bad.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'id' });
  });
});

describe('node(id:) for a policy', () => {
  test('answers as policy(id:) does: a published policy for every office, an unknown one NOT_FOUND', async ({ hub }) => {
    const published = await hub.query(
      'query ($id: ID!) { node(id: $id) { id } policy(id: $id) { id } }',
      { id: studio.policyId },
      JIANGSU,
    );
    expect(published.data).toEqual({ node: { id: studio.policyId }, policy: { id: studio.policyId } });
    const unknown = await hub.query('query { node(id: "999-nowhere") { id } }', {}, JIANGSU);
    expect(unknown.errors![0]!.extensions!.code).toBe('NOT_FOUND');
  });
});

describe('nodes(ids:)', () => {
  test('answers each id in order, a missing or hidden one null with its NOT_FOUND, the others whole', async ({ hub }) => {
    const missing = randomUUID();
    const ids = [...NODES.map((n) => n.id), missing];
    const { data, errors } = await hub.query(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id ${fragments} } }`,
      { ids },
      HENAN,
    );
    expect(data.nodes.map((n: { __typename: string } | null) => n?.__typename ?? null)).toEqual([
      ...NODES.map((n) => n.type),
      null,
    ]);
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({ path: ['nodes', NODES.length], extensions: { code: 'NOT_FOUND' } });
  });

  test(`takes at most ${NODES_MAX} ids: ${NODES_MAX} answer, ${NODES_MAX + 1} are BAD_USER_INPUT`, async ({ hub }) => {
    const query = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    const atMost = await hub.query(query, { ids: Array(NODES_MAX).fill('410400') }, HENAN);
    expect(atMost.errors).toBeUndefined();
    expect(atMost.data.nodes).toHaveLength(NODES_MAX);
    const over = await hub.query(query, { ids: Array(NODES_MAX + 1).fill('410400') }, HENAN);
    expect(over.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'ids' });
  });
});

describe('each subgraph checks the scope of its own node types', () => {
  test('nodeTypes is not in the API, and a subgraph asked directly finds only its own ids in the scope', async ({ hub }) => {
    const api = await hub.query('{ nodeTypes(ids: ["410400"]) }', {}, HENAN);
    expect(api.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const ask = (office: Office) =>
      hub.subgraphQuery(
        'funding',
        'query ($ids: [String!]!) { nodeTypes(ids: $ids) }',
        { ids: [allocation.id, studio.id] },
        office,
      );
    expect((await ask(HENAN)).data.nodeTypes).toEqual(['Allocation', null]);
    expect((await ask(JIANGSU)).data.nodeTypes).toEqual([null, null]);
  });
});
