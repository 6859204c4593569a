import { studios } from '../demo/world.ts';
import { describe, expect, test, type Office } from './support/hub.ts';

const PROPOSE = `mutation ($input: ProposeExpenditureInput!) { proposeExpenditure(input: $input) { id status amount } }`;
const SIGN = `mutation ($id: ID!, $as: ExpenditureSigner!) { signExpenditure(id: $id, as: $as) { status hostSigned legalRepresentativeSigned } }`;
const FUNDING = 'query ($id: ID!) { studio(id: $id) { funding(year: 2026) { allocated spent balance } } }';
const studio = studios.find((s) => s.policyId === '001-wujin' && s.status === 'RUNNING')!;
const FINANCE: Office = { level: 'COUNTY', region: '320412', roles: ['finance'] };
const input = (amount: string, use = 'SEMINAR') => ({
  studioId: studio.id,
  year: 2026,
  use,
  amount,
  purpose: '工作室研讨活动',
  voucher: 'V-2026-001',
  spentOn: '2026-10-10',
});

describe('spending under the funding rules of 003 经费办法', () => {
  test('up to the funds left, to the fen: 40000.01 is refused, 40000.00 accepted, then nothing more', async ({ hub }) => {
    const { data } = await hub.query(FUNDING, { id: studio.id }, FINANCE);
    expect(data.studio.funding).toEqual({ allocated: '40000.00', spent: '0.00', balance: '40000.00' });
    const over = await hub.query(PROPOSE, { input: input('40000.01') }, FINANCE);
    expect(over.errors![0]!.extensions).toMatchObject({
      code: 'POLICY_VIOLATION',
      rule: 'funding.available',
      available: '40000.00',
    });
    const all = await hub.query(PROPOSE, { input: input('40000.00') }, FINANCE);
    expect(all.data.proposeExpenditure).toMatchObject({ status: 'PENDING_SIGNATURES', amount: '40000.00' });
    const more = await hub.query(PROPOSE, { input: input('0.01') }, FINANCE);
    expect(more.errors![0]!.extensions!.rule).toBe('funding.available');

    // booked, and counted as spent, only when both have signed (双方签字后,方可入账核销)
    const id = all.data.proposeExpenditure.id;
    expect((await hub.query(SIGN, { id, as: 'HOST' }, FINANCE)).data.signExpenditure).toEqual({
      status: 'PENDING_SIGNATURES',
      hostSigned: true,
      legalRepresentativeSigned: false,
    });
    expect((await hub.query(FUNDING, { id: studio.id }, FINANCE)).data.studio.funding.spent).toBe('0.00');
    expect((await hub.query(SIGN, { id, as: 'LEGAL_REPRESENTATIVE' }, FINANCE)).data.signExpenditure.status).toBe('BOOKED');
    expect((await hub.query(FUNDING, { id: studio.id }, FINANCE)).data.studio.funding).toEqual({
      allocated: '40000.00',
      spent: '40000.00',
      balance: '0.00',
    });
  });

  test("the three public expenses, personal consumption and the host school's own costs are refused, citing 003", async ({
    hub,
  }) => {
    for (const use of [
      'OFFICIAL_RECEPTION',
      'OFFICIAL_VEHICLE',
      'OFFICIAL_OVERSEAS_TRAVEL',
      'PERSONAL_CONSUMPTION',
      'HOST_SCHOOL_PUBLIC_EXPENSE',
    ]) {
      const { errors } = await hub.query(PROPOSE, { input: input('100.00', use) }, FINANCE);
      expect(errors![0]!.extensions, use).toMatchObject({ code: 'POLICY_VIOLATION', rule: 'funding.forbiddenUse' });
      expect(errors![0]!.message).toContain('003');
    }
  });

  test('bad amounts and the wrong role are refused', async ({ hub }) => {
    expect((await hub.query(PROPOSE, { input: input('1.234') }, FINANCE)).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect((await hub.query(PROPOSE, { input: input('0.00') }, FINANCE)).errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(
      (await hub.query(PROPOSE, { input: input('1.00') }, { ...FINANCE, roles: ['viewer'] })).errors![0]!.extensions!.code,
    ).toBe('FORBIDDEN');
  });
});
