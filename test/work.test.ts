import { describe as plain, expect as expectPlain, it } from 'vitest';
import { demoStudio, studios } from './support/demo.ts';
import { seededRules } from './support/policies.ts';
import { continuingEducationHours, obligationStatus, periodOf } from '../subgraphs/studios/work/obligations.ts';
import { describe, expect, test, type Office, expectRefusal } from './support/hub.ts';

const rulesOf = seededRules;
const cycle = { startYear: 2019, endYear: 2021 };

plain('periods and obligations (003 四(职责)(二))', () => {
  it('weeks start on Monday; semesters run Sep–Jan and Feb–Aug', () => {
    expectPlain(periodOf('WEEK', '2020-03-11', cycle)).toEqual({ start: '2020-03-09', end: '2020-03-15' });
    expectPlain(periodOf('SEMESTER', '2021-01-31', cycle)).toEqual({ start: '2020-09-01', end: '2021-01-31' });
    expectPlain(periodOf('SEMESTER', '2021-02-01', cycle)).toEqual({ start: '2021-02-01', end: '2021-08-31' });
    expectPlain(periodOf('MONTH', '2020-02-10', cycle)).toEqual({ start: '2020-02-01', end: '2020-02-29' });
  });

  it('weekly online training: MET this week, BEHIND while last week was met, OVERDUE when last week was missed', () => {
    const weekly = (work: { kind: 'ONLINE_TRAINING'; doneOn: string }[], asOf: string) =>
      obligationStatus(rulesOf('003-shenzhen-2'), work, asOf, cycle).find((o) => o.kind === 'ONLINE_TRAINING')!.state;
    expectPlain(weekly([{ kind: 'ONLINE_TRAINING', doneOn: '2020-03-09' }], '2020-03-11')).toBe('MET');
    expectPlain(weekly([{ kind: 'ONLINE_TRAINING', doneOn: '2020-03-04' }], '2020-03-11')).toBe('BEHIND');
    expectPlain(weekly([{ kind: 'ONLINE_TRAINING', doneOn: '2020-02-26' }], '2020-03-11')).toBe('OVERDUE');
  });

  it('a cycle obligation is OVERDUE only once the cycle is over', () => {
    const collection = (asOf: string) =>
      obligationStatus(rulesOf('003-shenzhen-2'), [], asOf, cycle).find((o) => o.kind === 'OUTCOME_COLLECTION')!.state;
    expectPlain(collection('2021-12-31')).toBe('BEHIND');
    expectPlain(collection('2022-01-01')).toBe('OVERDUE');
  });

  it('half a day of collective activity counts 3 continuing-education hours (003 五(二))', () => {
    expectPlain(continuingEducationHours(1)).toBe(3);
    expectPlain(continuingEducationHours(2)).toBe(6);
    expectPlain(continuingEducationHours(null)).toBe(0);
  });
});

const RECORD = `mutation ($input: RecordWorkInput!) { recordWork(input: $input) { id continuingEducationHours } }`;
const vocational = demoStudio({ policyId: '002-vocational-school' });
const school: Office = { level: 'SCHOOL', region: vocational.regionCode, school: vocational.hostSchoolId, roles: ['editor'] };

describe('work, attendance and the absence rule through the gateway', () => {
  test('002 方案1: a member absent from a third of activities leaves; one absent from a quarter stays', async ({ hub }) => {
    const [a, b, c, d] = vocational.members.map((m) => m.teacherId);
    // four activities; `c` has attendance recorded in three of them only
    const plan = [
      { attended: [b, c, d], absent: [a] },
      { attended: [c, d], absent: [a, b] },
      { attended: [a, b, d], absent: [c] },
      { attended: [a, b], absent: [d] },
    ];
    for (const [i, { attended, absent }] of plan.entries()) {
      const { data, errors } = await hub.query(
        RECORD,
        {
          input: {
            studioId: vocational.id,
            kind: 'OFFLINE_STUDY',
            title: `集中研修 ${i + 1}`,
            doneOn: `2025-10-0${i + 1}`,
            halfDays: 2,
            attended,
            absent,
          },
        },
        school,
      );
      expect(errors).toBeUndefined();
      expect(data.recordWork.continuingEducationHours).toBe(6);
    }
    const { data } = await hub.query(
      'query ($id: ID!) { studio(id: $id) { version absences { teacher { id } recorded absent reachesLimit } } }',
      { id: vocational.id },
      school,
    );
    const byId = new Map(data.studio.absences.map((x: any) => [x.teacher.id, x]));
    expect(byId.get(a)).toMatchObject({ recorded: 4, absent: 2, reachesLimit: true }); // 1/2
    expect(byId.get(b)).toMatchObject({ recorded: 4, absent: 1, reachesLimit: false }); // 1/4: under a third
    expect(byId.get(c)).toMatchObject({ recorded: 3, absent: 1, reachesLimit: true }); // exactly 1/3: 以上 includes it
    const applied = await hub.query(
      'mutation ($id: ID!, $v: Int!) { applyAbsenceRule(studioId: $id, version: $v) { members { teacher { id } } } }',
      { id: vocational.id, v: data.studio.version },
      { ...school, level: 'SCHOOL' },
    );
    expect(applied.errors).toBeUndefined();
    const remaining = applied.data.applyAbsenceRule.members.map((m: any) => m.teacher.id);
    expect(remaining).toContain(b);
    expect(remaining).not.toContain(a);
    expect(remaining).not.toContain(c);
  });

  test("obligations through the gateway: a Shenzhen studio's weekly online training", async ({ hub }) => {
    const studio = demoStudio({ policyId: '003-shenzhen-2', status: 'WARNED' });
    const office: Office = { level: 'CITY', region: '440300', roles: ['editor'] };
    await hub.query(
      RECORD,
      { input: { studioId: studio.id, kind: 'ONLINE_TRAINING', title: '线上研修', doneOn: '2020-03-09', halfDays: 1 } },
      office,
    );
    const { data } = await hub.query(
      'query ($id: ID!) { studio(id: $id) { obligations(asOf: "2020-03-11") { kind per state done seed } } }',
      { id: studio.id },
      office,
    );
    expect(data.studio.obligations.find((o: any) => o.kind === 'ONLINE_TRAINING')).toEqual({
      kind: 'ONLINE_TRAINING',
      per: 'WEEK',
      state: 'MET',
      done: 1,
      seed: '003 四(职责)(二)',
    });
    expect(data.studio.obligations.find((o: any) => o.kind === 'OFFLINE_STUDY').state).toBe('OVERDUE');
  });

  test("bad records are refused whole: a stranger in the attendance, attendance on a paper, another office's studio", async ({
    hub,
  }) => {
    const base = { studioId: vocational.id, kind: 'LECTURE', title: '讲座', doneOn: '2025-11-01' };
    const stranger = await hub.query(RECORD, { input: { ...base, attended: [studios[0]!.hostTeacherId] } }, school);
    expectRefusal(stranger, 'BAD_USER_INPUT');
    const paper = await hub.query(
      RECORD,
      { input: { ...base, kind: 'PAPER', attended: [vocational.members[1]!.teacherId] } },
      school,
    );
    expect(paper.errors![0]!.message).toContain('只有活动');
    const other = await hub.query(RECORD, { input: base }, { level: 'COUNTY', region: '130102', roles: ['editor'] });
    expectRefusal(other, 'NOT_FOUND');
  });
});
