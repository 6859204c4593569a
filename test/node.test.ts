import { randomUUID } from 'node:crypto';
import { NODES_MAX } from '../lib/graphql/node.ts';
import { allocations, demoId, evaluations, schools, studios, teachers } from './support/demo.ts';
import { describe, expect, PROVINCE_ADMIN, test, TEST_TODAY, type Office, expectRefusal } from './support/hub.ts';

// Issue 26 (Relay): every object's `id` is its global id; `node(id:)` and `nodes(ids:)` find it again, each type
// answered by the subgraph that owns it, in the viewer's scope; outside it, NOT_FOUND as for an id that never was.
const HENAN = PROVINCE_ADMIN;
const JIANGSU: Office = { level: 'PROVINCE', region: '320000', roles: ['admin'] };

const studio = studios.find((s) => s.regionCode.startsWith('41') && s.policyId === '000-pingdingshan')!;
const year = Number(TEST_TODAY.slice(0, 4));
const allocation = allocations.find((a) => a.studioId === studio.id && a.year < year)!;
/** A county office of the same city as the studio's county: another county, so outside the scope. */
const OTHER_COUNTY: Office = { level: 'COUNTY', region: studio.regionCode === '410421' ? '410422' : '410421', roles: ['admin'] };
/** Offices that must not find the objects of the studio's county: another county, another province. */
const OUTSIDE = [
  { office: 'another county', viewer: OTHER_COUNTY },
  { office: 'another province', viewer: JIANGSU },
];
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
  { type: 'StudioMember', id: demoId('member', `${studio.id}:${studio.members[0]!.teacherId}`), field: 'joinedOn' },
  // a unit-year's id is made of the unit and the year: it has one before anything is submitted
  { type: 'AnnualSubmission', id: `annual-${year}-${studio.regionCode}`, field: 'status' },
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
  const SCOPED = NODES.filter((n) => n.type !== 'Policy').flatMap((n) => OUTSIDE.map((o) => ({ ...n, ...o })));
  test.for(SCOPED)('$type: outside the scope ($office) NOT_FOUND, as a missing id', async ({ id, viewer }, { hub }) => {
    const { data, errors } = await hub.query(NODE, { id }, viewer);
    expect(data.node).toBeNull();
    expectRefusal({ errors }, 'NOT_FOUND');
    // only the id and type asked: still refused, the owner checked before anything is given
    const bare = await hub.query('query ($id: ID!) { node(id: $id) { __typename id } }', { id }, viewer);
    expectRefusal(bare, 'NOT_FOUND');
  });

  test('the county itself finds every object of its county (the scope is the subtree, not only the province)', async ({
    hub,
  }) => {
    const county: Office = { level: 'COUNTY', region: studio.regionCode, roles: ['admin'] };
    const ids = NODES.filter((n) => n.type !== 'Region').map((n) => n.id);
    const { data, errors } = await hub.query(`query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids }, county);
    expect(errors).toBeUndefined();
    expect(data.nodes.map((n: { __typename: string }) => n.__typename)).toEqual(
      NODES.filter((n) => n.type !== 'Region').map((n) => n.type),
    );
  });

  test('an annual submission keeps its id from before the results are stored: the id the region gives is the one node finds', async ({
    hub,
  }) => {
    const { data, errors } = await hub.query(
      'query ($code: ID!, $year: Int!) { region(code: $code) { annualSubmission(year: $year) { id status } } }',
      { code: studio.regionCode, year },
      HENAN,
    );
    expect(errors).toBeUndefined();
    expect(data.region.annualSubmission.id).toBe(`annual-${year}-${studio.regionCode}`);
    // not a unit: a city without a school, a year out of range, an unknown region — NOT_FOUND like any missing id
    for (const id of [`annual-${year}-410400`, `annual-1999-${studio.regionCode}`, `annual-${year}-419999`]) {
      const missing = await hub.query(NODE, { id }, HENAN);
      expectRefusal(missing, 'NOT_FOUND');
    }
  });

  test('an id that never was is NOT_FOUND in the same words; text that is no id at all is BAD_USER_INPUT', async ({ hub }) => {
    const missing = randomUUID();
    const { errors } = await hub.query(NODE, { id: missing }, HENAN);
    expectRefusal({ errors }, 'NOT_FOUND');
    expect(errors![0]!.message).toBe(`未找到编号为 ${missing} 的对象（或它不在您的权限范围内）`);
    const outside = await hub.query(NODE, { id: studio.id }, JIANGSU);
    expect(outside.errors![0]!.message).toBe(`未找到编号为 ${studio.id} 的对象（或它不在您的权限范围内）`);
    const bad = await hub.query(NODE, { id: 'no such id!' }, HENAN);
    expectRefusal(bad, 'BAD_USER_INPUT', { argumentName: 'id' });
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
    expectRefusal(unknown, 'NOT_FOUND');
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
    expect(expectRefusal({ errors }, 'NOT_FOUND').path).toEqual(['nodes', NODES.length]);
  });

  test(`takes at most ${NODES_MAX} ids: ${NODES_MAX} answer, ${NODES_MAX + 1} are BAD_USER_INPUT`, async ({ hub }) => {
    const query = 'query ($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    const atMost = await hub.query(query, { ids: Array(NODES_MAX).fill('410400') }, HENAN);
    expect(atMost.errors).toBeUndefined();
    expect(atMost.data.nodes).toHaveLength(NODES_MAX);
    const over = await hub.query(query, { ids: Array(NODES_MAX + 1).fill('410400') }, HENAN);
    expect(over.data).toBeNull();
    expectRefusal(over, 'BAD_USER_INPUT', { argumentName: 'ids' });
    expect(over.errors![0]!.message).toBe(`一次最多查询 ${NODES_MAX} 个编号，本次 ${NODES_MAX + 1} 个`);
  });
});

describe('each subgraph checks the scope of its own node types', () => {
  test('nodeTypes is not in the API, and a subgraph asked directly finds only its own ids in the scope', async ({ hub }) => {
    const api = await hub.query('{ nodeTypes(ids: ["410400"]) }', {}, HENAN);
    expectRefusal(api, 'GRAPHQL_VALIDATION_FAILED');
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

  test('budgets (funding) and annual submissions (evaluations) asked of their owner as entities: own county answered, another county NOT_FOUND', async ({
    hub,
  }) => {
    const county: Office = { level: 'COUNTY', region: studio.regionCode, roles: ['finance'] };
    const other = allocations.find((a) => a.regionCode === studio.regionCode && a.year === year && a.studioId !== studio.id)!;
    const made = await hub.query(
      'mutation ($i: SetBudgetInput!) { budgetSet(input: $i) { budget { id } userErrors { message } } }',
      { i: { studioId: other.studioId, year, lines: [{ category: 'BOOKS', amount: '200.00' }] } },
      county,
    );
    expect(made.data.budgetSet.userErrors).toEqual([]);
    const OWNED = [
      { subgraph: 'funding' as const, type: 'Budget', id: made.data.budgetSet.budget.id as string, field: 'year' },
      { subgraph: 'evaluations' as const, type: 'AnnualSubmission', id: `annual-${year}-${studio.regionCode}`, field: 'year' },
    ];
    for (const { subgraph, type, id, field } of OWNED) {
      const entity = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { id ${field} } } }`;
      const own = await hub.subgraphQuery(subgraph, entity, { r: [{ __typename: type, id }] }, county);
      expect(own.errors, type).toBeUndefined();
      expect(own.data._entities, type).toEqual([{ id, [field]: year }]);
      const outside = await hub.subgraphQuery(subgraph, entity, { r: [{ __typename: type, id }] }, OTHER_COUNTY);
      expectRefusal(outside, 'NOT_FOUND');
    }
  });

  test('an audit entry asked of its change log directly (sharedNodes) is given whole in scope, null outside', async ({ hub }) => {
    const county: Office = { level: 'COUNTY', region: studio.regionCode, roles: ['editor'] };
    const made = await hub.query(
      'mutation ($i: RegisterSchoolInput!) { schoolRegister(input: $i) { userErrors { message } } }',
      { i: { name: '叶县共享编号测试小学', regionCode: studio.regionCode, stage: 'PRIMARY' } },
      county,
    );
    expect(made.data.schoolRegister.userErrors).toEqual([]);
    const feed = await hub.query(
      'query ($code: ID!) { region(code: $code) { personnelChanges(first: 1) { id summary } } }',
      { code: studio.regionCode },
      county,
    );
    const [entry] = feed.data.region.personnelChanges;
    const ask = (office: Office) =>
      hub.subgraphQuery('personnel', 'query ($ids: [String!]!) { sharedNodes(ids: $ids) }', { ids: [entry.id] }, office);
    const [own] = (await ask(county)).data.sharedNodes;
    expect(JSON.parse(own)).toMatchObject({ id: entry.id, summary: entry.summary });
    expect((await ask(OTHER_COUNTY)).data.sharedNodes).toEqual([null]);
    expect((await ask(JIANGSU)).data.sharedNodes).toEqual([null]);
  });
});

// Issue 26 item 2: the objects clients are given ids of that the demo world does not hold, each made through its
// mutation in the convention, then found by node(id:) from the subgraph that owns it, and NOT_FOUND outside.
describe('node(id:) for what changes make: work items, nominations, member ratings, rectifications, membership applications, eligibility waivers, budgets', () => {
  const county: Office = { level: 'COUNTY', region: studio.regionCode, roles: ['editor', 'evaluator', 'finance'] };
  const completed = evaluations.find((e) => e.studioId === studio.id && e.status === 'COMPLETED')!;
  const member = studio.members.find((m) => m.teacherId !== studio.hostTeacherId)!;
  /** A teacher of the studio's county in no team of it, to apply to join. */
  const applicant = teachers.find(
    (t) =>
      schools.find((s) => s.id === t.schoolId)!.regionCode === studio.regionCode &&
      t.id !== studio.hostTeacherId &&
      !studio.members.some((m) => m.teacherId === t.id),
  )!;
  const semester = Number(TEST_TODAY.slice(5, 7)) >= 9 ? `${year}-${year + 1}-1` : `${year - 1}-${year}-2`;
  const MADE = [
    {
      type: 'WorkItem',
      field: 'title',
      query: 'mutation ($i: RecordWorkInput!) { workItemRecord(input: $i) { workItem { id } userErrors { message } } }',
      input: { studioId: studio.id, kind: 'LECTURE', title: '专题讲座', doneOn: TEST_TODAY },
    },
    {
      type: 'Nomination',
      field: 'batch',
      query: 'mutation ($i: NominateHostInput!) { nominationSubmit(input: $i) { nomination { id } userErrors { message } } }',
      input: { policyId: studio.policyId, batch: '2099年', teacherId: member.teacherId },
    },
    {
      type: 'MemberRating',
      field: 'semester',
      query: 'mutation ($i: RateMemberInput!) { memberRatingRecord(input: $i) { rating { id } userErrors { message } } }',
      input: { studioId: studio.id, teacherId: member.teacherId, semester, rating: 'GOOD' },
    },
    {
      type: 'Rectification',
      field: 'opinion',
      query:
        'mutation ($i: AddRectificationOpinionInput!) { rectificationOpen(input: $i) { rectification { id } userErrors { message } } }',
      input: { evaluationId: completed.id, opinion: '补齐活动记录', deadline: '2099-01-01' },
      // the evaluating office or one above it
      office: { level: 'PROVINCE', region: '410000', roles: ['evaluator'] } as Office,
    },
    {
      type: 'MembershipApplication',
      field: 'status',
      query:
        'mutation ($i: ApplyToJoinStudioInput!) { membershipApply(input: $i) { application { id } userErrors { message } } }',
      input: { studioId: studio.id, teacherId: applicant.id, role: 'MEMBER' },
    },
    {
      type: 'EligibilityWaiver',
      field: 'reason',
      query:
        'mutation ($i: WaiveUndecidedRuleInput!) { eligibilityWaiverRecord(input: $i) { waiver { id } userErrors { message } } }',
      input: {
        policyId: studio.policyId,
        teacherId: member.teacherId,
        rule: 'host.renewal.retiresWithinYears',
        reason: '出生日期待补录，经审核准予豁免',
      },
      // the policy's issuing level (the city) or above
      office: { level: 'CITY', region: studio.regionCode.slice(0, 4) + '00', roles: ['editor'] } as Office,
    },
    {
      type: 'Budget',
      field: 'total',
      query: 'mutation ($i: SetBudgetInput!) { budgetSet(input: $i) { budget { id } userErrors { message } } }',
      input: { studioId: studio.id, year, lines: [{ category: 'RESEARCH', amount: '1000.00' }] },
    },
  ];

  test.for(MADE)('$type: made by its payload mutation, found in scope, NOT_FOUND outside', async (made, { hub }) => {
    const { data, errors } = await hub.query(made.query, { i: made.input }, made.office ?? county);
    expect(errors).toBeUndefined();
    const payload = Object.values(data)[0] as Record<string, { id: string } | unknown[]>;
    expect(payload.userErrors).toEqual([]);
    const { id } = Object.values(payload)[0] as { id: string };
    const query = `query ($id: ID!) { node(id: $id) { __typename id ... on ${made.type} { ${made.field} } } }`;
    const found = await hub.query(query, { id }, HENAN);
    expect(found.errors).toBeUndefined();
    expect(found.data.node).toMatchObject({ __typename: made.type, id });
    expect(found.data.node[made.field]).toBeTruthy();
    for (const { office, viewer } of OUTSIDE) {
      const outside = await hub.query(query, { id }, viewer);
      expect(outside.data.node, office).toBeNull();
      expectRefusal(outside, 'NOT_FOUND');
    }
  });
});

// An audit entry lives in the change log of the subgraph that made the change; studios, personnel and evaluations
// serve the type alike, so node(id:) finds an entry of any of them, whole, in the scope the feeds read.
describe('node(id:) for audit entries, from each change log', () => {
  const county: Office = { level: 'COUNTY', region: studio.regionCode, roles: ['editor'] };
  const FEEDS = [
    {
      feed: 'personnelChanges',
      change: 'mutation ($i: RegisterSchoolInput!) { schoolRegister(input: $i) { userErrors { message } } }',
      input: { name: '叶县审计编号测试小学', regionCode: studio.regionCode, stage: 'PRIMARY' },
    },
    {
      feed: 'studioChanges',
      change: 'mutation ($i: RecordWorkInput!) { workItemRecord(input: $i) { userErrors { message } } }',
      input: { studioId: studio.id, kind: 'LECTURE', title: '审计编号讲座', doneOn: TEST_TODAY },
    },
    {
      feed: 'evaluationChanges',
      change: 'mutation ($i: RateMemberInput!) { memberRatingRecord(input: $i) { userErrors { message } } }',
      input: {
        studioId: studio.id,
        teacherId: studio.members.at(-1)!.teacherId,
        semester: `${year - 1}-${year}-1`,
        rating: 'GOOD',
      },
    },
  ];

  test.for(FEEDS)('$feed: the newest entry found by its id, whole, in scope; NOT_FOUND outside', async (f, { hub }) => {
    const made = await hub.query(f.change, { i: f.input }, county);
    expect(made.errors).toBeUndefined();
    expect((Object.values(made.data)[0] as { userErrors: unknown[] }).userErrors).toEqual([]);
    const fields = 'id action actionLabel summary at entityId';
    const feed = await hub.query(
      `query ($code: ID!) { region(code: $code) { ${f.feed}(first: 1) { ${fields} } } }`,
      {
        code: studio.regionCode,
      },
      HENAN,
    );
    const [entry] = feed.data.region[f.feed];
    const query = `query ($id: ID!) { node(id: $id) { __typename ... on AuditEntry { ${fields} } } }`;
    const found = await hub.query(query, { id: entry.id }, HENAN);
    expect(found.errors).toBeUndefined();
    expect(found.data.node).toEqual({ __typename: 'AuditEntry', ...entry });
    for (const { office, viewer } of OUTSIDE) {
      const outside = await hub.query(query, { id: entry.id }, viewer);
      expect(outside.data.node, office).toBeNull();
      expectRefusal(outside, 'NOT_FOUND');
    }
  });
});
