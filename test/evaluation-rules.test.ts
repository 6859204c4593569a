import { demoStudio, schools, studios, teachers } from './support/demo.ts';
import { eventually } from './support/events.ts';
import { describe, expect, test, TEST_TODAY, type Office, type TestHub, expectRefusal } from './support/hub.ts';

/**
 * Issue 24 item 1, the evaluations subgraph's rule codes, through the gateway on both sides: who records an
 * evaluation of a kind (evaluation.offices: a school evaluates under a school programme), members' ratings on their
 * programme's scale and a 不合格 member leaving (member.rating), and commendations due (commendation.studio,
 * commendation.member), each as a seed programme states it (subgraphs/studios/policy/programmes).
 */

const Y = Number(TEST_TODAY.slice(0, 4));
const SEMESTER = `${Y}-${Y + 1}-1`;
const SCHEDULE = `mutation ($s: ID!, $k: EvaluationKind!, $y: Int!) {
  scheduleEvaluation(studioId: $s, kind: $k, year: $y) { id version evaluatingOffice { region { code } level } }
}`;
const RECORD = `mutation ($id: ID!, $v: Int!, $r: Grade!) {
  recordEvaluationResult(input: { id: $id, version: $v, result: $r }) { id status result commendation { seed reason } }
}`;
const PENDING = 'query ($id: ID!) { studio(id: $id) { evaluations { id kind year status version } } }';
const DUE = 'query ($w: ID!, $y: Int) { commendationsDue(within: $w, year: $y) { id studio { id } commendation { seed } } }';
const RATE = `mutation ($s: ID!, $t: ID!, $sem: String!, $r: Grade!) {
  rateMember(studioId: $s, teacherId: $t, semester: $sem, rating: $r) { id rating commendation { seed reason } }
}`;
const APPLY = `mutation ($p: ID!, $t: ID!, $y: Int!) {
  applyForStudio(input: { policyId: $p, hostTeacherId: $t, batch: "试点", startYear: $y }) { id }
}`;
const VERSION = 'query ($id: ID!) { studio(id: $id) { version members { teacher { id } } } }';
const ADD = 'mutation ($input: AddStudioMemberInput!) { addStudioMember(input: $input) { id } }';
const TEACHER_VERSION = 'query ($id: ID!) { teacher(id: $id) { version } }';
const UPDATE = 'mutation ($input: UpdateTeacherInput!) { updateTeacher(input: $input) { version } }';
const HONOR = `mutation ($t: ID!) {
  addHonor(teacherId: $t, title: "校级先进班集体", level: SCHOOL, ofClass: true) { id }
}`;
const RESEARCH =
  'mutation ($t: ID!) { addResearchProject(teacherId: $t, title: "班级管理课题", level: SCHOOL, hosted: true) { id } }';
const DRAFT = 'mutation ($input: DraftPolicyInput!) { draftPolicy(input: $input) { id } }';
const PUBLISH = 'mutation ($p: ID!) { publishPolicyVersion(policyId: $p, version: 1) { id } }';
const MEMBERSHIPS = `query ($w: ID!) {
  membershipsConnection(within: $w, first: 500) { edges { node { studio { id } teacher { id } leftOn leftReason } } }
}`;

const PROVINCE = (region: string): Office => ({
  level: 'PROVINCE',
  region: `${region.slice(0, 2)}0000`,
  roles: ['editor', 'evaluator', 'admin'],
});
const office = (region: string): Office => ({
  level: region.endsWith('00') ? 'CITY' : 'COUNTY',
  region,
  roles: ['evaluator', 'editor'],
});
const schoolOf = (studio: { hostSchoolId: string; regionCode: string }): Office => ({
  level: 'SCHOOL',
  region: schools.find((s) => s.id === studio.hostSchoolId)!.regionCode,
  school: studio.hostSchoolId,
  roles: ['evaluator', 'editor'],
});

async function ok(hub: TestHub, query: string, variables: Record<string, unknown>, as: Office) {
  const { data, errors } = await hub.query(query, variables, as);
  expect(errors, query).toBeUndefined();
  return data;
}
const pending = async (hub: TestHub, studioId: string, kind: string, as: Office) =>
  ((await ok(hub, PENDING, { id: studioId }, as)).studio.evaluations as any[]).find(
    (e) => e.kind === kind && e.status === 'PENDING',
  );

const inStudio = new Set(studios.flatMap((s) => [s.hostTeacherId, ...s.members.map((m) => m.teacherId)]));
const used = new Set<string>();
/** Teachers of a county's schools in no studio, each used once: the host first, then members of other schools. */
function fresh(regionCode: string, count: number) {
  const found = teachers.filter(
    (t) => !inStudio.has(t.id) && !used.has(t.id) && schools.find((s) => s.id === t.schoolId)!.regionCode === regionCode,
  );
  const host = found[0]!;
  const others = found.filter((t) => t.schoolId !== host.schoolId);
  const picked = [host, ...others.slice(0, count - 1)];
  if (picked.length < count) throw new Error(`too few free teachers in ${regionCode}`);
  for (const t of picked) used.add(t.id);
  return picked;
}

/** A studio founded under a seed programme with two members from other schools. */
async function founded(hub: TestHub, policyId: string, regionCode: string) {
  const as = PROVINCE(regionCode);
  const [host, ...members] = fresh(regionCode, 3);
  const { applyForStudio: studio } = await ok(hub, APPLY, { p: policyId, t: host!.id, y: Y }, as);
  for (const m of members) {
    const { version } = (await ok(hub, VERSION, { id: studio.id }, as)).studio;
    await ok(hub, ADD, { input: { studioId: studio.id, version, teacherId: m.id, role: 'MEMBER' } }, as);
  }
  return { id: studio.id as string, members: members.map((m) => m.id), as };
}

describe('evaluation.offices: who records each kind of evaluation (issue 24)', () => {
  test('004 方案9 四.1—四.2 “学校…进行过程性评估和终结性评估”: the studio’s own school schedules and records its annual assessment', async ({
    hub,
  }) => {
    // a host who meets every clause of 004 方案9 三(一)1 founds a studio under the school's programme
    const as = PROVINCE('410422');
    const [host] = fresh('410422', 1);
    const { version } = (await ok(hub, TEACHER_VERSION, { id: host!.id }, as)).teacher;
    const record = { headTeacherYears: 20, activeHeadTeacher: true, gender: 'MALE', birthDate: `${Y - 30}-03-01` };
    await ok(hub, UPDATE, { input: { id: host!.id, version, ...record } }, as);
    await ok(hub, HONOR, { t: host!.id }, as);
    await ok(hub, RESEARCH, { t: host!.id }, as);
    const { applyForStudio: studio } = await ok(hub, APPLY, { p: '004-school-plan9', t: host!.id, y: Y }, as);
    const school = schoolOf({ hostSchoolId: host!.schoolId, regionCode: '410422' });
    const scheduled = await ok(hub, SCHEDULE, { s: studio.id, k: 'ANNUAL', y: Y }, school);
    expect(scheduled.scheduleEvaluation.evaluatingOffice).toEqual({ region: { code: school.region }, level: 'SCHOOL' });
    const recorded = await ok(hub, RECORD, { id: scheduled.scheduleEvaluation.id, v: 1, r: 'PASS' }, school);
    expect(recorded.recordEvaluationResult).toMatchObject({ status: 'COMPLETED', result: 'PASS' });
  });

  test('002 方案3 七 names no school: the school of a 石家庄 municipal studio may neither schedule nor record its final (FORBIDDEN)', async ({
    hub,
  }) => {
    const studio = demoStudio({ policyId: '004-shijiazhuang', status: 'RUNNING' });
    const school = schoolOf(studio);
    const refused = await hub.query(SCHEDULE, { s: studio.id, k: 'FINAL', y: studio.endYear }, school);
    // told which office evaluates, not only that it may not
    expect(expectRefusal(refused, 'FORBIDDEN', { lowestEvaluatingRegion: '130100' }).message).toContain('学校不能安排');
    const final = await pending(hub, studio.id, 'FINAL', office('130100'));
    const notRecorded = await hub.query(RECORD, { id: final.id, v: final.version, r: 'PASS' }, school);
    expectRefusal(notRecorded, 'FORBIDDEN');
    expect((await pending(hub, studio.id, 'FINAL', office('130100'))).status).toBe('PENDING');
  });

  test('000 五.8 “市级评估考核工作由平顶山市教育体育局组织”: a county or the studio’s school may not schedule the final of a county studio, the city may', async ({
    hub,
  }) => {
    const studio = demoStudio({ policyId: '000-pingdingshan', status: 'RUNNING', level: 'COUNTY' });
    const county = await hub.query(SCHEDULE, { s: studio.id, k: 'FINAL', y: studio.endYear }, office(studio.regionCode));
    expectRefusal(county, 'FORBIDDEN');
    expect(county.errors?.[0]?.message).toContain('000 五.8');
    // the studio's own school is refused citing the same clause
    const school = await hub.query(SCHEDULE, { s: studio.id, k: 'FINAL', y: studio.endYear }, schoolOf(studio));
    expectRefusal(school, 'FORBIDDEN');
    expect(school.errors?.[0]?.message).toContain('000 五.8');
    // 000 五.2: the annual assessment stays the county's
    const annual = await ok(hub, SCHEDULE, { s: studio.id, k: 'ANNUAL', y: Y }, office(studio.regionCode));
    expect(annual.scheduleEvaluation.evaluatingOffice.level).toBe('COUNTY');
    const city = await ok(hub, SCHEDULE, { s: studio.id, k: 'FINAL', y: studio.endYear }, office('410400'));
    expect(city.scheduleEvaluation.evaluatingOffice).toEqual({ region: { code: '410400' }, level: 'CITY' });
  });
});

describe('publishing the evaluations rule codes (issue 24)', () => {
  const YEXIAN: Office = { level: 'COUNTY', region: '410422', roles: ['admin', 'editor'] };
  const draft = (hub: TestHub, policyId: string, rules: [string, unknown][]) =>
    ok(
      hub,
      DRAFT,
      {
        input: {
          policyId,
          title: '测试方案',
          issuer: '叶县教育局',
          rules: rules.map(([code, value]) => ({ code, value: JSON.stringify(value), clause: '四.2', text: '—' })),
        },
      },
      YEXIAN,
    );
  const held: [string, unknown][] = [
    ['cycle.years', 3],
    ['evaluation.kinds', ['ANNUAL', 'FINAL']],
  ];

  test('evaluation.offices names only kinds the programme holds; member.rating with failLeaves needs 不合格 on its scale', async ({
    hub,
  }) => {
    await draft(hub, '410422-offices', [...held, ['evaluation.offices', { MIDTERM: 'SCHOOL' }]]);
    const unheld = await hub.query(PUBLISH, { p: '410422-offices' }, YEXIAN);
    expectRefusal(unheld, 'BAD_USER_INPUT', 'evaluation.offices');
    expect(unheld.errors?.[0]?.message).toContain('“evaluation.kinds”不安排这类评估');
    await draft(hub, '410422-offices', [...held, ['evaluation.offices', { ANNUAL: 'SCHOOL', FINAL: 'COUNTY' }]]);
    expect((await hub.query(PUBLISH, { p: '410422-offices' }, YEXIAN)).errors).toBeUndefined();

    const leavesOffScale = await hub.query(
      DRAFT,
      {
        input: {
          policyId: '410422-ratings',
          title: '测试方案',
          rules: [
            { code: 'member.rating', value: '{"scale":["EXCELLENT","GOOD"],"failLeaves":true}', clause: '四.2', text: '—' },
          ],
        },
      },
      YEXIAN,
    );
    expectRefusal(leavesOffScale, 'BAD_USER_INPUT', 'member.rating');
    await draft(hub, '410422-ratings', [...held, ['member.rating', { scale: ['PASS', 'FAIL'], failLeaves: true }]]);
    expect((await hub.query(PUBLISH, { p: '410422-ratings' }, YEXIAN)).errors).toBeUndefined();
  });
});

describe('member.rating: the programme’s grade scale and a 不合格 member leaving (issue 24)', () => {
  test('004 方案8 八(一) “考核不合格者调整出”: members are rated 合格/不合格; one rated 合格 stays, one rated 不合格 leaves the studio', async ({
    hub,
  }) => {
    const studio = await founded(hub, '004-county-teachers', '410422');
    const [stays, leaves] = studio.members;
    const offScale = await hub.query(RATE, { s: studio.id, t: stays, sem: SEMESTER, r: 'GOOD' }, studio.as);
    expectRefusal(offScale, 'BAD_USER_INPUT');
    expect(offScale.errors?.[0]?.message).toContain('004 方案8 八(一)');
    expect(offScale.errors?.[0]?.message).toContain('合格/不合格');
    await ok(hub, RATE, { s: studio.id, t: stays, sem: SEMESTER, r: 'PASS' }, studio.as);
    await ok(hub, RATE, { s: studio.id, t: leaves, sem: SEMESTER, r: 'FAIL' }, studio.as);
    const members = await eventually(
      async () => (await ok(hub, VERSION, { id: studio.id }, studio.as)).studio.members.map((m: any) => m.teacher.id),
      (ids: string[]) => !ids.includes(leaves),
    );
    expect(members).toEqual([stays]);
    const { edges } = (await ok(hub, MEMBERSHIPS, { w: '410422' }, studio.as)).membershipsConnection;
    const left = edges.map((e: any) => e.node).find((n: any) => n.studio.id === studio.id && n.teacher.id === leaves);
    expect(left.leftOn).toBe(TEST_TODAY);
    expect(left.leftReason).toContain('成员考核不合格');
    expect(left.leftReason).toContain('004 方案8 八(一)');
  });

  test('004 方案5 五(四)3 “结果分为优秀、良好两个等级”: 不合格 is off the scale; where a programme states no scale, 优秀/良好', async ({
    hub,
  }) => {
    const studio = await founded(hub, '004-district-plan5', '410402');
    const fail = await hub.query(RATE, { s: studio.id, t: studio.members[0], sem: SEMESTER, r: 'FAIL' }, studio.as);
    expectRefusal(fail, 'BAD_USER_INPUT');
    expect(fail.errors?.[0]?.message).toContain('004 方案5 五(四)1、3');
    // 000 states no member rating: the scale stays 优秀/良好
    const other = demoStudio({ policyId: '000-pingdingshan', status: 'RUNNING', level: 'MUNICIPAL' });
    const member = other.members[0]!.teacherId;
    const pass = await hub.query(RATE, { s: other.id, t: member, sem: SEMESTER, r: 'PASS' }, PROVINCE(other.regionCode));
    expectRefusal(pass, 'BAD_USER_INPUT');
    await ok(hub, RATE, { s: other.id, t: member, sem: SEMESTER, r: 'GOOD' }, PROVINCE(other.regionCode));
  });
});

describe('commendation.studio, commendation.member: commendations due under the programme (issue 24)', () => {
  test('004 方案5 五(四)3 “考核达到优秀者将给予表彰”: a member rated 优秀 is due a commendation, one rated 良好 is not', async ({
    hub,
  }) => {
    const studio = await founded(hub, '004-district-plan5', '410402');
    const [best, good] = studio.members;
    const excellent = await ok(hub, RATE, { s: studio.id, t: best, sem: SEMESTER, r: 'EXCELLENT' }, studio.as);
    expect(excellent.rateMember.commendation.seed).toBe('004 方案5 五(四)3');
    expect(excellent.rateMember.commendation.reason).toContain('优秀');
    const rated = await ok(hub, RATE, { s: studio.id, t: good, sem: SEMESTER, r: 'GOOD' }, studio.as);
    expect(rated.rateMember.commendation).toBeNull();
    // rated again 良好, the first member is no longer due one
    const again = await ok(hub, RATE, { s: studio.id, t: best, sem: SEMESTER, r: 'GOOD' }, studio.as);
    expect(again.rateMember.commendation).toBeNull();
  });

  test('001 七, 002 方案3 七 “考核结果‘优秀’的工作室予以表彰”: a final graded 优秀 is due a commendation and listed; one graded 合格 is not', async ({
    hub,
  }) => {
    // 001 七: a 武进区 studio's final graded 合格
    const wujin = demoStudio({ policyId: '001-wujin', status: 'RUNNING' });
    const county = office(wujin.regionCode);
    const passed = await ok(hub, SCHEDULE, { s: wujin.id, k: 'FINAL', y: Y }, county);
    const pass = await ok(hub, RECORD, { id: passed.scheduleEvaluation.id, v: 1, r: 'PASS' }, county);
    expect(pass.recordEvaluationResult.commendation).toBeNull();
    expect((await ok(hub, DUE, { w: wujin.regionCode }, county)).commendationsDue).toEqual([]);
    // 002 方案3 七: a 石家庄 studio's final graded 优秀
    const city = office('130100');
    const held = demoStudio({ policyId: '004-shijiazhuang', status: 'ON_HOLD' });
    const scheduled = await ok(hub, SCHEDULE, { s: held.id, k: 'FINAL', y: held.endYear }, city);
    const best = await ok(hub, RECORD, { id: scheduled.scheduleEvaluation.id, v: 1, r: 'EXCELLENT' }, city);
    expect(best.recordEvaluationResult.commendation.seed).toBe('002 方案3 七');
    const due = (await ok(hub, DUE, { w: '130000', y: held.endYear }, PROVINCE('130000'))).commendationsDue;
    expect(due).toEqual([
      { id: scheduled.scheduleEvaluation.id, studio: { id: held.id }, commendation: { seed: '002 方案3 七' } },
    ]);
  });

  test('000 五.4 “期满考核合格者，将给予表彰”: a final graded 合格 is due a commendation, one graded 不合格 is not', async ({
    hub,
  }) => {
    const city = office('410400');
    const [commended, failed] = studios.filter(
      (s) => s.policyId === '000-pingdingshan' && s.status === 'RUNNING' && s.level === 'MUNICIPAL',
    );
    const pass = await ok(hub, SCHEDULE, { s: commended!.id, k: 'FINAL', y: Y }, city);
    const graded = await ok(hub, RECORD, { id: pass.scheduleEvaluation.id, v: 1, r: 'PASS' }, city);
    expect(graded.recordEvaluationResult.commendation.seed).toBe('000 五.4');
    const fail = await ok(hub, SCHEDULE, { s: failed!.id, k: 'FINAL', y: Y }, city);
    const notGraded = await ok(hub, RECORD, { id: fail.scheduleEvaluation.id, v: 1, r: 'FAIL' }, city);
    expect(notGraded.recordEvaluationResult.commendation).toBeNull();
    const due = (await ok(hub, DUE, { w: '410400', y: Y }, city)).commendationsDue.map((e: any) => e.studio.id);
    expect(due).toContain(commended!.id);
    expect(due).not.toContain(failed!.id);
  });
});
