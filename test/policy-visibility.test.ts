import { randomUUID } from 'node:crypto';
import { requestStatements } from './support/statements.ts';
import { today } from '../lib/domain/clock.ts';
import { schools, teachers } from './support/demo.ts';
import { describe, expect, test, type GraphQLResponse, type Office, type TestHub, expectRefusal } from './support/hub.ts';

/**
 * Issue 22.3: nothing is shown before it is published. A policy with nothing published, and an unpublished version
 * of a published one, answer every office but the issuing one and those above it exactly as an id (or a version)
 * that does not exist: same code, same message, the id quoted the same way, through every field, the diff and its
 * export, in the gateway and in the studios subgraph itself.
 */

const XINHUA: Office = { level: 'COUNTY', region: '410402', roles: ['admin', 'editor'], subject: 'xinhua-admin' };
const schoolIn = (region: string) => schools.find((s) => s.regionCode === region)!;
const teacherOf = (schoolId: string) => teachers.find((t) => t.schoolId === schoolId)!;

/** Offices that may not see Xinhua's drafts, each with a teacher it may see (eligibility is asked about a teacher). */
const OUTSIDERS: { name: string; office: Office; teacher: string }[] = [
  {
    name: 'a sibling county (湛河区)',
    office: { level: 'COUNTY', region: '410411', roles: ['admin', 'editor'] },
    teacher: teacherOf(schoolIn('410411').id).id,
  },
  {
    name: 'another city (石家庄市)',
    office: { level: 'CITY', region: '130100', roles: ['admin', 'editor'] },
    teacher: teacherOf(schoolIn('130102').id).id,
  },
  {
    name: 'a school of the issuing county itself',
    office: { level: 'SCHOOL', region: '410402', school: schoolIn('410402').id, roles: ['admin', 'editor'] },
    teacher: teacherOf(schoolIn('410402').id).id,
  },
];
/** The issuing office (as a plain viewer) and the offices above it. */
const INSIDERS: { name: string; office: Office }[] = [
  { name: 'the issuing county, as a viewer', office: { level: 'COUNTY', region: '410402' } },
  { name: 'the city above (平顶山市)', office: { level: 'CITY', region: '410400' } },
  { name: 'the province above (河南省)', office: { level: 'PROVINCE', region: '410000' } },
];

const DRAFT = `mutation ($input: DraftPolicyInput!) { draftPolicy(input: $input) { id } }`;
const PUBLISH = `mutation ($p: ID!, $v: Int!) { publishPolicyVersion(policyId: $p, version: $v) { id } }`;
const POLICY = `query ($id: ID!) {
  policy(id: $id) { id name issuer issuingRegion { code } versions { number status note rules { code value } } }
}`;
const LIST = `{ policies { id name versions { number } } }`;
const DIFF = `query ($a: String!, $b: String!, $aVersion: Int, $bVersion: Int) {
  policyDiff(a: $a, b: $b, aVersion: $aVersion, bVersion: $bVersion) { code change before { value } after { value } }
}`;
const ELIGIBILITY = `query ($t: ID!, $p: ID!, $v: Int) {
  teacher(id: $t) { eligibility(policy: $p, role: HOST, version: $v) { eligible policyVersion } }
}`;
const APPLY = `mutation ($p: ID!, $t: ID!) {
  applyForStudio(input: { policyId: $p, hostTeacherId: $t, batch: "第一批", startYear: 2027 }) { id }
}`;

const QUOTAS = `query ($p: ID!, $within: ID!) { nominationQuotas(policyId: $p, batch: "第一批", within: $within) { quota } }`;
const CHANGES = `query ($code: ID!) { region(code: $code) { studioChanges(first: 100) { entityId summary } } }`;

const rules = (years: number) => [
  { code: 'cycle.years', value: String(years), clause: '第五条', text: `建设周期为${years}年` },
  { code: 'team.members', value: '{"max":8}', clause: '第三条', text: '成员不超过8人' },
];
const NEW_TITLE = '新华区名班主任工作室管理办法（2027年修订稿）';

/** An answer with every mention of `id` (and of a version number) written alike, to compare with another. */
const shape = (answer: unknown, id: string, version?: number) => {
  let text = JSON.stringify(answer).replaceAll(id, '<id>');
  if (version !== undefined)
    text = text.replaceAll(`第${version}版`, '第<n>版').replaceAll(`"version":${version}`, '"version":"<n>"');
  return JSON.parse(text) as unknown;
};

async function exportDiff(hub: TestHub, as: Office, params: Record<string, string>) {
  const res = await fetch(`${hub.url}/export/policy-diff.csv?${new URLSearchParams(params)}`, {
    headers: { authorization: `Bearer ${await hub.token(as)}` },
  });
  const body = await res.text();
  // a refusal is the GraphQL errors as JSON
  return { status: res.status, body: res.ok ? body : (JSON.parse(body) as unknown) };
}

/**
 * Xinhua's two policies: `drafted` has only a draft; `revised` has version 1 published and version 2 drafted, under
 * a new title, with a stricter cycle.
 */
async function author(hub: TestHub) {
  const drafted = `410402-draft-${randomUUID().slice(0, 8)}`;
  const revised = `410402-revised-${randomUUID().slice(0, 8)}`;
  const draft = (policyId: string, extra: Record<string, unknown>) =>
    hub.query(DRAFT, { input: { policyId, ...extra } }, XINHUA).then((r: GraphQLResponse) => expect(r.errors).toBeUndefined());
  await draft(drafted, {
    title: '新华区名班主任工作室管理办法（征求意见稿）',
    issuer: '平顶山市新华区教育体育局',
    rules: rules(3),
  });
  await draft(revised, {
    title: '新华区名班主任工作室管理办法',
    issuer: '平顶山市新华区教育体育局',
    rules: rules(3),
  });
  expect((await hub.query(PUBLISH, { p: revised, v: 1 }, XINHUA)).errors).toBeUndefined();
  await draft(revised, { title: NEW_TITLE, effectiveFrom: today(), note: '建设周期改为两年', rules: rules(2) });
  return { drafted, revised };
}

describe('an unpublished policy answers as one that does not exist (issue 22.3)', () => {
  let ids: { drafted: string; revised: string };
  const authored = async (hub: TestHub) => (ids ??= await author(hub));

  for (const { name, office, teacher } of OUTSIDERS) {
    test(`draft invisible: to ${name} a draft-only policy is NOT_FOUND exactly like a random id, through policy(id:), policies, policyDiff, its export, eligibility, applyForStudio, nomination quotas and the change log`, async ({
      hub,
    }) => {
      const { drafted } = await authored(hub);
      const missing = `410402-missing-${randomUUID().slice(0, 8)}`;
      const asked = async (ask: (id: string) => Promise<unknown>) => {
        const [seen, none] = [await ask(drafted), await ask(missing)];
        expect(shape(seen, drafted)).toEqual(shape(none, missing));
        return seen as GraphQLResponse;
      };

      const one = await asked((id) => hub.query(POLICY, { id }, office));
      expect(one.data).toEqual({ policy: null });
      expectRefusal(one, 'NOT_FOUND', { id: drafted });
      expect(one.errors?.[0]?.message).toBe(`未找到编号为 ${drafted} 的政策（或它不在您的权限范围内）`);

      const listed = (await hub.query(LIST, {}, office)).data.policies.map((p: { id: string }) => p.id);
      expect(listed).not.toContain(drafted);
      expect(listed).toContain('000-pingdingshan');

      for (const [a, b] of [
        ['<id>', '000-pingdingshan'],
        ['000-pingdingshan', '<id>'],
      ] as const) {
        const vars = (id: string) => ({ a: a === '<id>' ? id : a, b: b === '<id>' ? id : b });
        const diff = await asked((id) => hub.query(DIFF, vars(id), office));
        expectRefusal(diff, 'NOT_FOUND');
        expect(diff.errors?.[0]?.message).not.toMatch(/没有第|征求意见稿|新华区/);
        const exported = await asked((id) => exportDiff(hub, office, vars(id)));
        expect((exported as unknown as { status: number }).status).toBe(404);
        const withVersion = await asked((id) => hub.query(DIFF, { ...vars(id), aVersion: 1, bVersion: 1 }, office));
        expectRefusal(withVersion, 'NOT_FOUND');
      }

      const judged = await asked((id) => hub.query(ELIGIBILITY, { t: teacher, p: id, v: null }, office));
      expectRefusal(judged, 'NOT_FOUND');
      await asked((id) => hub.query(ELIGIBILITY, { t: teacher, p: id, v: 1 }, office));

      const applied = await asked((id) => hub.query(APPLY, { p: id, t: teacher }, office));
      expectRefusal(applied, 'NOT_FOUND');
      // a school is told quotas are for offices, whichever id it names
      await asked((id) => hub.query(QUOTAS, { p: id, within: office.region }, office));

      // nor does the change log of its own region tell of the draft
      const log = await hub.query(CHANGES, { code: office.region }, office);
      expect(log.errors).toBeUndefined();
      expect(JSON.stringify(log.data)).not.toContain(drafted);
    });
  }

  test('draft invisible in the subgraph: the studios subgraph itself answers a sibling county as for a random id, through policy(id:), policies and policyDiff, with the same SQL statements', async ({
    hub,
  }) => {
    const { drafted } = await authored(hub);
    const sibling = OUTSIDERS[0]!.office;
    const missing = `410402-missing-${randomUUID().slice(0, 8)}`;
    for (const [query, vars] of [
      [POLICY, (id: string) => ({ id })],
      [DIFF, (id: string) => ({ a: id, b: '000-pingdingshan' })],
      [DIFF, (id: string) => ({ a: '000-pingdingshan', b: id, bVersion: 1 })],
    ] as const) {
      const seen = await hub.subgraphQuery('studios', query, vars(drafted), sibling);
      expectRefusal(seen, 'NOT_FOUND');
      expect(shape(seen, drafted)).toEqual(shape(await hub.subgraphQuery('studios', query, vars(missing), sibling), missing));
    }
    // and the same work: the same statements, but for the id (the event relay's polling left out)
    const statements = async (id: string) => {
      const counter = hub.subgraphs.studios!.orm.queries;
      counter.reset();
      await hub.subgraphQuery('studios', POLICY, { id }, sibling);
      return requestStatements(counter.statements)
        .map((sql) => sql.replaceAll(id, '<id>'))
        .sort(); // the two reads run at once and log as they finish
    };
    const hidden = await statements(drafted);
    expect(hidden.length).toBeGreaterThan(0);
    expect(hidden).toEqual(await statements(missing));
    const listed = await hub.subgraphQuery('studios', LIST, {}, sibling);
    expect(listed.data.policies.map((p: { id: string }) => p.id)).not.toContain(drafted);
    // the same subgraph shows it to the city above
    const city = await hub.subgraphQuery('studios', POLICY, { id: drafted }, INSIDERS[1]!.office);
    expect(city.data.policy).toMatchObject({ id: drafted, versions: [{ number: 1, status: 'DRAFT' }] });
  });

  test('draft invisible to writers: publishing another office’s draft is NOT_FOUND like a random id; reusing its id does not name its office; a school cannot adopt it as a template', async ({
    hub,
  }) => {
    const { drafted } = await authored(hub);
    const missing = `410402-missing-${randomUUID().slice(0, 8)}`;
    const sibling = OUTSIDERS[0]!.office;
    const published = await hub.query(PUBLISH, { p: drafted, v: 1 }, sibling);
    expectRefusal(published, 'NOT_FOUND');
    expect(shape(published, drafted)).toEqual(shape(await hub.query(PUBLISH, { p: missing, v: 1 }, sibling), missing));

    // an id is one id: it cannot be taken twice, but the refusal names neither the office nor the title
    const taken = await hub.query(
      DRAFT,
      { input: { policyId: drafted, title: '湛河区方案', issuer: '湛河区教育局', rules: rules(3) } },
      sibling,
    );
    expectRefusal(taken, 'FORBIDDEN');
    expect(taken.errors?.[0]?.message).toBe(`政策编号 ${drafted} 已被其他部门使用，请换一个编号`);

    const school = OUTSIDERS[2]!.office;
    const adopt = (template: string) =>
      hub.query(DRAFT, { input: { policyId: `school-${randomUUID().slice(0, 8)}`, template, rules: [] } }, school);
    const adopted = await adopt(drafted);
    expectRefusal(adopted, 'BAD_USER_INPUT');
    expect(shape(adopted, drafted)).toEqual(shape(await adopt(missing), missing));
  });

  test('draft visible above: the issuing county (any role), its city and its province see the draft, its rules and diff against it', async ({
    hub,
  }) => {
    const { drafted } = await authored(hub);
    for (const { office } of INSIDERS) {
      const one = await hub.query(POLICY, { id: drafted }, office);
      expect(one.errors).toBeUndefined();
      expect(one.data.policy).toMatchObject({
        name: '新华区名班主任工作室管理办法（征求意见稿）',
        issuingRegion: { code: '410402' },
        versions: [{ number: 1, status: 'DRAFT', rules: [{ code: 'cycle.years', value: '3' }, { code: 'team.members' }] }],
      });
      const listed = (await hub.query(LIST, {}, office)).data.policies.map((p: { id: string }) => p.id);
      expect(listed).toContain(drafted);
      const log = await hub.query(CHANGES, { code: office.region }, office);
      expect(JSON.stringify(log.data)).toContain(`起草政策《新华区名班主任工作室管理办法（征求意见稿）》第1版`);
      const diff = await hub.query(DIFF, { a: '000-pingdingshan', b: drafted, bVersion: 1 }, office);
      expect(diff.errors).toBeUndefined();
      expect(diff.data.policyDiff.find((c: { code: string }) => c.code === 'cycle.years')).toMatchObject({
        change: 'CHANGED',
        before: { value: '4' },
        after: { value: '3' },
      });
      const exported = await exportDiff(hub, office, { a: '000-pingdingshan', b: drafted, bVersion: '1' });
      expect(exported.status).toBe(200);
      expect(exported.body).toContain('cycle.years,取值不同,4');
    }
  });
});

describe('an unpublished version of a published policy answers as a version that does not exist (issue 22.3)', () => {
  let ids: { drafted: string; revised: string };
  const authored = async (hub: TestHub) => (ids ??= await author(hub));

  for (const { name, office, teacher } of OUTSIDERS) {
    test(`draft version invisible: to ${name} version 2 (a draft) of a published policy answers like version 9, through versions, the title, policyDiff, its export and eligibility`, async ({
      hub,
    }) => {
      const { revised } = await authored(hub);
      const one = (await hub.query(POLICY, { id: revised }, office)).data.policy;
      expect(one.name).toBe('新华区名班主任工作室管理办法');
      expect(one.versions).toEqual([
        {
          number: 1,
          status: 'PUBLISHED',
          note: null,
          rules: [
            { code: 'cycle.years', value: '3' },
            { code: 'team.members', value: '{"max":8}' },
          ],
        },
      ]);
      expect(JSON.stringify(one)).not.toContain('两年');

      const asked = async (ask: (version: number) => Promise<unknown>) => {
        const [seen, none] = [await ask(2), await ask(9)];
        expect(shape(seen, revised, 2)).toEqual(shape(none, revised, 9));
        return seen as GraphQLResponse;
      };
      const diff = await asked((v) => hub.query(DIFF, { a: revised, b: revised, bVersion: v }, office));
      expectRefusal(diff, 'NOT_FOUND', { argumentName: 'bVersion', version: 2 });
      expect(diff.errors?.[0]?.message).toBe(`政策 ${revised} 没有第2版`);
      await asked((v) => hub.query(DIFF, { a: revised, b: '000-pingdingshan', aVersion: v }, office));
      const exported = await asked((v) => exportDiff(hub, office, { a: revised, b: revised, bVersion: String(v) }));
      expect((exported as unknown as { status: number }).status).toBe(404);
      const judged = await asked((v) => hub.query(ELIGIBILITY, { t: teacher, p: revised, v }, office));
      expectRefusal(judged, 'NOT_FOUND');
      // the published version stays public
      const v1 = await hub.query(DIFF, { a: revised, b: '000-pingdingshan', aVersion: 1 }, office);
      expect(v1.errors).toBeUndefined();
    });
  }

  test('draft version visible above: the issuing county and the city above see version 2, its new title (the policy keeps its published one) and its diff against version 1', async ({
    hub,
  }) => {
    const { revised } = await authored(hub);
    for (const { office } of INSIDERS.slice(0, 2)) {
      const one = (
        await hub.query(
          `query ($id: ID!) { policy(id: $id) { name versions { number status title note } } }`,
          { id: revised },
          office,
        )
      ).data.policy;
      expect(one).toEqual({
        name: '新华区名班主任工作室管理办法',
        versions: [
          { number: 1, status: 'PUBLISHED', title: '新华区名班主任工作室管理办法', note: null },
          { number: 2, status: 'DRAFT', title: NEW_TITLE, note: '建设周期改为两年' },
        ],
      });
      const diff = await hub.query(DIFF, { a: revised, b: revised, aVersion: 1, bVersion: 2 }, office);
      expect(diff.data.policyDiff).toEqual([
        { code: 'cycle.years', change: 'CHANGED', before: { value: '3' }, after: { value: '2' } },
      ]);
    }
  });
});

describe('once published, a policy and a version are everyone’s (issue 22.3, the other side)', () => {
  test('published visible: after Xinhua publishes, a sibling county, another city and a school see the policy, version 2 under its new title, and diff them', async ({
    hub,
  }) => {
    const { drafted, revised } = await author(hub);
    expect((await hub.query(PUBLISH, { p: drafted, v: 1 }, XINHUA)).errors).toBeUndefined();
    expect((await hub.query(PUBLISH, { p: revised, v: 2 }, XINHUA)).errors).toBeUndefined();
    for (const { office } of OUTSIDERS) {
      expect((await hub.query(POLICY, { id: drafted }, office)).data.policy).toMatchObject({
        name: '新华区名班主任工作室管理办法（征求意见稿）',
        versions: [{ number: 1, status: 'PUBLISHED' }],
      });
      const one = (await hub.query(POLICY, { id: revised }, office)).data.policy;
      expect(one.name).toBe(NEW_TITLE);
      expect(one.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
      const diff = await hub.query(DIFF, { a: revised, b: revised, aVersion: 1, bVersion: 2 }, office);
      expect(diff.data.policyDiff).toEqual([
        { code: 'cycle.years', change: 'CHANGED', before: { value: '3' }, after: { value: '2' } },
      ]);
      const exported = await exportDiff(hub, office, { a: drafted, b: revised });
      expect(exported.status).toBe(200);
    }
  });
});
