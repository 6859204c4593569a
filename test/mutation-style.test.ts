import { randomUUID } from 'node:crypto';
import { demoStudio } from './support/demo.ts';
import { describe, expect, test, type Office } from './support/hub.ts';

// Issue 14 (one mutation style): mutations take `input:`; those that took positional arguments keep them, so the
// calls written before keep working, and a call gives one style or the other.
const studio = demoStudio({ policyId: '001-wujin', status: 'RUNNING' });
const WUJIN: Office = { level: 'COUNTY', region: '320412', roles: ['editor', 'finance'] };
const error = (r: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => r.errors?.[0];

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
      expect(error(answer)!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(error(answer)!.message).toContain('没有缺勤规定');
    }
  });

  test('signExpenditure: an expense that does not exist is NOT_FOUND in either style', async ({ hub }) => {
    const id = randomUUID();
    for (const [query, variables] of [
      ['mutation ($id: ID!) { signExpenditure(input: { id: $id, as: HOST }) { status } }', { id }],
      ['mutation ($id: ID!) { signExpenditure(id: $id, as: HOST) { status } }', { id }],
    ] as const) {
      expect(error(await hub.query(query, variables, WUJIN))!.extensions!.code).toBe('NOT_FOUND');
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
      expect(error(await hub.query(query, {}, WUJIN))!.extensions!.code, query).toBe('NOT_FOUND');
    }
  });

  test('both styles at once, or a required field missing, is BAD_USER_INPUT naming it', async ({ hub }) => {
    const both = await hub.query(
      'mutation ($id: ID!) { withdrawNomination(id: $id, input: { id: $id }) { id } }',
      { id: randomUUID() },
      WUJIN,
    );
    expect(error(both)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input' });
    expect(error(both)!.message).toContain('只用一种写法');
    const missing = await hub.query('mutation { nominateHost(policyId: "001-wujin", batch: "2026") { id } }', {}, WUJIN);
    expect(error(missing)!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'teacherId' });
    expect(error(missing)!.message).toContain('缺少参数 teacherId');
  });
});
