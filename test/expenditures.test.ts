import { demoStudio, schools } from './support/demo.ts';
import { describe, expect, test, type Office, expectRefusal } from './support/hub.ts';

const PROPOSE = `mutation ($input: ProposeExpenditureInput!) { proposeExpenditure(input: $input) { id status amount } }`;
const SIGN = `mutation ($id: ID!, $as: ExpenditureSigner!) { signExpenditure(id: $id, as: $as) { status hostSigned legalRepresentativeSigned } }`;
const FUNDING = 'query ($id: ID!) { studio(id: $id) { funding(year: 2026) { allocated spent balance } } }';
const studio = demoStudio({ policyId: '001-wujin', status: 'RUNNING' });
const FINANCE: Office = { level: 'COUNTY', region: '320412', roles: ['finance'] };
const hostSchool = schools.find((s) => s.id === studio.hostSchoolId)!;
// 003 经费办法 第四条: the host and the host school's legal representative, two people of the host school
const HOST: Office = {
  level: 'SCHOOL',
  region: hostSchool.regionCode,
  school: hostSchool.id,
  roles: ['editor'],
  subject: 'host-teacher',
};
const PRINCIPAL: Office = { ...HOST, roles: ['admin'], subject: 'principal' };
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
  test('up to the funds left, to the fen: 40000.01 is refused, 40000.00 accepted, then nothing more; booked after the host and the legal representative sign (003 经费办法 第四条)', async ({
    hub,
  }) => {
    const { data } = await hub.query(FUNDING, { id: studio.id }, FINANCE);
    expect(data.studio.funding).toEqual({ allocated: '40000.00', spent: '0.00', balance: '40000.00' });
    const over = await hub.query(PROPOSE, { input: input('40000.01') }, FINANCE);
    expectRefusal(over, 'POLICY_VIOLATION', { rule: 'funding.available', available: '40000.00' });
    const all = await hub.query(PROPOSE, { input: input('40000.00') }, FINANCE);
    expect(all.data.proposeExpenditure).toMatchObject({ status: 'PENDING_SIGNATURES', amount: '40000.00' });
    const more = await hub.query(PROPOSE, { input: input('0.01') }, FINANCE);
    expectRefusal(more, 'POLICY_VIOLATION', 'funding.available');

    // booked, and counted as spent, only when both have signed (双方签字后,方可入账核销)
    const id = all.data.proposeExpenditure.id;
    expect((await hub.query(SIGN, { id, as: 'HOST' }, HOST)).data.signExpenditure).toEqual({
      status: 'PENDING_SIGNATURES',
      hostSigned: true,
      legalRepresentativeSigned: false,
    });
    expect((await hub.query(FUNDING, { id: studio.id }, FINANCE)).data.studio.funding.spent).toBe('0.00');
    // 003 经费办法 第四条 "主持人和主持人所在学校法人代表双方签字": two people of the host school, never one twice
    const sign = (as: string, office: Office) => hub.query(SIGN, { id, as }, office);
    expectRefusal(await sign('LEGAL_REPRESENTATIVE', { ...HOST, roles: ['editor', 'admin'] }), 'POLICY_VIOLATION', {
      rule: 'expenditure.signers',
      seed: '003 经费办法 第四条',
    });
    expectRefusal(await sign('LEGAL_REPRESENTATIVE', { ...FINANCE, roles: ['admin'] }), 'FORBIDDEN');
    expectRefusal(await sign('LEGAL_REPRESENTATIVE', { ...PRINCIPAL, roles: ['editor'] }), 'FORBIDDEN');
    expectRefusal(await sign('HOST', { ...HOST, subject: 'another-teacher' }), 'CONFLICT');
    const booked = await hub.query(
      `mutation ($id: ID!) { signExpenditure(id: $id, as: LEGAL_REPRESENTATIVE) { status hostSignedBy hostSignedAt legalRepresentativeSignedBy legalRepresentativeSignedAt } }`,
      { id },
      PRINCIPAL,
    );
    expect(booked.data.signExpenditure).toMatchObject({
      status: 'BOOKED',
      hostSignedBy: 'host-teacher',
      legalRepresentativeSignedBy: 'principal',
    });
    expect(Date.parse(booked.data.signExpenditure.legalRepresentativeSignedAt)).toBeGreaterThanOrEqual(
      Date.parse(booked.data.signExpenditure.hostSignedAt),
    );
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
      expectRefusal({ errors }, 'POLICY_VIOLATION', 'funding.forbiddenUse');
      expect(errors![0]!.message).toContain('003');
    }
  });

  test('bad amounts and the wrong role are refused', async ({ hub }) => {
    expectRefusal(await hub.query(PROPOSE, { input: input('1.234') }, FINANCE), 'BAD_USER_INPUT');
    expectRefusal(await hub.query(PROPOSE, { input: input('0.00') }, FINANCE), 'BAD_USER_INPUT');
    expectRefusal(await hub.query(PROPOSE, { input: input('1.00') }, { ...FINANCE, roles: ['viewer'] }), 'FORBIDDEN');
  });
});
