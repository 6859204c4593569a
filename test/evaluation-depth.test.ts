import { demoId, evaluations, schools, studios, teachers } from './support/demo.ts';
import { today } from '../lib/domain/clock.ts';
import { describe, expect, test, type Office, type TestHub, expectRefusal } from './support/hub.ts';

const SCHEDULE = `mutation ($s: ID!, $k: EvaluationKind!, $y: Int!, $r: ID) {
  scheduleEvaluation(studioId: $s, kind: $k, year: $y, evaluatingRegion: $r) { id version evaluatingOffice { region { code } level } }
}`;
const RECORD = `mutation ($id: ID!, $v: Int!, $r: Grade!, $scores: [EvaluationScoreInput!]) {
  recordEvaluationResult(input: { id: $id, version: $v, result: $r, scores: $scores }) {
    id status result normalized completedOn version scores { criterion maxScore score } totalScore maxTotal
  }
}`;
const EVALUATION = `query ($id: ID!) { evaluation(id: $id) {
  status version result normalized evaluatingOffice { region { code } level }
  rectifications { id opinion deadline status resolvedAt note }
} }`;
const ADD_OPINION = `mutation ($e: ID!, $o: String!, $d: String!) {
  addRectificationOpinion(evaluationId: $e, opinion: $o, deadline: $d) { id opinion deadline status resolvedAt note }
}`;
const RESOLVE = `mutation ($id: ID!, $n: String!) { resolveRectification(id: $id, note: $n) { id status resolvedAt note } }`;
const OPEN = `query ($id: ID!) { studio(id: $id) { openRectifications { id status deadline evaluation { id } } } }`;
const RATE = `mutation ($s: ID!, $t: ID!, $sem: String!, $r: Grade!) {
  rateMember(studioId: $s, teacherId: $t, semester: $sem, rating: $r) { id semester rating normalized teacher { id } }
}`;
const RATINGS = `query ($id: ID!, $sem: String) { studio(id: $id) { memberRatings(semester: $sem) { semester rating normalized teacher { id } } } }`;
const SUMMARY = `query ($code: ID!) { region(code: $code) { evaluations { count byResult { result normalized count } passed passedWithDistinction failed } } }`;
const ROLLUP = `query ($w: ID!) { evaluationRollup(within: $w, groupBy: [KIND]) { kind count passed passedWithDistinction failed } }`;

const evaluator = (region: string): Office => ({
  level: region.endsWith('0000') ? 'PROVINCE' : region.endsWith('00') ? 'CITY' : 'COUNTY',
  region,
  roles: ['evaluator'],
});
const studio = (key: string) => studios.find((s) => s.id === demoId('studio', key))!;
const evaluationId = (key: string) => demoId('evaluation', key);
const versionOf = async (hub: TestHub, id: string) => (await hub.query(EVALUATION, { id })).data.evaluation.version as number;
const addDays = (date: string, days: number) => new Date(Date.parse(date) + days * 86_400_000).toISOString().slice(0, 10);

/** The semester today lies in, and the next one (not begun yet): autumn from 1 September, spring from 1 February. */
function semesters(on = today()): { current: string; next: string } {
  const year = Number(on.slice(0, 4));
  const month = Number(on.slice(5, 7));
  if (month >= 9) return { current: `${year}-${year + 1}-1`, next: `${year}-${year + 1}-2` };
  if (month >= 2) return { current: `${year - 1}-${year}-2`, next: `${year}-${year + 1}-1` };
  return { current: `${year - 1}-${year}-1`, next: `${year - 1}-${year}-2` };
}

// 胡霞名班主任工作室 in 叶县 (410422): 000, running, its 2026 annual assessment pending
const yexian = studio('pds-yx-2');
const county = evaluator(yexian.regionCode);
const city = evaluator('410400');
const otherCounty = evaluator('410423'); // 鲁山县

describe('the evaluating office (评估机关)', () => {
  test('is the scheduling office, or the one named if it is the studio’s region or above it and in scope', async ({ hub }) => {
    const own = await hub.query(SCHEDULE, { s: yexian.id, k: 'ANNUAL', y: 2027 }, county);
    expect(own.data.scheduleEvaluation.evaluatingOffice).toEqual({ region: { code: yexian.regionCode }, level: 'COUNTY' });
    const named = await hub.query(SCHEDULE, { s: yexian.id, k: 'ANNUAL', y: 2024, r: yexian.regionCode }, city);
    expect(named.data.scheduleEvaluation.evaluatingOffice).toEqual({ region: { code: yexian.regionCode }, level: 'COUNTY' });
    // a municipal studio's creation evaluation is the city's: the county cannot be named for it (000 五.1)
    expectRefusal(
      await hub.query(SCHEDULE, { s: yexian.id, k: 'CREATION', y: 2024, r: yexian.regionCode }, city),
      'BAD_USER_INPUT',
    );
    const byCity = await hub.query(SCHEDULE, { s: yexian.id, k: 'FINAL', y: 2027 }, city);
    expect(byCity.data.scheduleEvaluation.evaluatingOffice).toEqual({ region: { code: '410400' }, level: 'CITY' });
  });

  test('a named office outside the studio’s line is BAD_USER_INPUT, above the scheduler’s scope FORBIDDEN, a studio outside it NOT_FOUND', async ({
    hub,
  }) => {
    const sibling = await hub.query(SCHEDULE, { s: yexian.id, k: 'CREATION', y: 2024, r: '410423' }, city);
    expectRefusal(sibling, 'BAD_USER_INPUT');
    const malformed = await hub.query(SCHEDULE, { s: yexian.id, k: 'CREATION', y: 2024, r: '4104' }, city);
    expectRefusal(malformed, 'BAD_USER_INPUT');
    const above = await hub.query(SCHEDULE, { s: yexian.id, k: 'CREATION', y: 2024, r: '410000' }, county);
    expectRefusal(above, 'FORBIDDEN');
    expectRefusal(await hub.query(SCHEDULE, { s: yexian.id, k: 'CREATION', y: 2024 }, otherCounty), 'NOT_FOUND');
  });

  test('rows kept before it: the annual assessment by the county, the others by the city (000 五.1, 五.2)', async ({ hub }) => {
    const annual = await hub.query(EVALUATION, { id: evaluationId('pds-yx-2:ANNUAL:2026') });
    expect(annual.data.evaluation.evaluatingOffice).toEqual({ region: { code: '410422' }, level: 'COUNTY' });
    const second = await hub.query(EVALUATION, { id: evaluationId('pds-yx-1:SECOND_EVALUATION:2026') });
    expect(second.data.evaluation.evaluatingOffice).toEqual({ region: { code: '410400' }, level: 'CITY' });
  });

  test('a result is recorded by the evaluating office or one above it: a county cannot record the city’s 二次评估', async ({
    hub,
  }) => {
    const id = evaluationId('pds-yx-1:SECOND_EVALUATION:2026');
    const res = await hub.query(RECORD, { id, v: 1, r: 'PASS' }, county);
    expectRefusal(res, 'FORBIDDEN');
    expect(res.errors![0]!.message).toContain('410400');
    expect((await hub.query(EVALUATION, { id })).data.evaluation.status).toBe('PENDING');
    // another county's evaluator does not even see it
    expectRefusal(
      await hub.query(RECORD, { id: evaluationId('pds-yx-2:ANNUAL:2026'), v: 1, r: 'PASS' }, otherCounty),
      'NOT_FOUND',
    );
  });
});

describe('criteria and scores', () => {
  // 王伟名班主任工作室 in 湛河区: schedule its 2026 annual assessment to score it
  const zhanhe = studio('pds-zh-1');
  const zhanheCounty = evaluator(zhanhe.regionCode);
  let id = '';

  test('a score must lie within 0–maxScore, maxScore above 0, criteria named and unique: each refused whole', async ({ hub }) => {
    id = (await hub.query(SCHEDULE, { s: zhanhe.id, k: 'ANNUAL', y: 2026 }, zhanheCounty)).data.scheduleEvaluation.id;
    const bad: [string, object[]][] = [
      ['score above maxScore', [{ criterion: '活动开展', maxScore: 10, score: 11 }]],
      ['negative score', [{ criterion: '活动开展', maxScore: 10, score: -1 }]],
      ['maxScore 0', [{ criterion: '活动开展', maxScore: 0, score: 0 }]],
      ['blank criterion', [{ criterion: '  ', maxScore: 10, score: 5 }]],
      [
        'duplicate criterion',
        [
          { criterion: '活动开展', maxScore: 10, score: 5 },
          { criterion: ' 活动开展', maxScore: 20, score: 5 },
        ],
      ],
    ];
    for (const [, scores] of bad) {
      const res = await hub.query(RECORD, { id, v: 1, r: 'PASS', scores }, zhanheCounty);
      expectRefusal(res, 'BAD_USER_INPUT');
    }
    expect(await versionOf(hub, id)).toBe(1); // nothing was recorded
  });

  test('scores at the limits (0 and maxScore) are kept in order with their totals; completedOn is today', async ({ hub }) => {
    const scores = [
      { criterion: '工作室成员组建情况', maxScore: 30, score: 30 },
      { criterion: '工作开展情况', maxScore: 50, score: 42 },
      { criterion: '区域和学校支持情况', maxScore: 20, score: 0 },
    ];
    const res = await hub.query(RECORD, { id, v: 1, r: 'PASS', scores }, zhanheCounty);
    expect(res.errors).toBeUndefined();
    expect(res.data.recordEvaluationResult).toMatchObject({
      status: 'COMPLETED',
      result: 'PASS',
      normalized: 'PASSED',
      completedOn: today(),
      scores,
      totalScore: 72,
      maxTotal: 100,
    });
  });

  test('an evaluation recorded without scores has none and no totals', async ({ hub }) => {
    const got = await hub.query('query ($id: ID!) { evaluation(id: $id) { scores { score } totalScore maxTotal } }', {
      id: evaluationId('pds-yx-2:CREATION:2024'),
    });
    expect(got.data.evaluation).toEqual({ scores: [], totalScore: null, maxTotal: null });
  });
});

describe('grade scales', () => {
  test('良好 is no studio grade, 优秀 not on the annual scale (合格/不合格): BAD_USER_INPUT, nothing recorded', async ({
    hub,
  }) => {
    const annual = evaluationId('pds-yx-2:ANNUAL:2026');
    for (const r of ['GOOD', 'EXCELLENT']) {
      const res = await hub.query(RECORD, { id: annual, v: 1, r }, county);
      expectRefusal(res, 'BAD_USER_INPUT');
      expect(res.errors![0]!.message).toContain('合格/不合格');
    }
    const final = evaluationId('sjz-ca-1:FINAL:2026');
    expectRefusal(await hub.query(RECORD, { id: final, v: 1, r: 'GOOD' }, evaluator('130100')), 'BAD_USER_INPUT');
    expect((await hub.query(EVALUATION, { id: annual })).data.evaluation.status).toBe('PENDING');
  });

  test('优秀 is on the final evaluation’s scale (优秀/合格/不合格) and normalises to PASSED_WITH_DISTINCTION', async ({
    hub,
  }) => {
    const res = await hub.query(RECORD, { id: evaluationId('sjz-ca-1:FINAL:2026'), v: 1, r: 'EXCELLENT' }, evaluator('130100'));
    expect(res.errors).toBeUndefined();
    expect(res.data.recordEvaluationResult).toMatchObject({ result: 'EXCELLENT', normalized: 'PASSED_WITH_DISTINCTION' });
  });

  test('合格 on a two-grade and on a three-grade scale both count as passed in the region rollups', async ({ hub }) => {
    // 深圳市 is left alone by the other tests: its demo results are the expectation
    const shenzhen: Office = { level: 'CITY', region: '440300' };
    const done = evaluations.filter((e) => e.regionCode.startsWith('4403') && e.result);
    const count = (keep: (r: string) => boolean) => done.filter((e) => keep(e.result!)).length;
    const summary = (await hub.query(SUMMARY, { code: '440300' }, shenzhen)).data.region.evaluations;
    expect(summary).toMatchObject({
      passed: count((r) => r !== 'FAIL'),
      passedWithDistinction: count((r) => r === 'EXCELLENT'),
      failed: count((r) => r === 'FAIL'),
    });
    expect(summary.passed).toBe(5); // 4 × 合格 (annual, two grades) + 1 × 优秀 (expiry, three grades)
    expect(summary.byResult).toContainEqual({ result: 'PASS', normalized: 'PASSED', count: 4 });
    const rollup = (await hub.query(ROLLUP, { w: '440300' }, shenzhen)).data.evaluationRollup;
    expect(rollup).toEqual([
      { kind: 'ANNUAL', count: 7, passed: 4, passedWithDistinction: 0, failed: 3 },
      { kind: 'FINAL', count: 1, passed: 1, passedWithDistinction: 1, failed: 0 },
    ]);
    // elsewhere too, every grade counts once, by its normalised meaning
    const pds = (await hub.query(SUMMARY, { code: '410400' })).data.region.evaluations;
    const sum = (keep: (r: { normalized: string }) => boolean) =>
      pds.byResult.filter(keep).reduce((n: number, r: { count: number }) => n + r.count, 0);
    expect(pds.passed).toBe(sum((r) => r.normalized !== 'FAILED'));
    expect(pds.failed).toBe(sum((r) => r.normalized === 'FAILED'));
  });
});

describe('rectification opinions (整改意见, 000 五.3)', () => {
  // 周丽名班主任工作室 in 叶县 failed its 2024 creation evaluation (evaluated by the city)
  const held = studio('pds-yx-1');
  const creation = evaluationId('pds-yx-1:CREATION:2024');
  const hostEditor: Office = { level: 'SCHOOL', region: held.regionCode, school: held.hostSchoolId, roles: ['editor'] };
  let opinionId = '';

  test('only on a completed evaluation', async ({ hub }) => {
    const pending = await hub.query(
      ADD_OPINION,
      { e: evaluationId('pds-yx-1:SECOND_EVALUATION:2026'), o: '补充档案', d: today() },
      city,
    );
    expectRefusal(pending, 'BAD_USER_INPUT');
  });

  test('the deadline is a date not before today: yesterday refused, today accepted', async ({ hub }) => {
    const yesterday = await hub.query(ADD_OPINION, { e: creation, o: '完善工作室硬件配备', d: addDays(today(), -1) }, city);
    expectRefusal(yesterday, 'BAD_USER_INPUT');
    expectRefusal(
      await hub.query(ADD_OPINION, { e: creation, o: '完善工作室硬件配备', d: '2026-13-01' }, city),
      'BAD_USER_INPUT',
    );
    expectRefusal(await hub.query(ADD_OPINION, { e: creation, o: '   ', d: today() }, city), 'BAD_USER_INPUT');
    const ok = await hub.query(ADD_OPINION, { e: creation, o: '完善工作室硬件配备', d: today() }, city);
    expect(ok.errors).toBeUndefined();
    expect(ok.data.addRectificationOpinion).toMatchObject({ deadline: today(), status: 'OPEN', resolvedAt: null, note: null });
    opinionId = ok.data.addRectificationOpinion.id;
  });

  test('given by the evaluating office or above: not by the county under a city evaluation, a non-evaluator, nor another county (NOT_FOUND)', async ({
    hub,
  }) => {
    const args = { e: creation, o: '补充成员组建材料', d: addDays(today(), 30) };
    expectRefusal(await hub.query(ADD_OPINION, args, county), 'FORBIDDEN');
    expectRefusal(await hub.query(ADD_OPINION, args, otherCounty), 'NOT_FOUND');
    expectRefusal(await hub.query(ADD_OPINION, args, { ...city, roles: ['editor'] }), 'FORBIDDEN');
    expect((await hub.query(ADD_OPINION, args, evaluator('410000'))).errors).toBeUndefined();
  });

  test('open ones show on the studio and the evaluation; past the deadline unresolved it is OVERDUE', async ({ hub }) => {
    const open = (await hub.query(OPEN, { id: held.id }, hostEditor)).data.studio.openRectifications;
    expect(open.map((r: { id: string }) => r.id)).toContain(opinionId);
    expect(open.every((r: { evaluation: { id: string } }) => r.evaluation.id === creation)).toBe(true);
    // time passes: the deadline is now yesterday
    await hub.subgraphs
      .evaluations!.orm.orm.em.getConnection()
      .execute('update evaluation_rectification set deadline = ? where id = ?', [addDays(today(), -1), opinionId]);
    const rows = (await hub.query(EVALUATION, { id: creation })).data.evaluation.rectifications;
    expect(rows.find((r: { id: string }) => r.id === opinionId).status).toBe('OVERDUE');
  });

  test('resolved by the host school’s editor (or an office above), not a viewer, nor another school (NOT_FOUND); once', async ({
    hub,
  }) => {
    const otherSchool = schools.find((s) => s.regionCode === held.regionCode && s.id !== held.hostSchoolId)!;
    const elsewhere: Office = { ...hostEditor, school: otherSchool.id };
    expectRefusal(await hub.query(RESOLVE, { id: opinionId, n: '已整改' }, elsewhere), 'NOT_FOUND');
    expectRefusal(await hub.query(RESOLVE, { id: opinionId, n: '已整改' }, { ...hostEditor, roles: ['viewer'] }), 'FORBIDDEN');
    expectRefusal(await hub.query(RESOLVE, { id: opinionId, n: ' ' }, hostEditor), 'BAD_USER_INPUT');
    const done = await hub.query(RESOLVE, { id: opinionId, n: '已配齐办公设备并建立档案' }, hostEditor);
    expect(done.errors).toBeUndefined();
    expect(done.data.resolveRectification).toMatchObject({ status: 'RESOLVED', note: '已配齐办公设备并建立档案' });
    expect(done.data.resolveRectification.resolvedAt).toBeTruthy();
    expectRefusal(await hub.query(RESOLVE, { id: opinionId, n: '再次' }, hostEditor), 'BAD_USER_INPUT');
    const open = (await hub.query(OPEN, { id: held.id }, hostEditor)).data.studio.openRectifications;
    expect(open.map((r: { id: string }) => r.id)).not.toContain(opinionId);
    // the county editor above the host school may resolve the other one
    const other = open[0].id;
    const byCounty = await hub.query(
      RESOLVE,
      { id: other, n: '已补充' },
      { level: 'COUNTY', region: held.regionCode, roles: ['editor'] },
    );
    expect(byCounty.data.resolveRectification.status).toBe('RESOLVED');
  });

  test('a school sees only its own studio’s rectifications', async ({ hub }) => {
    const otherSchool = schools.find((s) => s.regionCode === held.regionCode && s.id !== held.hostSchoolId)!;
    const res = await hub.query(EVALUATION, { id: creation }, { ...hostEditor, school: otherSchool.id });
    expectRefusal(res, 'NOT_FOUND');
  });
});

describe('member ratings per semester (优秀/良好, 002 方案2 五(四)3)', () => {
  const hostEditor: Office = { level: 'SCHOOL', region: yexian.regionCode, school: yexian.hostSchoolId, roles: ['editor'] };
  const member = yexian.members[0]!.teacherId;
  const { current, next } = semesters();

  test('a semester is “YYYY-YYYY+1-1|2” and has begun: malformed or not yet begun refused', async ({ hub }) => {
    for (const sem of ['2026-2028-1', '2026-2027-3', '2026/2027-1', '2026-2027']) {
      expectRefusal(await hub.query(RATE, { s: yexian.id, t: member, sem, r: 'GOOD' }, hostEditor), 'BAD_USER_INPUT');
    }
    expectRefusal(await hub.query(RATE, { s: yexian.id, t: member, sem: next, r: 'GOOD' }, hostEditor), 'BAD_USER_INPUT');
    expectRefusal(await hub.query(RATINGS, { id: yexian.id, sem: 'autumn' }, hostEditor), 'BAD_USER_INPUT');
  });

  test('the rating is 优秀 or 良好: 合格 and 不合格 are not on the members’ scale', async ({ hub }) => {
    for (const r of ['PASS', 'FAIL']) {
      const res = await hub.query(RATE, { s: yexian.id, t: member, sem: current, r }, hostEditor);
      expectRefusal(res, 'BAD_USER_INPUT');
      expect(res.errors![0]!.message).toContain('优秀/良好');
    }
  });

  test('only current members of the studio are rated', async ({ hub }) => {
    const outsider = teachers.find((t) => !yexian.members.some((m) => m.teacherId === t.id) && t.id !== yexian.hostTeacherId)!;
    expectRefusal(await hub.query(RATE, { s: yexian.id, t: outsider.id, sem: current, r: 'GOOD' }, hostEditor), 'BAD_USER_INPUT');
    expectRefusal(
      await hub.query(RATE, { s: yexian.id, t: yexian.hostTeacherId, sem: current, r: 'GOOD' }, hostEditor),
      'BAD_USER_INPUT',
    );
  });

  test('rated by the host school’s editor or an office above: another school or county NOT_FOUND, a viewer FORBIDDEN', async ({
    hub,
  }) => {
    const otherSchool = schools.find((s) => s.regionCode === yexian.regionCode && s.id !== yexian.hostSchoolId)!;
    const args = { s: yexian.id, t: member, sem: current, r: 'GOOD' };
    expectRefusal(await hub.query(RATE, args, { ...hostEditor, school: otherSchool.id }), 'NOT_FOUND');
    expectRefusal(await hub.query(RATE, args, { level: 'COUNTY', region: '410423', roles: ['editor'] }), 'NOT_FOUND');
    expectRefusal(await hub.query(RATE, args, { ...hostEditor, roles: ['viewer'] }), 'FORBIDDEN');
  });

  test('rating the same member and semester again replaces the rating (one row, audited with the one before)', async ({
    hub,
  }) => {
    const first = await hub.query(RATE, { s: yexian.id, t: member, sem: current, r: 'GOOD' }, hostEditor);
    expect(first.errors).toBeUndefined();
    expect(first.data.rateMember).toMatchObject({ semester: current, rating: 'GOOD', normalized: 'PASSED' });
    const again = await hub.query(
      RATE,
      { s: yexian.id, t: member, sem: current, r: 'EXCELLENT' },
      { ...county, roles: ['editor'] },
    );
    expect(again.data.rateMember.id).toBe(first.data.rateMember.id);
    const ratings = (await hub.query(RATINGS, { id: yexian.id, sem: current }, hostEditor)).data.studio.memberRatings;
    expect(ratings).toEqual([
      { semester: current, rating: 'EXCELLENT', normalized: 'PASSED_WITH_DISTINCTION', teacher: { id: member } },
    ]);
    const changes = (
      await hub.query('query ($c: ID!) { region(code: $c) { evaluationChanges { action before after } } }', {
        c: yexian.regionCode,
      })
    ).data.region.evaluationChanges;
    expect(changes.find((c: { action: string }) => c.action === 'rateMember')).toMatchObject({
      before: JSON.stringify({ rating: 'GOOD' }),
      after: JSON.stringify({ rating: 'EXCELLENT' }),
    });
    // another semester is another row
    const earlier = semesters(addDays(`${current.slice(0, 4)}-09-01`, -200)).current;
    await hub.query(RATE, { s: yexian.id, t: member, sem: earlier, r: 'GOOD' }, hostEditor);
    expect((await hub.query(RATINGS, { id: yexian.id }, hostEditor)).data.studio.memberRatings).toHaveLength(2);
  });
});
