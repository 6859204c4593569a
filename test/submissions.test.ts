import { randomUUID } from 'node:crypto';
import { demoStudio, evaluations, schools, studios } from './support/demo.ts';
import { Evaluation } from '../subgraphs/evaluations/evaluation/evaluation.entity.ts';
import { describe, expect, test, type GraphQLResponse, type Office, type TestHub, expectRefusal } from './support/hub.ts';

// 000 五.2: 各县(市、区）教体局、局属学校对名班主任室建设和工作开展情况进行年度考核，并将考核结果上报市教育体育局。

const FIELDS = `region { code name } year status locked evaluationCount pendingCount passCount failCount
  submittedBy submittedAt decidedBy decidedAt returnReason version`;
const READ = `query ($c: ID!, $y: Int!) { region(code: $c) { annualSubmission(year: $y) { ${FIELDS} evaluations { id status result } } } }`;
const OVERVIEW = `query ($c: ID!, $y: Int!, $s: [AnnualSubmissionStatus!]) { region(code: $c) { annualSubmissions(year: $y, status: $s) {
  region { code } year countyCount submittedCount notSubmittedCount byStatus { status count } counties { region { code name } status pendingCount }
  schoolCount schools { region { code } school { id name } status evaluationCount pendingCount passCount } } } }`;
const SUBMIT = `mutation ($c: ID!, $y: Int!, $v: Int) { submitAnnualResults(countyCode: $c, year: $y, version: $v) { ${FIELDS} } }`;
const ACCEPT = `mutation ($c: ID!, $y: Int!, $v: Int!) { acceptAnnualResults(countyCode: $c, year: $y, version: $v) { ${FIELDS} } }`;
const RETURN = `mutation ($c: ID!, $y: Int!, $v: Int!, $r: String!) { returnAnnualResults(countyCode: $c, year: $y, version: $v, reason: $r) { ${FIELDS} } }`;
const RECORD = `mutation ($id: ID!, $v: Int!, $r: Grade!) { recordEvaluationResult(input: { id: $id, version: $v, result: $r }) { id status result version } }`;
const SCHEDULE = `mutation ($s: ID!, $y: Int!) { scheduleEvaluation(studioId: $s, kind: ANNUAL, year: $y) { id version } }`;

const office = (region: string, roles: Office['roles'] = ['evaluator']): Office => ({
  level: region.endsWith('0000') ? 'PROVINCE' : region.endsWith('00') ? 'CITY' : 'COUNTY',
  region,
  roles,
});
const PINGDINGSHAN = office('410400');
const YEXIAN = office('410422');

// a city-run school (局属学校) reports its own, under its city's code
const SCHOOL_FIELDS = `${FIELDS} school { id name }`;
const READ_SCHOOL = `query ($c: ID!, $s: ID!, $y: Int!) { region(code: $c) { annualSubmission(year: $y, schoolId: $s) { ${SCHOOL_FIELDS} evaluations { id status result } } } }`;
const SUBMIT_SCHOOL = `mutation ($c: ID!, $s: ID!, $y: Int!, $v: Int) { submitAnnualResults(countyCode: $c, schoolId: $s, year: $y, version: $v) { ${SCHOOL_FIELDS} } }`;
const ACCEPT_SCHOOL = `mutation ($c: ID!, $s: ID!, $y: Int!, $v: Int!) { acceptAnnualResults(countyCode: $c, schoolId: $s, year: $y, version: $v) { ${SCHOOL_FIELDS} } }`;
const RETURN_SCHOOL = `mutation ($c: ID!, $s: ID!, $y: Int!, $v: Int!, $r: String!) { returnAnnualResults(countyCode: $c, schoolId: $s, year: $y, version: $v, reason: $r) { ${SCHOOL_FIELDS} } }`;

const studioIn = (region: string, status: string) => studios.find((s) => s.regionCode === region && s.status === status)!;
const pendingAnnual = (region: string, year: number) =>
  evaluations.find((e) => e.regionCode === region && e.kind === 'ANNUAL' && e.year === year && e.status === 'PENDING')!;

async function read(hub: TestHub, county: string, year: number, as: Office) {
  const res = await hub.query(READ, { c: county, y: year }, as);
  expect(res.errors).toBeUndefined();
  return res.data.region.annualSubmission;
}

/** The city's return, open again for the submitter with the reason, one version on. */
const expectReturnedOpen = (returned: GraphQLResponse, reason: string) => {
  expect(returned.errors).toBeUndefined();
  expect(returned.data.returnAnnualResults).toMatchObject({
    status: 'RETURNED',
    locked: false,
    returnReason: reason,
    version: 2,
  });
};

describe('annual assessment results reported to the city (000 五.2)', () => {
  test('000 五.2: draft → submitted → returned with a reason → resubmitted → accepted', async ({ hub }) => {
    const draft = await read(hub, '410422', 2026, YEXIAN);
    expect(draft).toMatchObject({ status: 'DRAFT', locked: false, evaluationCount: 1, pendingCount: 1, version: 0 });
    expect(draft.region.name).toBe('叶县');

    // one annual assessment of 2026 is still pending: nothing to submit yet
    const early = await hub.query(SUBMIT, { c: '410422', y: 2026, v: 0 }, YEXIAN);
    expectRefusal(early, 'POLICY_VIOLATION', { pendingCount: 1, seed: '000 五.2' });
    expect(early.errors![0]!.message).toContain('1 项');

    // its result can be recorded while the county has not submitted, and then the county may submit
    const pending = pendingAnnual('410422', 2026);
    const recorded = await hub.query(RECORD, { id: pending.id, v: 1, r: 'PASS' }, YEXIAN);
    expect(recorded.errors).toBeUndefined();
    const submitted = await hub.query(SUBMIT, { c: '410422', y: 2026, v: 0 }, YEXIAN);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitAnnualResults).toMatchObject({
      status: 'SUBMITTED',
      locked: true,
      evaluationCount: 1,
      pendingCount: 0,
      passCount: 1,
      version: 1,
      returnReason: null,
      decidedBy: null,
    });
    expect(submitted.data.submitAnnualResults.submittedAt).toBeTruthy();

    // submitted once is enough
    expectRefusal(await hub.query(SUBMIT, { c: '410422', y: 2026 }, YEXIAN), 'CONFLICT');

    // the city returns them with its reason; the county sees it
    const reason = '周丽工作室尚未安排年度考核，请补充后重新上报';
    const returned = await hub.query(RETURN, { c: '410422', y: 2026, v: 1, r: reason }, PINGDINGSHAN);
    expectReturnedOpen(returned, reason);
    expect(await read(hub, '410422', 2026, YEXIAN)).toMatchObject({ status: 'RETURNED', returnReason: reason, version: 2 });

    // returned results are open again: the county adds the missing assessment and submits anew
    const onHold = studioIn('410422', 'ON_HOLD');
    const scheduled = await hub.query(SCHEDULE, { s: onHold.id, y: 2026 }, YEXIAN);
    expect(scheduled.errors).toBeUndefined();
    expectRefusal(await hub.query(SUBMIT, { c: '410422', y: 2026, v: 2 }, YEXIAN), 'POLICY_VIOLATION');
    const second = await hub.query(RECORD, { id: scheduled.data.scheduleEvaluation.id, v: 1, r: 'FAIL' }, YEXIAN);
    expect(second.errors).toBeUndefined();
    const resubmitted = await hub.query(SUBMIT, { c: '410422', y: 2026, v: 2 }, YEXIAN);
    expect(resubmitted.errors).toBeUndefined();
    expect(resubmitted.data.submitAnnualResults).toMatchObject({
      status: 'SUBMITTED',
      evaluationCount: 2,
      passCount: 1,
      failCount: 1,
      returnReason: null,
      version: 3,
    });

    // a decision on a version already superseded is refused
    expectRefusal(await hub.query(ACCEPT, { c: '410422', y: 2026, v: 2 }, PINGDINGSHAN), 'CONFLICT');
    const accepted = await hub.query(ACCEPT, { c: '410422', y: 2026, v: 3 }, PINGDINGSHAN);
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptAnnualResults).toMatchObject({ status: 'ACCEPTED', locked: true, version: 4 });
    expect(accepted.data.acceptAnnualResults.decidedBy).toBeTruthy();
    // accepted is final: neither submitted again nor returned
    expectRefusal(await hub.query(SUBMIT, { c: '410422', y: 2026, v: 4 }, YEXIAN), 'CONFLICT');
    expectRefusal(await hub.query(RETURN, { c: '410422', y: 2026, v: 4, r: '再看看' }, PINGDINGSHAN), 'CONFLICT');

    // every step is audited in the county's subtree
    const changes = await hub.query('{ region(code: "410422") { evaluationChanges { action entity summary } } }', {}, YEXIAN);
    const actions = changes.data.region.evaluationChanges
      .filter((c: { entity: string }) => c.entity === 'AnnualSubmission')
      .map((c: { action: string }) => c.action);
    expect(actions).toEqual(['acceptAnnualResults', 'submitAnnualResults', 'returnAnnualResults', 'submitAnnualResults']);
  });

  test('000 五.2: results locked once submitted or accepted — no result recorded, no annual assessment scheduled; other years stay open', async ({
    hub,
  }) => {
    // 舞钢市 2025: its one annual assessment has its result, so it may submit at once
    const wugang = office('410481');
    const studio = studioIn('410481', 'RUNNING');
    // a pending annual assessment of 2025 that reached the table without the hub (e.g. keyed in by hand), added
    // after the county submitted: the lock must hold for it too
    const em = hub.subgraphs.evaluations!.orm.fork();
    const stray = em.create(Evaluation, {
      id: randomUUID(),
      // another studio of the county (one studio has one annual assessment a year)
      studioId: randomUUID(),
      regionCode: studio.regionCode,
      hostSchoolId: studio.hostSchoolId,
      kind: 'ANNUAL',
      year: 2025,
      status: 'PENDING',
      result: null,
      version: 1,
    });

    const submitted = await hub.query(SUBMIT, { c: '410481', y: 2025 }, wugang);
    expect(submitted.data.submitAnnualResults).toMatchObject({ status: 'SUBMITTED', passCount: 1, version: 1 });
    await em.flush();

    // submitted, not yet decided: locked
    const whileSubmitted = await hub.query(RECORD, { id: stray.id, v: 1, r: 'PASS' }, wugang);
    expectRefusal(whileSubmitted, 'CONFLICT', { rule: 'annualSubmission.locked', submissionStatus: 'SUBMITTED' });

    // accepted by the province above the city: locked for good
    const accepted = await hub.query(ACCEPT, { c: '410481', y: 2025, v: 1 }, office('410000'));
    expect(accepted.data.acceptAnnualResults.status).toBe('ACCEPTED');
    const record = await hub.query(RECORD, { id: stray.id, v: 1, r: 'PASS' }, wugang);
    expectRefusal(record, 'CONFLICT');
    expect(record.errors![0]!.message).toBe('该县（410481）2025 年年度考核结果已上报市级并被接收，已锁定');
    // not by the city either
    expectRefusal(await hub.query(RECORD, { id: stray.id, v: 1, r: 'PASS' }, PINGDINGSHAN), 'CONFLICT');
    const schedule = await hub.query(SCHEDULE, { s: studio.id, y: 2025 }, wugang);
    expectRefusal(schedule, 'CONFLICT', { rule: 'annualSubmission.locked', submissionStatus: 'ACCEPTED' });

    // the next year of the same county is not locked
    const next = await hub.query(SCHEDULE, { s: studio.id, y: 2026 }, wugang);
    expect(next.errors).toBeUndefined();
    const nextResult = await hub.query(RECORD, { id: next.data.scheduleEvaluation.id, v: 1, r: 'PASS' }, wugang);
    expect(nextResult.errors).toBeUndefined();
    expect(await read(hub, '410481', 2026, wugang)).toMatchObject({ status: 'DRAFT', locked: false, passCount: 1 });
  });

  test('000 五.2: a submission and a new annual assessment of the same county-year racing: exactly one wins', async ({ hub }) => {
    // 湛河区 2026 has no annual assessment yet; the county schedules one and submits at the same moment
    const zhanhe = office('410411');
    const studio = studioIn('410411', 'RUNNING');
    const [scheduled, submitted] = await Promise.all([
      hub.query(SCHEDULE, { s: studio.id, y: 2026 }, zhanhe),
      hub.query(SUBMIT, { c: '410411', y: 2026 }, zhanhe),
    ]);
    expect([scheduled.errors, submitted.errors].filter((e) => e === undefined)).toHaveLength(1);
    const after = await read(hub, '410411', 2026, zhanhe);
    // never a pending assessment inside submitted results
    expect(after.status === 'SUBMITTED' ? after.evaluationCount : after.pendingCount).toBe(after.status === 'SUBMITTED' ? 0 : 1);
  });

  test('000 五.2: the city sees each of its counties and who has not submitted', async ({ hub }) => {
    // 鲁山县 2026: its annual assessment has its result; it submits
    expect((await hub.query(SUBMIT, { c: '410423', y: 2026 }, office('410423'))).errors).toBeUndefined();

    const res = await hub.query(OVERVIEW, { c: '410400', y: 2026 }, PINGDINGSHAN);
    expect(res.errors).toBeUndefined();
    const overview = res.data.region.annualSubmissions;
    const byCode = Object.fromEntries(overview.counties.map((c: { region: { code: string } }) => [c.region.code, c]));
    expect(byCode['410423']).toMatchObject({ status: 'SUBMITTED', region: { name: '鲁山县' } });
    expect(byCode['410425']).toMatchObject({ status: 'DRAFT', pendingCount: 1 }); // 郏县: one still pending
    expect(byCode['410421']).toMatchObject({ status: 'NOT_STARTED', pendingCount: 0 }); // 宝丰县: no annual assessment
    expect(overview.counties.every((c: { region: { code: string } }) => /^4104\d\d$/.test(c.region.code))).toBe(true);
    expect(overview.countyCount).toBe(overview.counties.length);
    expect(overview.countyCount).toBeGreaterThanOrEqual(10);
    expect(overview.submittedCount + overview.notSubmittedCount).toBe(overview.countyCount);
    expect(overview.byStatus.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(overview.countyCount);

    // only those that have not submitted
    const outstanding = await hub.query(
      OVERVIEW,
      { c: '410400', y: 2026, s: ['NOT_STARTED', 'DRAFT', 'RETURNED'] },
      PINGDINGSHAN,
    );
    const codes = outstanding.data.region.annualSubmissions.counties.map((c: { region: { code: string } }) => c.region.code);
    expect(codes).toContain('410425');
    expect(codes).toContain('410421');
    expect(codes).not.toContain('410423');
    expect(codes).toHaveLength(overview.notSubmittedCount);

    // the province sees a city's list too
    const province = await hub.query(OVERVIEW, { c: '410400', y: 2026 }, office('410000', ['viewer']));
    expect(province.data.region.annualSubmissions.countyCount).toBe(overview.countyCount);

    // the city downloads the same list, in Chinese, one row per county
    const csv = await fetch(`${hub.url}/export/annual-submissions.csv?within=410400&year=2026`, {
      headers: { authorization: `Bearer ${await hub.token(PINGDINGSHAN)}` },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text())
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toBe(
      '区县,区县代码,局属学校,上报状态,年度考核数,待评,合格,不合格,上报时间（北京时间）,处理时间（北京时间）,退回原因,上报状态代码',
    );
    // and one per city-run school (局属学校) after the counties
    expect(lines).toHaveLength(overview.countyCount + overview.schoolCount + 1);
    expect(lines.find((l) => l.startsWith('鲁山县,410423,,已上报,') && l.endsWith(',SUBMITTED'))).toBeDefined();
  });

  test('000 五.2: the county submits its own; its city or the province decides, never the county; another city is FORBIDDEN', async ({
    hub,
  }) => {
    const baofeng = office('410421');
    // 宝丰县 2025 has no annual assessment: it reports that, but only the county office itself, with an evaluator role
    expectRefusal(await hub.query(SUBMIT, { c: '410421', y: 2025 }, PINGDINGSHAN), 'FORBIDDEN');
    expectRefusal(await hub.query(SUBMIT, { c: '410421', y: 2025 }, YEXIAN), 'FORBIDDEN');
    expectRefusal(await hub.query(SUBMIT, { c: '410421', y: 2025 }, office('410421', ['viewer'])), 'FORBIDDEN');
    expectRefusal(await hub.query(SUBMIT, { c: '410400', y: 2025 }, PINGDINGSHAN), 'BAD_USER_INPUT');
    const submitted = await hub.query(SUBMIT, { c: '410421', y: 2025, v: 0 }, baofeng);
    expect(submitted.data.submitAnnualResults).toMatchObject({ status: 'SUBMITTED', evaluationCount: 0, version: 1 });

    // a county cannot accept or return its own; another city cannot decide
    expectRefusal(await hub.query(ACCEPT, { c: '410421', y: 2025, v: 1 }, baofeng), 'FORBIDDEN');
    expectRefusal(await hub.query(RETURN, { c: '410421', y: 2025, v: 1, r: '自己退回' }, baofeng), 'FORBIDDEN');
    expectRefusal(await hub.query(ACCEPT, { c: '410421', y: 2025, v: 1 }, office('410100')), 'FORBIDDEN');
    expectRefusal(await hub.query(ACCEPT, { c: '410421', y: 2025, v: 1 }, office('440300')), 'FORBIDDEN');
    expectRefusal(await hub.query(ACCEPT, { c: '410421', y: 2025, v: 1 }, office('410400', ['viewer'])), 'FORBIDDEN');

    // a return needs a reason
    for (const r of ['', '   ']) {
      const res = await hub.query(RETURN, { c: '410421', y: 2025, v: 1, r }, PINGDINGSHAN);
      expectRefusal(res, 'BAD_USER_INPUT', { argumentName: 'reason' });
    }
    expect((await read(hub, '410421', 2025, baofeng)).status).toBe('SUBMITTED');
    // nothing to decide where nothing was submitted
    expectRefusal(await hub.query(ACCEPT, { c: '410425', y: 2025, v: 0 }, PINGDINGSHAN), 'CONFLICT');

    // who reads what: the county its own, not its neighbour's nor the city's list; another city nothing; no school
    const neighbour = await hub.query(
      '{ region(code: "410422") { parent { children { code annualSubmission(year: 2025) { status } } } } }',
      {},
      YEXIAN,
    );
    expect(neighbour.errors?.some((e) => e.extensions?.code === 'FORBIDDEN')).toBe(true);
    const cityList = await hub.query(
      '{ region(code: "410422") { parent { annualSubmissions(year: 2025) { countyCount } } } }',
      {},
      YEXIAN,
    );
    expectRefusal(cityList, 'FORBIDDEN');
    expect(cityList.errors![0]!.path).toEqual(['region', 'parent', 'annualSubmissions']);
    expectRefusal(await hub.query(OVERVIEW, { c: '410400', y: 2025 }, office('410100', ['viewer'])), 'FORBIDDEN');
    expectRefusal(await hub.query(READ, { c: '410421', y: 2025 }, office('410100', ['viewer'])), 'FORBIDDEN');
    const school = studioIn('410421', 'ON_HOLD').hostSchoolId;
    const asSchool = await hub.query(
      READ,
      { c: '410421', y: 2025 },
      { level: 'SCHOOL', region: '410421', school, roles: ['admin'] },
    );
    expectRefusal(asSchool, 'FORBIDDEN');

    // the city accepts
    const accepted = await hub.query(ACCEPT, { c: '410421', y: 2025, v: 1 }, PINGDINGSHAN);
    expect(accepted.data.acceptAnnualResults).toMatchObject({ status: 'ACCEPTED', version: 2 });
  });
});

describe('a city-run school (局属学校) reports its own annual results to the city (000 五.2)', () => {
  // 000 五.2: 各县(市、区）教体局、局属学校……进行年度考核，并将考核结果上报市教育体育局. 平顶山市求是高级中学 is run by
  // the city: its studio is registered at 410400 with it as host school, so no county's submission holds it.
  const cityStudio = demoStudio({ regionCode: '410400' });
  const QIUSHI = cityStudio.hostSchoolId;
  const DUXING = schools.find((s) => s.regionCode === '410400' && s.id !== QIUSHI)!.id;
  const asSchool = (school: string, roles: Office['roles'] = ['evaluator']): Office => ({
    level: 'SCHOOL',
    region: '410400',
    school,
    roles,
  });
  const unit = { c: '410400', s: QIUSHI };
  /** The city-run school's own results, not yet submitted: its one evaluation of the year. */
  const QIUSHI_DRAFT = {
    region: { code: '410400' },
    school: { id: QIUSHI, name: '平顶山市求是高级中学' },
    status: 'DRAFT',
    evaluationCount: 1,
  };

  test('000 五.2: the school submits its own; pending results refuse it; the city returns with a reason, the province accepts; the lock holds', async ({
    hub,
  }) => {
    const school = asSchool(QIUSHI);
    // the city (the evaluating office of a city-run studio) schedules its 2026 annual assessment: still pending
    const scheduled = await hub.query(SCHEDULE, { s: cityStudio.id, y: 2026 }, PINGDINGSHAN);
    expect(scheduled.errors).toBeUndefined();
    const draft = await hub.query(READ_SCHOOL, { ...unit, y: 2026 }, school);
    expect(draft.errors).toBeUndefined();
    expect(draft.data.region.annualSubmission).toMatchObject({ ...QIUSHI_DRAFT, pendingCount: 1, version: 0 });

    const early = await hub.query(SUBMIT_SCHOOL, { ...unit, y: 2026, v: 0 }, school);
    expectRefusal(early, 'POLICY_VIOLATION', { rule: 'annualSubmission.noPending', pendingCount: 1, seed: '000 五.2' });
    const recorded = await hub.query(RECORD, { id: scheduled.data.scheduleEvaluation.id, v: 1, r: 'PASS' }, PINGDINGSHAN);
    expect(recorded.errors).toBeUndefined();

    // nobody else submits for it: not a county office, not the city, not another city-run school, not a viewer
    for (const other of [YEXIAN, PINGDINGSHAN, asSchool(DUXING), asSchool(QIUSHI, ['viewer'])]) {
      expectRefusal(await hub.query(SUBMIT_SCHOOL, { ...unit, y: 2026 }, other), 'FORBIDDEN');
    }
    // the city's code alone is no unit: the school says which it is
    expectRefusal(await hub.query(SUBMIT, { c: '410400', y: 2026 }, school), 'BAD_USER_INPUT');

    const submitted = await hub.query(SUBMIT_SCHOOL, { ...unit, y: 2026, v: 0 }, school);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitAnnualResults).toMatchObject({
      school: { id: QIUSHI },
      status: 'SUBMITTED',
      locked: true,
      passCount: 1,
      version: 1,
    });

    // locked: no result changed, no annual assessment of 2026 scheduled, not even by the city
    const record = await hub.query(RECORD, { id: scheduled.data.scheduleEvaluation.id, v: 2, r: 'FAIL' }, PINGDINGSHAN);
    expectRefusal(record, 'CONFLICT', {
      rule: 'annualSubmission.locked',
      submissionStatus: 'SUBMITTED',
      regionCode: '410400',
      schoolId: QIUSHI,
    });
    expectRefusal(await hub.query(SCHEDULE, { s: cityStudio.id, y: 2026 }, PINGDINGSHAN), 'CONFLICT');
    // the school's lock is its own: the city's counties stay open
    expect((await read(hub, '410425', 2026, office('410425'))).locked).toBe(false); // 郏县

    // the school never decides its own, nor does a county
    expectRefusal(await hub.query(ACCEPT_SCHOOL, { ...unit, y: 2026, v: 1 }, asSchool(QIUSHI, ['admin'])), 'FORBIDDEN');
    expectRefusal(await hub.query(ACCEPT_SCHOOL, { ...unit, y: 2026, v: 1 }, YEXIAN), 'FORBIDDEN');

    // the city returns them with its reason; the school sees it and its results open again
    const reason = '请补充工作室年度工作总结后重新上报';
    const returned = await hub.query(RETURN_SCHOOL, { ...unit, y: 2026, v: 1, r: reason }, PINGDINGSHAN);
    expectReturnedOpen(returned, reason);
    const seen = await hub.query(READ_SCHOOL, { ...unit, y: 2026 }, school);
    expect(seen.data.region.annualSubmission).toMatchObject({ status: 'RETURNED', returnReason: reason });

    // submitted anew, accepted by the province above the city: locked for good
    expect((await hub.query(SUBMIT_SCHOOL, { ...unit, y: 2026, v: 2 }, school)).errors).toBeUndefined();
    const accepted = await hub.query(ACCEPT_SCHOOL, { ...unit, y: 2026, v: 3 }, office('410000'));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data.acceptAnnualResults).toMatchObject({ status: 'ACCEPTED', locked: true, version: 4 });
    const schedule = await hub.query(SCHEDULE, { s: cityStudio.id, y: 2026 }, PINGDINGSHAN);
    expectRefusal(schedule, 'CONFLICT', { rule: 'annualSubmission.locked', submissionStatus: 'ACCEPTED' });
    expectRefusal(await hub.query(SUBMIT_SCHOOL, { ...unit, y: 2026, v: 4 }, school), 'CONFLICT');

    // every step audited at the city
    const changes = await hub.query(
      '{ region(code: "410400") { evaluationChanges { action entity summary } } }',
      {},
      PINGDINGSHAN,
    );
    const actions = changes.data.region.evaluationChanges
      .filter((c: { entity: string; summary: string }) => c.entity === 'AnnualSubmission' && c.summary.includes(QIUSHI))
      .map((c: { action: string }) => c.action);
    expect(actions).toEqual(['acceptAnnualResults', 'submitAnnualResults', 'returnAnnualResults', 'submitAnnualResults']);
  });

  test("000 五.2: the city's list and export show its city-run school beside the counties; outsiders are refused alike", async ({
    hub,
  }) => {
    // 2025: the school's one annual assessment has its result
    const before = await hub.query(OVERVIEW, { c: '410400', y: 2025 }, PINGDINGSHAN);
    expect(before.errors).toBeUndefined();
    const list = before.data.region.annualSubmissions;
    expect(list.schoolCount).toBe(1);
    expect(list.schools).toEqual([{ ...QIUSHI_DRAFT, pendingCount: 0, passCount: 1 }]);
    // no county holds the school's results
    expect(list.counties.some((c: { region: { code: string } }) => c.region.code === '410400')).toBe(false);

    expect((await hub.query(SUBMIT_SCHOOL, { ...unit, y: 2025 }, asSchool(QIUSHI, ['admin']))).errors).toBeUndefined();
    const submitted = await hub.query(OVERVIEW, { c: '410400', y: 2025, s: ['SUBMITTED'] }, PINGDINGSHAN);
    expect(submitted.data.region.annualSubmissions.schools.map((s: { school: { id: string } }) => s.school.id)).toEqual([QIUSHI]);
    const outstanding = await hub.query(OVERVIEW, { c: '410400', y: 2025, s: ['DRAFT', 'NOT_STARTED'] }, PINGDINGSHAN);
    expect(outstanding.data.region.annualSubmissions.schools).toEqual([]);

    const csv = await fetch(`${hub.url}/export/annual-submissions.csv?within=410400&year=2025`, {
      headers: { authorization: `Bearer ${await hub.token(PINGDINGSHAN)}` },
    });
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.find((l) => l.startsWith('平顶山市,410400,平顶山市求是高级中学,已上报,1,0,1,0,'))).toBeDefined();

    // the school reads its own but not the city's list; a county office or another school reads neither, and a
    // school id that is none gets the same answer as the real one
    expectRefusal(await hub.query(OVERVIEW, { c: '410400', y: 2025 }, asSchool(QIUSHI, ['admin'])), 'FORBIDDEN');
    for (const outsider of [YEXIAN, asSchool(DUXING, ['admin'])]) {
      expectRefusal(await hub.query(READ_SCHOOL, { ...unit, y: 2025 }, outsider), 'FORBIDDEN');
      expectRefusal(await hub.query(READ_SCHOOL, { c: '410400', s: randomUUID(), y: 2025 }, outsider), 'FORBIDDEN');
    }
    // a school id is asked for on a city only
    expectRefusal(await hub.query(READ_SCHOOL, { c: '410422', s: QIUSHI, y: 2025 }, PINGDINGSHAN), 'BAD_USER_INPUT');
  });
});
