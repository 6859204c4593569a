import { randomUUID } from 'node:crypto';
import type { GraphQLObjectType } from 'graphql';
import { REPLACED_UNTIL } from '../lib/graphql/payload.ts';
import { apiSchema } from '../scripts/fuzz.ts';
import { demoStudio } from './support/demo.ts';
import { type Office, expectRefusal } from './support/hub.ts';
import { describe, expect, test } from './support/stories.ts';

// Issue 14 (one mutation style): mutations take `input:`; those that took positional arguments keep them, so the
// calls written before keep working, and a call gives one style or the other.
const studio = demoStudio({ policyId: '001-wujin', status: 'RUNNING' });
const WUJIN: Office = { level: 'COUNTY', region: '320412', roles: ['editor', 'finance'] };

describe('mutations in the input style, positional arguments kept', () => {
  test('applyAbsenceRule: input and positional reach the same rule (001 has no absence rule: BAD_USER_INPUT)', async ({
    hub,
  }) => {
    const byInput = await hub.query(
      'mutation ($s: ID!) { applyAbsenceRule(input: { studioId: $s, version: 1 }) { id } }',
      { s: studio.id },
      WUJIN,
    );
    const positional = await hub.query(
      'mutation ($s: ID!) { applyAbsenceRule(studioId: $s, version: 1) { id } }',
      { s: studio.id },
      WUJIN,
    );
    for (const answer of [byInput, positional]) {
      expect(expectRefusal(answer, 'BAD_USER_INPUT').message).toContain('没有缺勤规定');
    }
  });

  test('signExpenditure: an expense that does not exist is NOT_FOUND in either style', async ({ hub }) => {
    const id = randomUUID();
    for (const [query, variables] of [
      ['mutation ($id: ID!) { signExpenditure(input: { id: $id, as: HOST }) { status } }', { id }],
      ['mutation ($id: ID!) { signExpenditure(id: $id, as: HOST) { status } }', { id }],
    ] as const) {
      expectRefusal(await hub.query(query, variables, WUJIN), 'NOT_FOUND');
    }
  });

  test('applyToJoinStudio and decideApplication: what does not exist is NOT_FOUND in either style', async ({ hub }) => {
    const [a, b] = [randomUUID(), randomUUID()];
    for (const query of [
      `mutation { applyToJoinStudio(input: { studioId: "${studio.id}", teacherId: "${a}", role: MEMBER }) { id } }`,
      `mutation { applyToJoinStudio(studioId: "${studio.id}", teacherId: "${a}", role: MEMBER) { id } }`,
      `mutation { decideApplication(input: { id: "${b}", studioVersion: 1, accept: true }) { id } }`,
      `mutation { decideApplication(id: "${b}", studioVersion: 1, accept: true) { id } }`,
    ]) {
      expectRefusal(await hub.query(query, {}, WUJIN), 'NOT_FOUND');
    }
  });

  test('both styles at once, or a required field missing, is BAD_USER_INPUT naming it', async ({ hub }) => {
    const both = await hub.query(
      'mutation ($id: ID!) { withdrawNomination(id: $id, input: { id: $id }) { id } }',
      { id: randomUUID() },
      WUJIN,
    );
    expect(expectRefusal(both, 'BAD_USER_INPUT', { argumentName: 'input' }).message).toContain('只用一种写法');
    const missing = await hub.query('mutation { nominateHost(policyId: "001-wujin", batch: "2026") { id } }', {}, WUJIN);
    expect(expectRefusal(missing, 'BAD_USER_INPUT', { argumentName: 'teacherId' }).message).toContain('缺少参数 teacherId');
  });
});

// Issue 26 (Relay's mutation convention): every mutation takes one `input` and returns a payload with the changed
// object and `userErrors`; a mutation of the older shapes stays, deprecated, naming its replacement.
const mutations = Object.values(apiSchema().getMutationType()!.getFields());

describe('the mutation convention: one input, a payload, the older shape deprecated', () => {
  test('every mutation in the convention takes only `input: …Input!` and returns `…Payload!` with userErrors', () => {
    const current = mutations.filter((m) => !m.deprecationReason);
    expect(current.length).toBeGreaterThanOrEqual(37);
    for (const m of current) {
      expect(
        m.args.map((a) => `${a.name}: ${String(a.type)}`),
        m.name,
      ).toEqual([expect.stringMatching(/^input: \w+Input!$/)]);
      const payload = `${m.name[0]!.toUpperCase()}${m.name.slice(1)}Payload`;
      expect(String(m.type), m.name).toBe(`${payload}!`);
      expect(String((apiSchema().getType(payload) as GraphQLObjectType).getFields().userErrors!.type), m.name).toBe(
        '[UserError!]!',
      );
    }
  });

  test(`every deprecated mutation names a replacement that exists, and the removal date ${REPLACED_UNTIL}`, () => {
    const deprecated = mutations.filter((m) => m.deprecationReason);
    expect(deprecated.length).toBeGreaterThanOrEqual(37);
    for (const m of deprecated) {
      const replacement = /^Use (\w+)\(input:\)/.exec(m.deprecationReason!)?.[1];
      expect(
        mutations.find((r) => r.name === replacement && !r.deprecationReason),
        m.name,
      ).toBeTruthy();
      expect(m.deprecationReason).toContain(REPLACED_UNTIL);
    }
  });

  const SHILONG: Office = { level: 'COUNTY', region: '410404', roles: ['editor'] };
  const REGISTER = `mutation ($input: RegisterSchoolInput!) {
    schoolRegister(input: $input) { school { id name region { code } } userErrors { code message field } }
  }`;

  test('schoolRegister: the school made, no user errors; the same again refused as data (BAD_USER_INPUT on name), nothing made', async ({
    hub,
  }) => {
    const input = { name: `石龙区第${randomUUID().slice(0, 4)}实验学校`, regionCode: '410404', stage: 'PRIMARY' };
    const made = await hub.query(REGISTER, { input }, SHILONG);
    expect(made.errors).toBeUndefined();
    expect(made.data.schoolRegister).toMatchObject({ school: { name: input.name, region: { code: '410404' } }, userErrors: [] });
    const again = await hub.query(REGISTER, { input }, SHILONG);
    expect(again.errors).toBeUndefined();
    expect(again.data.schoolRegister.school).toBeNull();
    expect(again.data.schoolRegister.userErrors).toEqual([
      { code: 'BAD_USER_INPUT', message: expect.stringContaining(input.name), field: 'name' },
    ]);
    const schools = await hub.query('query { schools(within: "410404") { name } }', {}, SHILONG);
    expect(schools.data.schools.filter((s: { name: string }) => s.name === input.name)).toHaveLength(1);
  });

  test('registerSchool, deprecated, still answers as before: the school, and a refusal as an error', async ({ hub }) => {
    const input = { name: `石龙区第${randomUUID().slice(0, 4)}中学`, regionCode: '410404', stage: 'JUNIOR' };
    const old = 'mutation ($input: RegisterSchoolInput!) { registerSchool(input: $input) { id name } }';
    expect((await hub.query(old, { input }, SHILONG)).data.registerSchool.name).toBe(input.name);
    const again = await hub.query(old, { input }, SHILONG);
    expectRefusal(again, 'BAD_USER_INPUT', { argumentName: 'name' });
  });

  test('what is not a refusal of the change stays an error: a studio outside the scope is NOT_FOUND', async ({ hub }) => {
    const { data, errors } = await hub.query(
      'mutation ($s: ID!) { studioTransition(input: { id: $s, to: REVOKED, version: 1, reason: "x" }) { studio { id } userErrors { code } } }',
      { s: studio.id },
      { level: 'COUNTY', region: '410422', roles: ['editor'] },
    );
    expect(data?.studioTransition ?? null).toBeNull();
    expectRefusal({ errors }, 'NOT_FOUND');
  });

  test('teacherHonorAdd (converted from positional arguments): the honor recorded; an empty title refused as data (BAD_USER_INPUT)', async ({
    hub,
    county,
    teacher,
  }) => {
    const ADD = `mutation ($input: AddHonorInput!) {
      teacherHonorAdd(input: $input) { teacher { id } userErrors { code field } }
    }`;
    const made = await hub.query(ADD, { input: { teacherId: teacher, title: '优秀班主任', level: 'COUNTY' } }, county.office);
    expect(made.errors).toBeUndefined();
    expect(made.data.teacherHonorAdd).toEqual({ teacher: { id: teacher }, userErrors: [] });
    const refused = await hub.query(ADD, { input: { teacherId: teacher, title: ' ', level: 'COUNTY' } }, county.office);
    expect(refused.errors).toBeUndefined();
    expect(refused.data.teacherHonorAdd).toEqual({ teacher: null, userErrors: [{ code: 'BAD_USER_INPUT', field: null }] });
  });
});
