import { readFileSync } from 'node:fs';
import { pinToday, today } from '../lib/domain/clock.ts';
import { SEEDED_POLICIES, type SeededPolicy } from '../subgraphs/studios/policy/seeded-policies.ts';
import { schools, studios as demoStudios } from './support/demo.ts';
import { undeliveredSettles } from './support/events.ts';
import { HONOR, PUBLICATION, RESEARCH } from './support/policies.ts';
import { dutiesOf, type Duty } from '../subgraphs/studios/policy/rules.ts';
import { HONOR_LEVELS, valuesOf, type HonorLevel } from '../lib/domain/vocabulary.ts';
import {
  describe,
  expect,
  expectRefusal,
  test,
  TEST_TODAY,
  type GraphQLResponse,
  type Office,
  type TestHub,
} from './support/hub.ts';

/**
 * Issue 24, "Done when": every seed programme (subgraphs/studios/policy/programmes), loaded from its file, has each
 * clause the author's guide (docs/policy-guide.md) marks as expressed driven on both sides through the gateway.
 * test/seed-programmes.test.ts drives the eligibility and obligation clauses; this file drives the rest — cycle,
 * evaluation kinds, years and offices, team, funding, consequences, the naming quota and the programme's window — one
 * test per rule code over every programme that states it, every limit read from the programme's own file. The last
 * test reads the guide's rows and checks that each expressed clause was driven, here or (eligibility, obligations) in
 * seed-programmes.
 * Some tests set a studio's status in its table where its team and plaque are not the clause under test, as
 * test/funding.test.ts does; the window test moves today (lib/domain/clock.ts) to each side of the window's first and last day.
 *
 * Teachers are imported through the gateway (importTeachers, 000 附件4) into the schools where the programme
 * applies, so every team is built of people who meet every member rule: a refusal is the clause under test.
 */

const Y = Number(TEST_TODAY.slice(0, 4));
const STAGE = { PRIMARY: '小学', JUNIOR: '初中', SENIOR: '高中', VOCATIONAL: '中职' } as const;
const KINDS = ['CREATION', 'ANNUAL', 'MIDTERM', 'FINAL'] as const;

const IMPORT = `mutation ($input: ImportTeachersInput!) {
  teachersImport(input: $input) { report { teachers { id } } userErrors { message } }
}`;
const APPLY = `mutation ($i: ApplyForStudioInput!) { applyForStudio(input: $i) { id startYear endYear } }`;
const APPLY_NAMED = `mutation ($i: ApplyForStudioInput!) { applyForStudio(input: $i) { id name } }`;
const STUDIO = `query ($id: ID!) { studio(id: $id) {
  status version startYear endYear transitions { to reason } evaluations { id kind year status }
  compliance { rule passed reason } fundingHolds { action fromYear }
} }`;
const ADD = 'mutation ($input: AddStudioMemberInput!) { addStudioMember(input: $input) { id } }';
const SCHEDULE = `mutation ($s: ID!, $k: EvaluationKind!, $y: Int!) { scheduleEvaluation(studioId: $s, kind: $k, year: $y) { id } }`;
const RECORD = `mutation ($id: ID!, $r: Grade!) { recordEvaluationResult(input: { id: $id, version: 1, result: $r }) { id } }`;
const ALLOCATE = `mutation ($i: AllocateFundsInput!) { allocateFunds(input: $i) { id } }`;
const RENEWAL = `query ($t: ID!, $p: ID!) { teacher(id: $t) { eligibility(policy: $p, role: RENEWAL) { verdicts { rule passed reason } } } }`;
const IMPACT = `query ($p: ID!) { policyImpact(policy: $p) { rows { subject teacher { id } rule proposed { passed } } } }`;
const UPDATE_TEACHER = 'mutation ($input: UpdateTeacherInput!) { updateTeacher(input: $input) { version } }';
const MISCONDUCT = `mutation ($id: ID!, $v: Int!) {
  revokeStudioForMisconduct(input: { id: $id, version: $v, finding: "成员以工作室名义收费办班" }) { status }
}`;

/** `programme code` pairs driven through the gateway in this file. */
const driven = new Set<string>();
const drove = (p: SeededPolicy, code: string) => driven.add(`${p.id} ${code}`);

const rule = (p: SeededPolicy, code: string) => {
  const found = p.rules.find(([c]) => c === code);
  return found && { value: found[1] as any, clause: found[2] };
};
const stating = (code: string) => SEEDED_POLICIES.filter((p) => rule(p, code));
const inForce = (p: SeededPolicy) => !p.effectiveTo || p.effectiveTo >= TEST_TODAY;
const cycleYears = (p: SeededPolicy): number => rule(p, 'cycle.years')?.value ?? 1;

/** The issuing office (a school's programme: its county's), entitled to everything these tests do. */
const issuer = (p: SeededPolicy): Office => ({
  level: p.issuingLevel === 'SCHOOL' ? 'COUNTY' : p.issuingLevel,
  region: p.issuingRegionCode,
  roles: ['editor', 'evaluator', 'finance', 'admin'],
});
/** The source a programme's own office grants from. */
const sourceOf = (p: SeededPolicy) =>
  rule(p, 'funding.standard')?.value.source ??
  rule(p, 'funding.provided')?.value.sources[0] ??
  ({ CITY: 'CITY', COUNTY: 'COUNTY' } as const)[p.issuingLevel as 'CITY'] ??
  'SCHOOL';
/** Schools where the programme applies: its city's or county's (a school's programme: its county's). */
const schoolsOf = (p: SeededPolicy) =>
  schools.filter((s) =>
    s.regionCode.startsWith(p.issuingLevel === 'CITY' ? p.issuingRegionCode.slice(0, 4) : p.issuingRegionCode),
  );

const ok = <T = any>(r: GraphQLResponse<T>): T => {
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data!;
};
/** Refused with POLICY_VIOLATION naming the rule and, where the rule is the programme's, its clause. */
function refused(r: GraphQLResponse, code: string, p?: SeededPolicy) {
  expectRefusal(r, 'POLICY_VIOLATION', { rule: code, ...(p && rule(p, code) ? { seed: rule(p, code)!.clause } : {}) });
}

/** During `fn`, today (lib/domain/clock.ts, which the in-process hub reads) is `day`. */
async function during<T>(day: string, fn: () => Promise<T>): Promise<T> {
  pinToday(day);
  try {
    return await fn();
  } finally {
    pinToday(TEST_TODAY);
  }
}
/** `fn` on a day the programme is in force: today, or the last day of a window that has closed. */
const inWindow = <T>(p: SeededPolicy, fn: () => Promise<T>) => (inForce(p) ? fn() : during(p.effectiveTo!, fn));
const shiftDay = (day: string, by: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + by);
  return d.toISOString().slice(0, 10);
};

const SURNAMES = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许';
const GIVEN = '一二三四五六七八九十明华国建文军平志伟东';
let serial = 0;
const BORN_YEARS_AGO = 36;
const nameOf = (n: number) => `${SURNAMES[n % 20]}${GIVEN[Math.floor(n / 20) % 20]}${GIVEN[Math.floor(n / 400) % 20]}`;
/**
 * `n` new teachers of a school, imported as its office would: 36 (under 001's and 002 方案3's 40, old enough for 12
 * years as a head teacher in 2018), 12 years a head teacher (above every programme's minimum) and in post, 正高级.
 */
async function staff(
  hub: TestHub,
  school: (typeof schools)[number],
  n: number,
  as: Office,
  { without, under }: { without?: string; under?: SeededPolicy[] } = {},
): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    row: i + 2,
    name: nameOf(serial++),
    school: school.name,
    // 36 on the test day; younger on a day the test moves the clock back to
    age: String(Number(today().slice(0, 4)) - (Y - BORN_YEARS_AGO) - (today().slice(5) < '03-01' ? 1 : 0)),
    gender: '男',
    birthDate: `${Y - BORN_YEARS_AGO}-03-01`,
    headTeacherYears: '12',
    title: '正高级教师',
    stage: STAGE[school.stage],
  }));
  const { teachersImport } = ok(await hub.query(IMPORT, { input: { rows } }, as));
  expect(teachersImport.userErrors).toEqual([]);
  const ids: string[] = teachersImport.report.teachers.map((t: { id: string }) => t.id);
  // the honours a programme over this school asks of every member (member.honorOfKind), recorded, so that a
  // refusal can only come from the clause under test
  // (`under`: another programme's, for a teacher from outside its region)
  const over = under ?? SEEDED_POLICIES.filter((p) => schoolsOf(p).some((s) => s.id === school.id));
  const asked = over.flatMap(
    (p) => [rule(p, 'member.honorOfKind')?.value ?? []].flat() as { kind: string; titles?: string[]; minLevel?: string }[],
  );
  // and the research and papers they ask of every member (member.research.min, member.publications.min), but `without`
  const research = over.flatMap((p) =>
    without === 'member.research.min' ? [] : [rule(p, 'member.research.min')?.value ?? []].flat(),
  );
  const published = over.flatMap((p) =>
    without === 'member.publications.min' ? [] : [rule(p, 'member.publications.min')?.value ?? []].flat(),
  );
  for (const id of ids) {
    for (const r of research) ok(await hub.query(RESEARCH, { t: id, level: r.level, hosted: r.role === 'HOST' }, as));
    for (const w of published)
      if (w.papers) await papers(hub, id, w.papers.count, w.papers.minLevel ?? null, !!w.papers.coreJournal, as);
      else await monographs(hub, id, w.monographs, as);
  }
  for (const id of ids)
    for (const h of asked)
      ok(
        await hub.query(
          HONOR,
          {
            t: id,
            title: h.titles?.[0] ?? (h.kind === 'CLASS' ? '先进班集体' : '优秀班主任'),
            level: h.minLevel ?? 'SCHOOL',
            ofClass: h.kind === 'CLASS',
          },
          as,
        ),
      );
  return ids;
}
const LEVELS_UP = valuesOf(HONOR_LEVELS).toReversed();
type Level = HonorLevel;
const levelBelow = (level: Level): Level | undefined => LEVELS_UP[LEVELS_UP.indexOf(level) - 1];
/** `n` papers of a level (null: not recorded), in core journals where `core`, on a teacher's record. */
async function papers(hub: TestHub, t: string, n: number, level: Level | null, core: boolean, as: Office) {
  for (let i = 0; i < n; i++) ok(await hub.query(PUBLICATION, { t, level, monograph: false, core }, as));
}
async function monographs(hub: TestHub, t: string, n: number, as: Office) {
  for (let i = 0; i < n; i++) ok(await hub.query(PUBLICATION, { t, level: null, monograph: true, core: false }, as));
}
/**
 * A teacher of `school` who meets every host rule of the programme (the honours, research and publications it asks,
 * recorded; of `host.anyOf`, its first alternative); with `without`, every rule but that one.
 */
async function qualifiedHost(
  hub: TestHub,
  p: SeededPolicy,
  school: (typeof schools)[number],
  as: Office,
  { without }: { without?: string } = {},
) {
  const [id] = await staff(hub, school, 1, as);
  const meet = async (code: string, v: any): Promise<void> => {
    if (code === without) return;
    if (code === 'host.honor.min') ok(await hub.query(HONOR, { t: id, title: '优秀班主任', level: v, ofClass: false }, as));
    if (code === 'host.classHonor.min') ok(await hub.query(HONOR, { t: id, title: '先进班集体', level: v, ofClass: true }, as));
    if (code === 'host.honorOfKind')
      ok(await hub.query(HONOR, { t: id, title: v.titles[0], level: v.minLevel ?? 'SCHOOL', ofClass: v.kind === 'CLASS' }, as));
    if (code === 'host.research.min') ok(await hub.query(RESEARCH, { t: id, level: v.level, hosted: true }, as));
    if (code === 'host.publications.min') {
      if (v.papers) await papers(hub, id!, v.papers.count, v.papers.minLevel ?? null, !!v.papers.coreJournal, as);
      else await monographs(hub, id!, v.monographs, as);
    }
    if (code === 'host.anyOf') await meet(...(Object.entries(v[0])[0] as [string, unknown]));
  };
  for (const [code, value] of p.rules) await meet(code, value);
  return id!;
}
interface Founded {
  id: string;
  host: string;
  startYear: number;
  endYear: number;
  school: (typeof schools)[number];
}
const apply = (hub: TestHub, p: SeededPolicy, host: string, startYear: number) =>
  hub.query(APPLY, { i: { policyId: p.id, hostTeacherId: host, batch: `${startYear}年`, startYear } }, issuer(p));
/** A studio founded under the programme by a qualified host of `school` (by default the programme's first school). */
async function found(hub: TestHub, p: SeededPolicy, startYear = Y, school = schoolsOf(p)[0]!): Promise<Founded> {
  const host = await qualifiedHost(hub, p, school, issuer(p));
  return { ...ok(await apply(hub, p, host, startYear)).applyForStudio, school, host };
}
const read = async (hub: TestHub, id: string, as: Office) => ok(await hub.query(STUDIO, { id }, as)).studio;
/** The team's verdict on a rule: passed when every verdict of the code (its least, its most) passes. */
const verdict = async (hub: TestHub, id: string, code: string, as: Office) => {
  const verdicts = (await read(hub, id, as)).compliance.filter((v: { rule: string }) => v.rule === code);
  expect(verdicts.length, `a verdict on ${code}`).toBeGreaterThan(0);
  return {
    passed: verdicts.every((v: { passed: boolean }) => v.passed),
    reason: verdicts.map((v: { reason: string }) => v.reason).join('；'),
  };
};
async function add(hub: TestHub, studioId: string, teacherId: string, role: string, as: Office) {
  const { version } = await read(hub, studioId, as);
  return hub.query(ADD, { input: { studioId, version, teacherId, role } }, as);
}
/**
 * A studio an office has set to a status its team and plaque are other tests' business for (as test/funding.test.ts
 * and test/seed-rules.test.ts do): written in the studios subgraph's table.
 */
const setStatus = (hub: TestHub, id: string, status: string) =>
  hub.subgraphs.studios!.orm.orm.em.getConnection().execute('update studio set status = ? where id = ?', [status, id]);
async function evaluate(hub: TestHub, studioId: string, kind: string, year: number, result: 'PASS' | 'FAIL', as: Office) {
  const { scheduleEvaluation } = ok(await hub.query(SCHEDULE, { s: studioId, k: kind, y: year }, as));
  ok(await hub.query(RECORD, { id: scheduleEvaluation.id, r: result }, as));
  return scheduleEvaluation.id as string;
}
/** The studio once every event has been delivered (an evaluation's consequence, a hold on its funds), counted. */
async function settled(hub: TestHub, id: string, as: Office) {
  expect(await undeliveredSettles(hub, 0)).toBe(0);
  expect(await undeliveredSettles(hub, 0, 'studios')).toBe(0);
  return read(hub, id, as);
}
/** An evaluation scheduled, its result recorded, and the studio once its consequence has been taken. */
async function evaluated(hub: TestHub, studioId: string, kind: string, year: number, result: 'PASS' | 'FAIL', as: Office) {
  await evaluate(hub, studioId, kind, year, result, as);
  return settled(hub, studioId, as);
}
const allocate = (hub: TestHub, p: SeededPolicy, studioId: string, year: number, amount: string, source = sourceOf(p)) =>
  hub.query(ALLOCATE, { i: { studioId, year, source, amount } }, issuer(p));

// each test drives one rule code over every programme stating it, founding studios through the gateway: minutes, not seconds
describe(
  'every expressed clause of every seed programme, both sides, through the gateway (issue 24)',
  { timeout: 300_000 },
  () => {
    test('policy.window: before a programme’s window opens no studio is founded and no grant made for its years; from its first day both are; after its last day neither', async ({
      hub,
    }) => {
      const dated = SEEDED_POLICIES.filter((p) => p.effectiveFrom);
      expect(dated.map((p) => p.id)).toEqual(['000-pingdingshan', '003-shenzhen-2']);
      for (const p of dated) {
        const from = p.effectiveFrom!;
        const firstYear = Number(from.slice(0, 4));
        const [a, b, c] = await Promise.all([0, 1, 2].map(() => qualifiedHost(hub, p, schoolsOf(p)[0]!, issuer(p))));
        const early = await during(shiftDay(from, -1), () => apply(hub, p, a!, Number(shiftDay(from, -1).slice(0, 4))));
        refused(early, 'policy.window');
        expect(early.errors![0]!.message).toContain(`施行期为 ${from} 至`);
        expect(early.errors![0]!.message).toContain('尚未施行，不能再按本方案申报工作室');
        // founded on the first day, for a cycle from the year before (so the year before is one of its years)
        const opened = ok(await during(from, () => apply(hub, p, a!, firstYear - 1))).applyForStudio;
        // grants: by the grant's year; the studio is plaqued (funds after the plaque are another clause)
        await setStatus(hub, opened.id, 'ESTABLISHED');
        const before = await allocate(hub, p, opened.id, firstYear - 1, '1.00');
        refused(before, 'policy.window');
        expect(before.errors![0]!.message).toContain(`${firstYear - 1} 年尚未施行`);
        ok(await allocate(hub, p, opened.id, firstYear, '1.00'));
        if (p.effectiveTo) {
          const to = p.effectiveTo;
          const lastYear = Number(to.slice(0, 4));
          const closing = ok(await during(to, () => apply(hub, p, b!, lastYear))).applyForStudio;
          const late = await during(shiftDay(to, 1), () => apply(hub, p, c!, lastYear + 1));
          refused(late, 'policy.window');
          expect(late.errors![0]!.message).toContain('已过施行期');
          await setStatus(hub, closing.id, 'ESTABLISHED');
          ok(await allocate(hub, p, closing.id, lastYear, '1.00'));
          refused(await allocate(hub, p, closing.id, lastYear + 1, '1.00'), 'policy.window');
        } else ok(await apply(hub, p, b!, Y));
      }
    });

    test('cycle.years / cycle.open and evaluation.kinds: a studio runs the programme’s cycle; each kind it holds is scheduled in its year, a kind it does not hold and a year past the cycle are refused', async ({
      hub,
    }) => {
      for (const p of SEEDED_POLICIES) {
        const years = cycleYears(p);
        // the cycle ends this year; a programme no longer in force is driven on its window's last day
        const startYear = inForce(p) ? Y - years + 1 : Number(p.effectiveTo!.slice(0, 4)) - years + 1;
        const s = inForce(p) ? await found(hub, p, startYear) : await during(p.effectiveTo!, () => found(hub, p, startYear));
        expect([s.startYear, s.endYear], p.id).toEqual([startYear, startYear + years - 1]);
        drove(p, rule(p, 'cycle.open') ? 'cycle.open' : 'cycle.years');
        const kinds: string[] | undefined = rule(p, 'evaluation.kinds')?.value;
        if (!kinds) continue;
        const as = issuer(p);
        const other = KINDS.find((k) => !kinds.includes(k))!;
        const notHeld = await hub.query(SCHEDULE, { s: s.id, k: other, y: s.endYear }, as);
        refused(notHeld, 'evaluation.kinds', p);
        expect(notHeld.errors![0]!.message).toContain('该工作室执行的政策不安排');
        const last = kinds.includes('FINAL') ? 'FINAL' : 'ANNUAL';
        refused(await hub.query(SCHEDULE, { s: s.id, k: last, y: s.endYear + 1 }, as), 'evaluation.kinds', p);
        if (last === 'FINAL' && years > 1)
          refused(await hub.query(SCHEDULE, { s: s.id, k: 'FINAL', y: s.startYear }, as), 'evaluation.kinds', p);
        const yearOf = {
          CREATION: s.startYear,
          ANNUAL: s.endYear,
          MIDTERM: s.startYear + Math.ceil(years / 2) - 1,
          FINAL: s.endYear,
        };
        for (const k of kinds) ok(await hub.query(SCHEDULE, { s: s.id, k, y: yearOf[k as 'FINAL'] }, as));
        drove(p, 'evaluation.kinds');
      }
    });

    test('consequence.finalFail.revoke / finalPass.nextCycle: a failed final evaluation revokes the studio citing the clause, a passed one ends the cycle (or, where the programme says so, starts the next)', async ({
      hub,
    }) => {
      for (const p of stating('consequence.finalFail.revoke')) {
        const as = issuer(p);
        const years = cycleYears(p);
        const failing = await found(hub, p, Y - years + 1);
        const passing = await found(hub, p, Y - years + 1);
        for (const s of [failing, passing]) await setStatus(hub, s.id, 'RUNNING');
        const failed = await evaluated(hub, failing.id, 'FINAL', Y, 'FAIL', as);
        expect(failed.status, p.id).toBe('REVOKED');
        expect(failed.transitions.at(-1).reason).toContain(rule(p, 'consequence.finalFail.revoke')!.clause);
        const passed = await evaluated(hub, passing.id, 'FINAL', Y, 'PASS', as);
        if (rule(p, 'consequence.finalPass.nextCycle')) {
          expect(passed.status, p.id).toBe('RENEWED');
          expect([passed.startYear, passed.endYear]).toEqual([Y + 1, Y + years]);
          expect(passed.transitions.at(-1).reason).toContain(rule(p, 'consequence.finalPass.nextCycle')!.clause);
          drove(p, 'consequence.finalPass.nextCycle');
        } else expect(passed.status, p.id).toBe('COMPLETED');
        drove(p, 'consequence.finalFail.revoke');
      }
    });

    test('consequence.midtermFail.revoke / stopFunding: a failed midterm revokes the studio and no more money is granted; a passed one leaves it running and funded', async ({
      hub,
    }) => {
      const ps = stating('consequence.midtermFail.revoke');
      expect(ps.map((p) => p.id)).toEqual(stating('consequence.midtermFail.stopFunding').map((p) => p.id));
      for (const p of ps) {
        const as = issuer(p);
        const years = cycleYears(p);
        const midterm = Y - years + Math.ceil(years / 2);
        const failing = await found(hub, p, Y - years + 1);
        const passing = await found(hub, p, Y - years + 1);
        for (const s of [failing, passing]) await setStatus(hub, s.id, 'RUNNING');
        const failed = await evaluated(hub, failing.id, 'MIDTERM', midterm, 'FAIL', as);
        expect(failed.status, p.id).toBe('REVOKED');
        expect(failed.transitions.at(-1).reason).toContain(rule(p, 'consequence.midtermFail.revoke')!.clause);
        refused(await allocate(hub, p, failing.id, Y, '1.00'), 'funding.stopped');
        const passed = await evaluated(hub, passing.id, 'MIDTERM', midterm, 'PASS', as);
        expect(passed.status).toBe('RUNNING');
        ok(await allocate(hub, p, passing.id, Y, '1.00'));
        drove(p, 'consequence.midtermFail.revoke');
        drove(p, 'consequence.midtermFail.stopFunding');
      }
    });

    test('consequence.annualFails.revokeAt / annualFail.warn: annual failures short of the count (or not in a row, where it says consecutive) leave the studio, the count revokes it; a warning follows a failure, not a pass', async ({
      hub,
    }) => {
      for (const p of stating('consequence.annualFails.revokeAt')) {
        const as = issuer(p);
        const { count, consecutive } = rule(p, 'consequence.annualFails.revokeAt')!.value as {
          count: number;
          consecutive: boolean;
        };
        const warn = rule(p, 'consequence.annualFail.warn');
        // count−1 failures, a pass, count−1 failures (in a row only where consecutive counts), then the last failure
        const results: ('PASS' | 'FAIL')[] = [...Array(count - 1).fill('FAIL'), 'PASS', ...Array(count - 1).fill('FAIL'), 'FAIL'];
        const last = inForce(p) ? Y : Number(p.effectiveTo!.slice(0, 4));
        const years = cycleYears(p);
        // the results need as many years as the cycle has; the rest of them are the ones a non-consecutive count sums
        const used = consecutive ? results : [...Array(count - 1).fill('FAIL'), 'PASS', 'FAIL'];
        expect(used.length, `${p.id}: the cycle holds the annual results the test needs`).toBeLessThanOrEqual(years);
        const startYear = last - years + 1;
        const s = inForce(p) ? await found(hub, p, startYear) : await during(p.effectiveTo!, () => found(hub, p, startYear));
        await setStatus(hub, s.id, 'RUNNING');
        for (const [i, result] of used.entries()) {
          const state = await evaluated(hub, s.id, 'ANNUAL', startYear + i, result, as);
          const fails = used.slice(0, i + 1).filter((r) => r === 'FAIL').length;
          const run = consecutive
            ? used
                .slice(0, i + 1)
                .join(',')
                .split('PASS')
                .at(-1)!
                .split('FAIL').length - 1
            : fails;
          if (i === used.length - 1) {
            expect(state.status, `${p.id}: failure ${fails}`).toBe('REVOKED');
            expect(state.transitions.at(-1).reason).toContain(rule(p, 'consequence.annualFails.revokeAt')!.clause);
          } else {
            expect(run, p.id).toBeLessThan(count);
            expect(state.status, `${p.id}: ${result} in ${startYear + i}`).toBe(warn && fails > 0 ? 'WARNED' : 'RUNNING');
            if (warn && result === 'FAIL') {
              expect(state.transitions.at(-1).reason).toContain(warn.clause);
              drove(p, 'consequence.annualFail.warn');
            }
          }
        }
        if (warn) {
          // the other side of the warning: a studio that passes is not warned
          const other = await during(p.effectiveTo ?? TEST_TODAY, () => found(hub, p, startYear));
          await setStatus(hub, other.id, 'RUNNING');
          await evaluate(hub, other.id, 'ANNUAL', startYear, 'PASS', as);
          expect((await read(hub, other.id, as)).status).toBe('RUNNING');
        }
        drove(p, 'consequence.annualFails.revokeAt');
      }
    });

    test('consequence.annualFail.withholdNextYear: a failed annual assessment withholds the next year’s money, a passed one arranges it', async ({
      hub,
    }) => {
      for (const p of stating('consequence.annualFail.withholdNextYear')) {
        const as = issuer(p);
        const years = cycleYears(p);
        const failing = await found(hub, p, Y - years + 1);
        const passing = await found(hub, p, Y - years + 1);
        for (const s of [failing, passing]) await setStatus(hub, s.id, 'RUNNING');
        await evaluate(hub, failing.id, 'ANNUAL', Y - 1, 'FAIL', as);
        expect((await settled(hub, failing.id, as)).fundingHolds).toEqual([{ action: 'WITHHOLD', fromYear: Y }]);
        expect(await undeliveredSettles(hub, 0, 'studios')).toBe(0);
        const withheld = await allocate(hub, p, failing.id, Y, '1.00');
        refused(withheld, 'funding.withheld');
        expect(withheld.errors![0]!.message).toContain(rule(p, 'consequence.annualFail.withholdNextYear')!.clause);
        await evaluate(hub, passing.id, 'ANNUAL', Y - 1, 'PASS', as);
        await settled(hub, passing.id, as);
        ok(await allocate(hub, p, passing.id, Y, '1.00'));
        drove(p, 'consequence.annualFail.withholdNextYear');
      }
    });

    test('consequence.creationFail.hold / creationFails.revokeAt: a failed creation evaluation holds the plaque and schedules a second one; failing that too (the count) revokes, passing it plaques', async ({
      hub,
    }) => {
      for (const p of stating('consequence.creationFail.hold')) {
        const as = issuer(p);
        const revokeAt: number = rule(p, 'consequence.creationFails.revokeAt')!.value;
        expect(revokeAt, 'one creation evaluation and one 二次评估 in two years').toBe(2);
        const start = Y - 1;
        const [failing, passing, straight] = [await found(hub, p, start), await found(hub, p, start), await found(hub, p, start)];
        for (const s of [failing, passing, straight]) await setStatus(hub, s.id, 'IN_PUBLICITY');
        // the other side of the hold: a passed creation evaluation holds nothing back
        const plaqued = await evaluated(hub, straight.id, 'CREATION', start, 'PASS', as);
        expect(plaqued.status).not.toBe('ON_HOLD');
        for (const s of [failing, passing]) {
          const held = await evaluated(hub, s.id, 'CREATION', start, 'FAIL', as);
          expect(held.status).toBe('ON_HOLD');
          expect(held.transitions.at(-1).reason).toContain(rule(p, 'consequence.creationFail.hold')!.clause);
          const second = held.evaluations.find((e: { kind: string }) => e.kind === 'SECOND_EVALUATION');
          expect(second).toMatchObject({ year: start + 1, status: 'PENDING' });
          const result = s === failing ? 'FAIL' : 'PASS';
          ok(await hub.query(RECORD, { id: second.id, r: result }, as));
          const after = await settled(hub, s.id, as);
          expect(after.status).toBe(result === 'FAIL' ? 'REVOKED' : 'ESTABLISHED');
          if (result === 'FAIL')
            expect(after.transitions.at(-1).reason).toContain(rule(p, 'consequence.creationFails.revokeAt')!.clause);
        }
        drove(p, 'consequence.creationFail.hold');
        drove(p, 'consequence.creationFails.revokeAt');
      }
    });

    test('consequence.misconduct.revoke: a programme that provides for it revokes a studio for misconduct citing the clause; one that does not refuses', async ({
      hub,
    }) => {
      const without = SEEDED_POLICIES.find((p) => inForce(p) && !rule(p, 'consequence.misconduct.revoke'))!;
      for (const p of [...stating('consequence.misconduct.revoke'), without]) {
        const s = await found(hub, p);
        const as = issuer(p);
        const r = await hub.query(MISCONDUCT, { id: s.id, v: (await read(hub, s.id, as)).version }, as);
        if (rule(p, 'consequence.misconduct.revoke')) {
          expect(ok(r).revokeStudioForMisconduct.status).toBe('REVOKED');
          expect((await read(hub, s.id, as)).transitions.at(-1).reason).toContain(
            rule(p, 'consequence.misconduct.revoke')!.clause,
          );
          drove(p, 'consequence.misconduct.revoke');
        } else refused(r, 'consequence.misconduct.revoke');
      }
    });

    test('team.hosts: leads up to the programme’s most are taken (each qualified as a host), one more is refused naming the clause', async ({
      hub,
    }) => {
      for (const p of stating('team.hosts')) {
        const { min, max } = rule(p, 'team.hosts')!.value as { min: number; max: number };
        const as = issuer(p);
        await inWindow(p, async () => {
          const s = await found(hub, p, inForce(p) ? Y : Number(p.effectiveTo!.slice(0, 4)));
          expect(min, p.id).toBe(1); // the host is the first
          expect(await verdict(hub, s.id, 'team.hosts', as), p.id).toMatchObject({ passed: true });
          const other = schoolsOf(p).find((x) => x.id !== s.school.id)!;
          for (let n = 1; n < max; n++) ok(await add(hub, s.id, await qualifiedHost(hub, p, other, as), 'LEAD', as));
          refused(await add(hub, s.id, await qualifiedHost(hub, p, other, as), 'LEAD', as), 'team.hosts', p);
        });
        drove(p, 'team.hosts');
      }
    });

    test('team.members / team.total / team.mentors: below the least the team verdict fails and at it passes; the most are taken and one more is refused naming the clause', async ({
      hub,
    }) => {
      for (const code of ['team.members', 'team.total', 'team.mentors'])
        for (const p of stating(code)) {
          const { min, max } = rule(p, code)!.value as { min?: number; max?: number };
          const as = issuer(p);
          const role = code === 'team.mentors' ? 'MENTOR' : 'MEMBER';
          await inWindow(p, async () => {
            const s = await found(hub, p, inForce(p) ? Y : Number(p.effectiveTo!.slice(0, 4)));
            const others = schoolsOf(p).filter((x) => x.id !== s.school.id);
            const people = await staff(hub, others[0]!, (max ?? min!) + 1, as);
            if (min === 1) expect(await verdict(hub, s.id, code, as), `${p.id} ${code}`).toMatchObject({ passed: false });
            for (const [i, t] of people.entries()) {
              const r = await add(hub, s.id, t, role, as);
              if (max !== undefined && i === max) {
                refused(r, code, p);
                break;
              }
              ok(r);
              if (min && i + 1 === min - 1)
                expect(await verdict(hub, s.id, code, as), `${p.id} ${code}`).toMatchObject({ passed: false });
              if (min && i + 1 === min) {
                expect(await verdict(hub, s.id, code, as), `${p.id} ${code}`).toMatchObject({ passed: true });
                if (max === undefined) break;
              }
            }
          });
          drove(p, code);
        }
    });

    test('team.assistants / assistant.fromHostSchool: an assistant from another school is refused where the programme asks the host’s school; the most are taken and one more refused; below the least the verdict fails', async ({
      hub,
    }) => {
      for (const p of stating('team.assistants')) {
        const { min, max } = rule(p, 'team.assistants')!.value as { min?: number; max: number };
        const as = issuer(p);
        const s = await found(hub, p);
        const other = schoolsOf(p).find((x) => x.id !== s.school.id)!;
        if (min) expect(await verdict(hub, s.id, 'team.assistants', as)).toMatchObject({ passed: false });
        if (rule(p, 'assistant.fromHostSchool')) {
          refused(await add(hub, s.id, (await staff(hub, other, 1, as))[0]!, 'ASSISTANT', as), 'assistant.fromHostSchool', p);
          drove(p, 'assistant.fromHostSchool');
        }
        const own = await staff(hub, s.school, max + 1, as);
        for (const t of own.slice(0, max)) ok(await add(hub, s.id, t, 'ASSISTANT', as));
        if (min) expect(await verdict(hub, s.id, 'team.assistants', as)).toMatchObject({ passed: true });
        refused(await add(hub, s.id, own[max]!, 'ASSISTANT', as), 'team.assistants', p);
        drove(p, 'team.assistants');
      }
    });

    test('team.core / ownSchool.coreShare: core members (the assistant among them) below the least fail and at it pass; the host school’s share of them over its cap fails, one more from elsewhere brings it under', async ({
      hub,
    }) => {
      for (const p of stating('team.core')) {
        const least: number = rule(p, 'team.core')!.value.min;
        const cap: number | undefined = rule(p, 'ownSchool.coreShare')?.value.max;
        const as = issuer(p);
        const s = await found(hub, p);
        // the core size n and own count k where k is over the cap at n and within it at n + 1
        let n = least;
        while (cap !== undefined && Math.floor(cap * n + 1e-9) === Math.floor(cap * (n + 1) + 1e-9)) n++;
        const k = cap === undefined ? 1 : Math.floor(cap * n + 1e-9) + 1;
        const own = await staff(hub, s.school, k, as);
        const others = await staff(
          hub,
          schoolsOf(p).find((x) => x.id !== s.school.id)!,
          n + 1 - k,
          as,
        );
        const roleOf = (i: number) => (i === 0 && rule(p, 'team.assistants') ? 'ASSISTANT' : 'CORE');
        const people = [...own, ...others];
        for (const [i, t] of people.entries()) {
          ok(await add(hub, s.id, t, roleOf(i), as));
          const size = i + 1;
          if (size === least - 1) expect(await verdict(hub, s.id, 'team.core', as)).toMatchObject({ passed: false });
          if (size === least) expect(await verdict(hub, s.id, 'team.core', as)).toMatchObject({ passed: true });
          if (cap !== undefined && size === n)
            expect(await verdict(hub, s.id, 'ownSchool.coreShare', as), `${k} of ${n}`).toMatchObject({ passed: false });
          if (cap !== undefined && size === n + 1)
            expect(await verdict(hub, s.id, 'ownSchool.coreShare', as), `${k} of ${n + 1}`).toMatchObject({ passed: true });
        }
        drove(p, 'team.core');
        if (cap !== undefined) drove(p, 'ownSchool.coreShare');
      }
    });

    test('ownSchool.memberShare / schools.min (with team.members’ least): one member short, too many from the host school and too few schools fail; one more member from one more school passes all three', async ({
      hub,
    }) => {
      for (const p of stating('ownSchool.memberShare')) {
        const least: number = rule(p, 'team.members')!.value.min;
        const cap: number = rule(p, 'ownSchool.memberShare')!.value.max;
        const fewest: number = rule(p, 'schools.min')!.value;
        const as = issuer(p);
        const s = await found(hub, p);
        const n = least - 1;
        const k = Math.floor(cap * n + 1e-9) + 1;
        expect(k, 'over the cap at one short, within it at the least').toBeLessThanOrEqual(Math.floor(cap * least + 1e-9));
        // the host's school and fewest − 2 others hold the first n; the last member comes from one more school
        const others = schoolsOf(p).filter((x) => x.id !== s.school.id);
        const spread = others.slice(0, fewest - 2);
        const people = [...(await staff(hub, s.school, k, as))];
        for (const [i, school] of spread.entries()) {
          const share = Math.floor((n - k) / spread.length) + (i < (n - k) % spread.length ? 1 : 0);
          people.push(...(await staff(hub, school, share, as)));
        }
        for (const t of people) ok(await add(hub, s.id, t, 'MEMBER', as));
        for (const code of ['team.members', 'ownSchool.memberShare', 'schools.min'])
          expect(await verdict(hub, s.id, code, as), code).toMatchObject({ passed: false });
        ok(await add(hub, s.id, (await staff(hub, others[fewest - 2]!, 1, as))[0]!, 'MEMBER', as));
        for (const code of ['team.members', 'ownSchool.memberShare', 'schools.min']) {
          expect(await verdict(hub, s.id, code, as), code).toMatchObject({ passed: true });
          drove(p, code);
        }
      }
    });

    test('ownSchool.count / ownSchool.teamShare: as many from the host’s school as the cap allows (a share counted on the largest team the programme allows) are taken, one more is refused naming the clause', async ({
      hub,
    }) => {
      for (const code of ['ownSchool.count', 'ownSchool.teamShare'])
        for (const p of stating(code)) {
          const as = issuer(p);
          const { max } = rule(p, code)!.value as { max: number };
          const largest =
            (rule(p, 'team.hosts')?.value.max ?? 1) +
            (rule(p, 'team.members') ?? rule(p, 'team.total'))!.value.max +
            (rule(p, 'team.mentors')?.value.max ?? 0);
          const allowed = code === 'ownSchool.count' ? max : Math.floor(max * largest + 1e-9);
          await inWindow(p, async () => {
            const s = await found(hub, p, inForce(p) ? Y : Number(p.effectiveTo!.slice(0, 4)));
            const own = await staff(hub, s.school, allowed + 1, as);
            for (const t of own.slice(0, allowed)) ok(await add(hub, s.id, t, 'MEMBER', as));
            refused(await add(hub, s.id, own[allowed]!, 'MEMBER', as), code, p);
          });
          drove(p, code);
        }
    });

    test('funding.standard: a year’s grant from the programme’s source up to its standard is made, a fen more is refused naming the clause', async ({
      hub,
    }) => {
      for (const p of stating('funding.standard')) {
        const v = rule(p, 'funding.standard')!.value;
        const as = issuer(p);
        const year = inForce(p) ? Y : Number(p.effectiveTo!.slice(0, 4));
        // by the host school: a district's school and a city-run one (region code of the city itself)
        const cases: [school: (typeof schools)[number], yuan: number][] = v.yuanPerYearByHostSchool
          ? [
              [schoolsOf(p).find((x) => x.regionCode !== p.issuingRegionCode)!, v.yuanPerYearByHostSchool.DISTRICT],
              [schoolsOf(p).find((x) => x.regionCode === p.issuingRegionCode)!, v.yuanPerYearByHostSchool.CITY_RUN],
            ]
          : [[schoolsOf(p)[0]!, v.yuanPerYear ?? v.yuanPerMemberPerSemester * 2 * 2]];
        for (const [school, yuan] of cases) {
          const s = await inWindow(p, () => found(hub, p, year, school));
          if (v.yuanPerMemberPerSemester)
            for (const t of await staff(
              hub,
              schoolsOf(p).find((x) => x.id !== school.id)!,
              2,
              as,
            ))
              ok(await add(hub, s.id, t, 'MEMBER', as));
          if (rule(p, 'funding.afterPlaque')) await setStatus(hub, s.id, 'ESTABLISHED');
          const over = await allocate(hub, p, s.id, year, `${yuan}.01`);
          refused(over, 'funding.standard', p);
          ok(await allocate(hub, p, s.id, year, `${yuan}.00`));
          refused(await allocate(hub, p, s.id, year, '0.01'), 'funding.standard', p);
        }
        drove(p, 'funding.standard');
      }
    });

    test('funding.afterPlaque: a studio applied for gets no grant, naming the clause; plaqued, it does', async ({ hub }) => {
      for (const p of stating('funding.afterPlaque')) {
        const s = await found(hub, p);
        const before = await allocate(hub, p, s.id, Y, '1.00');
        refused(before, 'funding.afterPlaque', p);
        await setStatus(hub, s.id, 'ESTABLISHED');
        ok(await allocate(hub, p, s.id, Y, '1.00'));
        drove(p, 'funding.afterPlaque');
      }
    });

    test('funding.matching: a district school’s studio is compliant once the district has matched the city’s grant at the ratio, not a fen before', async ({
      hub,
    }) => {
      for (const p of stating('funding.matching')) {
        const { source, of, minRatio } = rule(p, 'funding.matching')!.value as { source: string; of: string; minRatio: number };
        const year = inForce(p) ? Y : Number(p.effectiveTo!.slice(0, 4));
        const school = schoolsOf(p).find((x) => x.regionCode !== p.issuingRegionCode)!;
        const s = await inWindow(p, () => found(hub, p, year, school));
        const district: Office = { level: 'COUNTY', region: school.regionCode, roles: ['finance'] };
        const grantFen = 1000_00;
        ok(await allocate(hub, p, s.id, year, '1000.00', of));
        const owedFen = grantFen * minRatio;
        const MATCHING = `query ($c: ID!, $y: Int!) { region(code: $c) { fundingMatching(year: $y) {
          studios { studio { id } required matched compliant } } } }`;
        const mine = async () =>
          ok(await hub.query(MATCHING, { c: p.issuingRegionCode, y: year }, issuer(p)))
            .region.fundingMatching.flatMap((d: { studios: { studio: { id: string } }[] }) => d.studios)
            .find((x: { studio: { id: string } }) => x.studio.id === s.id);
        const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
        const match = (fen: number) =>
          hub.query(ALLOCATE, { i: { studioId: s.id, year, source, amount: yuan(fen), matching: true } }, district);
        ok(await match(owedFen - 1));
        expect(await mine()).toMatchObject({ required: yuan(owedFen), matched: yuan(owedFen - 1), compliant: false });
        ok(await match(1));
        expect(await mine()).toMatchObject({ matched: yuan(owedFen), compliant: true });
        drove(p, 'funding.matching');
      }
    });

    test('host.leavesCounty.revoke: a host who moves to another school of the county keeps the studio; one who leaves the county loses it, citing the clause', async ({
      hub,
    }) => {
      const TRANSFER = `mutation ($t: ID!, $to: ID!) {
        transferTeacher(teacherId: $t, toSchoolId: $to, movedOn: "${TEST_TODAY}", reason: "工作调动") { id }
      }`;
      for (const p of stating('host.leavesCounty.revoke')) {
        const as = issuer(p);
        const county = (x: (typeof schools)[number]) => schoolsOf(p).filter((y) => y.regionCode === x.regionCode);
        const home = schoolsOf(p).find((x) => x.regionCode !== p.issuingRegionCode && county(x).length > 1)!;
        const [staying, leaving] = [await found(hub, p, Y, home), await found(hub, p, Y, home)];
        for (const s of [staying, leaving]) await setStatus(hub, s.id, 'RUNNING');
        ok(await hub.query(TRANSFER, { t: staying.host, to: county(home).find((x) => x.id !== home.id)!.id }, as));
        ok(
          await hub.query(TRANSFER, { t: leaving.host, to: schoolsOf(p).find((x) => x.regionCode !== home.regionCode)!.id }, as),
        );
        expect(await undeliveredSettles(hub, 0, 'personnel')).toBe(0);
        expect((await settled(hub, staying.id, as)).status).toBe('RUNNING');
        const left = await settled(hub, leaving.id, as);
        expect(left.status).toBe('REVOKED');
        expect(left.transitions.at(-1).reason).toContain(rule(p, 'host.leavesCounty.revoke')!.clause);
        drove(p, 'host.leavesCounty.revoke');
      }
    });

    test('member.absence.leaveAtShare: a member absent from the share of activities (or more) leaves when the rule is applied; one absent from one fewer stays', async ({
      hub,
    }) => {
      for (const p of stating('member.absence.leaveAtShare')) {
        const share: number = rule(p, 'member.absence.leaveAtShare')!.value;
        const as = issuer(p);
        const s = await found(hub, p);
        const [leaves, stays] = await staff(
          hub,
          schoolsOf(p).find((x) => x.id !== s.school.id)!,
          2,
          as,
        );
        for (const t of [leaves!, stays!]) ok(await add(hub, s.id, t, 'MEMBER', as));
        const activities = 6;
        const absent = Math.ceil(share * activities - 1e-9);
        expect(absent / activities).toBeGreaterThanOrEqual(share);
        expect((absent - 1) / activities).toBeLessThan(share);
        for (let i = 0; i < activities; i++) {
          const away = [...(i < absent ? [leaves!] : []), ...(i < absent - 1 ? [stays!] : [])];
          const input = {
            studioId: s.id,
            kind: 'OFFLINE_STUDY',
            title: `集中研修 ${i + 1}`,
            doneOn: TEST_TODAY, // the members joined today: earlier activities are not theirs
            attended: [leaves!, stays!].filter((t) => !away.includes(t)),
            absent: away,
          };
          ok(await hub.query('mutation ($input: RecordWorkInput!) { recordWork(input: $input) { id } }', { input }, as));
        }
        const { version } = await read(hub, s.id, as);
        const applied = ok(
          await hub.query(
            'mutation ($id: ID!, $v: Int!) { applyAbsenceRule(studioId: $id, version: $v) { members { teacher { id } } } }',
            { id: s.id, v: version },
            as,
          ),
        );
        const remaining = applied.applyAbsenceRule.members.map((m: { teacher: { id: string } }) => m.teacher.id);
        expect(remaining).toContain(stays);
        expect(remaining).not.toContain(leaves);
        drove(p, 'member.absence.leaveAtShare');
      }
    });

    test('host.terms.max: a host with fewer terms than the most may renew, one who has served the most may not', async ({
      hub,
    }) => {
      for (const p of stating('host.terms.max')) {
        const most: number = rule(p, 'host.terms.max')!.value;
        const as = issuer(p);
        const terms = async (t: string) =>
          ok(await hub.query(RENEWAL, { t, p: p.id }, as)).teacher.eligibility.verdicts.find(
            (v: { rule: string }) => v.rule === 'host.terms.max',
          ) as { passed: boolean; reason: string };
        // term after term under the programme, each ended (届满) before the next is applied for
        const first = await found(hub, p);
        const { host } = first;
        let { id } = first;
        for (let served = 1; served < most; served++) {
          expect(await terms(host), `${served} of ${most}`).toMatchObject({ passed: true });
          await setStatus(hub, id, 'COMPLETED');
          ({ id } = ok(await apply(hub, p, host, Y)).applyForStudio);
        }
        const full = await terms(host);
        expect(full, full.reason).toMatchObject({ passed: false });
        expect(full.reason).toContain(`已任主持人 ${most} 期`);
        drove(p, 'host.terms.max');
      }
    });

    test('host.renewal.activeHeadTeacher / host.renewal.retiresWithinYears: a host out of post, or retiring within the years after the final evaluation, may not renew; in post and years from retiring, may', async ({
      hub,
    }) => {
      for (const p of [
        ...new Set([...stating('host.renewal.activeHeadTeacher'), ...stating('host.renewal.retiresWithinYears')]),
      ]) {
        const as = issuer(p);
        // a teacher hosting none under the programme is judged as if founding one this year (not from a "0 年" final)
        const within = rule(p, 'host.renewal.retiresWithinYears');
        if (within) {
          const [none] = await staff(hub, schoolsOf(p)[0]!, 1, as);
          const { verdicts } = ok(await hub.query(RENEWAL, { t: none, p: p.id }, as)).teacher.eligibility;
          expect(verdicts.find((v: { rule: string }) => v.rule === 'host.renewal.retiresWithinYears')).toMatchObject({
            passed: true,
            reason: expect.stringContaining(`期满考核（${Y + cycleYears(p) - 1} 年，按今年设立工作室计）`),
          });
        }
        // the host of a studio founded this year: its final evaluation is in the cycle's last year
        const { host: t } = await found(hub, p);
        const renewal = async (code: string) =>
          (await hub.query(RENEWAL, { t, p: p.id }, as)).data.teacher.eligibility.verdicts.find(
            (v: { rule: string }) => v.rule === code,
          ) as { passed: boolean | null; reason: string };
        const change = async (fields: Record<string, unknown>) => {
          const { version } = ok(await hub.query('query ($id: ID!) { teacher(id: $id) { version } }', { id: t })).teacher;
          ok(await hub.query(UPDATE_TEACHER, { input: { id: t, version, ...fields } }, as));
        };
        if (rule(p, 'host.renewal.activeHeadTeacher')) {
          await change({ activeHeadTeacher: false });
          expect(await renewal('host.renewal.activeHeadTeacher')).toMatchObject({ passed: false });
          await change({ activeHeadTeacher: true });
          expect(await renewal('host.renewal.activeHeadTeacher')).toMatchObject({ passed: true });
          drove(p, 'host.renewal.activeHeadTeacher');
        }
        if (within) {
          // a man of 59 retires (2025 decision: 60 rising to 63) well within the years; one of 36 does not
          await change({ gender: 'MALE', birthDate: `${Y - 59}-01-01` });
          expect(await renewal('host.renewal.retiresWithinYears')).toMatchObject({ passed: false });
          await change({ gender: 'MALE', birthDate: `${Y - BORN_YEARS_AGO}-03-01` });
          const later = await renewal('host.renewal.retiresWithinYears');
          expect(later, later.reason).toMatchObject({ passed: true });
          drove(p, 'host.renewal.retiresWithinYears');
        }
      }
    });

    test('evaluation.offices: the office a programme names for a kind (or the one above it) schedules and records it; the office below it, or a school it does not name, is refused', async ({
      hub,
    }) => {
      const EVALUATORS = ['SCHOOL', 'COUNTY', 'CITY', 'PROVINCE'] as const;
      const SCHEDULED = `mutation ($s: ID!, $k: EvaluationKind!, $y: Int!) {
        scheduleEvaluation(studioId: $s, kind: $k, year: $y) { id evaluatingOffice { level region { code } } }
      }`;
      for (const p of stating('evaluation.offices')) {
        const { value: offices, clause } = rule(p, 'evaluation.offices')!;
        const years = cycleYears(p);
        // a school in a county (not a city-run one), so that every level over it is a different office
        const school = schoolsOf(p).find((x) => !x.regionCode.endsWith('00'))!;
        const region = school.regionCode;
        // the studio's own school, its county, city and province: each may evaluate, at its level
        const office = (level: (typeof EVALUATORS)[number]): Office => ({
          level,
          region: { SCHOOL: region, COUNTY: region, CITY: `${region.slice(0, 4)}00`, PROVINCE: `${region.slice(0, 2)}0000` }[
            level
          ],
          ...(level === 'SCHOOL' ? { school: school.id } : {}),
          roles: ['evaluator'],
        });
        const otherSchool = schools.find((x) => x.regionCode === region && x.id !== school.id)!;
        const notNamed: Office = { level: 'SCHOOL', region, school: otherSchool.id, roles: ['evaluator'] };
        // two studios whose cycle ends this year (a closed window: its last year): one evaluated by the named offices,
        // one by the offices above them
        const last = inForce(p) ? Y : Number(p.effectiveTo!.slice(0, 4));
        const founded = () => inWindow(p, () => found(hub, p, last - years + 1, school));
        const [byNamed, byAbove] = [await founded(), await founded()];
        for (const s of [byNamed, byAbove]) await setStatus(hub, s.id, 'RUNNING');
        const yearOf = { CREATION: last - years + 1, ANNUAL: last, MIDTERM: last - years + Math.ceil(years / 2), FINAL: last };
        // every kind the rule names (publishing checks the programme holds each), the creation evaluation first
        const kinds = KINDS.filter((k) => offices[k]);
        for (const kind of kinds) {
          const named = EVALUATORS.indexOf(offices[kind]);
          // below the named office: the office under it, or (a school named) a school of the county it does not name
          const below = named === 0 ? notNamed : office(EVALUATORS[named - 1]!);
          // an office below is refused; a school not named does not see the studio at all (out of its scope, as missing)
          const refusal = below === notNamed ? 'NOT_FOUND' : 'FORBIDDEN';
          const vars = { s: byNamed.id, k: kind, y: yearOf[kind] };
          const early = await hub.query(SCHEDULED, vars, below);
          expectRefusal(early, refusal);
          if (below.level !== 'SCHOOL') expect(early.errors![0]!.message).toContain(clause);
          const scheduled = ok(await hub.query(SCHEDULED, vars, office(EVALUATORS[named]!))).scheduleEvaluation;
          expect(scheduled.evaluatingOffice, `${p.id} ${kind}`).toEqual({
            level: EVALUATORS[named],
            region: { code: office(EVALUATORS[named]!).region },
          });
          const notRecorded = await hub.query(RECORD, { id: scheduled.id, r: 'PASS' }, below);
          expectRefusal(notRecorded, refusal);
          ok(await hub.query(RECORD, { id: scheduled.id, r: 'PASS' }, office(EVALUATORS[named]!)));
          // the office above the named one schedules and records the same kind of the other studio
          const above = office(EVALUATORS[named + 1]!);
          const higher = ok(await hub.query(SCHEDULED, { ...vars, s: byAbove.id }, above)).scheduleEvaluation;
          expect(higher.evaluatingOffice.level).toBe(above.level);
          ok(await hub.query(RECORD, { id: higher.id, r: 'PASS' }, above));
        }
        drove(p, 'evaluation.offices');
      }
    });

    test('naming.perYear.max: the quota’s last studio of a year is named (授牌), one more that year is refused naming the clause', async ({
      hub,
    }) => {
      const TRANSITION = `mutation ($input: TransitionStudioInput!) { transitionStudio(input: $input) { status } }`;
      for (const p of stating('naming.perYear.max')) {
        const { value: quota, clause } = rule(p, 'naming.perYear.max')!;
        const as = issuer(p);
        const year = inForce(p) ? Y : Number(p.effectiveTo!.slice(0, 4));
        // none of the demo's studios under the programme starts this year: the quota is counted from nothing
        expect(demoStudios.filter((s) => s.policyId === p.id && s.startYear === year)).toEqual([]);
        const step = async (id: string, to: string) =>
          hub.query(TRANSITION, { input: { id, version: (await read(hub, id, as)).version, to, reason: '评审通过' } }, as);
        const name = async () => {
          const s = await inWindow(p, () => found(hub, p, year));
          for (const to of ['UNDER_REVIEW', 'IN_PUBLICITY']) ok(await step(s.id, to));
          return { id: s.id, named: await step(s.id, 'ESTABLISHED') };
        };
        for (let n = 1; n <= quota; n++) {
          const { named } = await name();
          expect(ok(named).transitionStudio.status, `${n} of ${quota}`).toBe('ESTABLISHED');
        }
        const { id, named: oneMore } = await name();
        refused(oneMore, 'naming.perYear.max', p);
        expect(oneMore.errors![0]!.message).toContain(
          `${year} 年已按该方案命名 ${quota} 个工作室，每年至多命名 ${quota} 个（${clause}`,
        );
        expect((await read(hub, id, as)).status).toBe('IN_PUBLICITY');
        drove(p, 'naming.perYear.max');
      }
    });

    test('host.publications.min: a host whose papers are a level below the programme’s (or short of its count) and who has no monograph is refused naming the clause, one whose papers’ level is not recorded is refused naming what is missing; papers of the level, or a monograph, and the studio is founded', async ({
      hub,
    }) => {
      for (const p of stating('host.publications.min')) {
        const { value: v, clause } = rule(p, 'host.publications.min')!;
        const as = issuer(p);
        const school = schoolsOf(p)[0]!;
        if (v.papers) {
          const { count, minLevel, coreJournal } = v.papers as { count: number; minLevel?: Level; coreJournal?: true };
          const host = await qualifiedHost(hub, p, school, as, { without: 'host.publications.min' });
          const lower = minLevel && levelBelow(minLevel);
          // the failing side: the count a level below, or one short of it
          await papers(hub, host, lower ? count : count - 1, lower ?? minLevel ?? null, !!coreJournal, as);
          const short = await apply(hub, p, host, Y);
          refused(short, 'host.publications.min', p);
          expect(short.errors![0]!.message).toContain(clause);
          if (minLevel) {
            // papers whose level is not recorded cannot decide it: refused, naming what to record
            await papers(hub, host, count, null, !!coreJournal, as);
            const undecided = await apply(hub, p, host, Y);
            refused(undecided, 'host.publications.min', p);
            expect(undecided.errors![0]!.message).toContain('未录入刊物级别，无法判定');
          }
          // the passing side: the count at the level
          await papers(hub, host, count, minLevel ?? null, !!coreJournal, as);
          ok(await apply(hub, p, host, Y));
        }
        if (v.monographs) {
          // a host with one monograph fewer (and no paper) is refused; one more monograph and it is founded
          const host = await qualifiedHost(hub, p, school, as, { without: 'host.publications.min' });
          await monographs(hub, host, v.monographs - 1, as);
          refused(await apply(hub, p, host, Y), 'host.publications.min', p);
          await monographs(hub, host, 1, as);
          ok(await apply(hub, p, host, Y));
        }
        drove(p, 'host.publications.min');
      }
    });

    test('host.anyOf: a host short of every alternative is refused citing the clause and naming what each lacks (one whose papers’ level is not recorded, naming that); one meeting only the research alternative, only the papers, or only the monographs is founded', async ({
      hub,
    }) => {
      for (const p of stating('host.anyOf')) {
        const { value, clause } = rule(p, 'host.anyOf')!;
        const alternatives = (value as Record<string, any>[]).map((entry) => Object.entries(entry)[0] as [string, any]);
        const as = issuer(p);
        const school = schoolsOf(p)[0]!;
        /** Each alternative on its failing side: research a level below or not hosted, papers a level below or one short, a monograph short. */
        const shortOfAll = async (t: string) => {
          for (const [code, v] of alternatives) {
            if (code === 'host.research.min') {
              const lower = levelBelow(v.level);
              if (v.role === 'HOST') ok(await hub.query(RESEARCH, { t, level: v.level, hosted: false }, as));
              else if (lower) ok(await hub.query(RESEARCH, { t, level: lower, hosted: true }, as));
            } else if (code === 'host.publications.min') {
              if (v.papers) {
                const lower = v.papers.minLevel && levelBelow(v.papers.minLevel);
                await papers(hub, t, lower ? v.papers.count : v.papers.count - 1, lower ?? null, !!v.papers.coreJournal, as);
              }
              if (v.monographs) await monographs(hub, t, v.monographs - 1, as);
            } else throw new Error(`no driver for ${code} in host.anyOf`);
          }
        };
        /** The ways to meet the clause, one alternative (a publications alternative: its papers, or its monographs) each. */
        const ways: [way: string, meet: (t: string) => Promise<unknown>][] = [];
        for (const [code, v] of alternatives) {
          if (code === 'host.research.min')
            ways.push([code, (t) => hub.query(RESEARCH, { t, level: v.level, hosted: true }, as)]);
          if (code === 'host.publications.min' && v.papers)
            ways.push(['papers', (t) => papers(hub, t, v.papers.count, v.papers.minLevel ?? null, !!v.papers.coreJournal, as)]);
          if (code === 'host.publications.min' && v.monographs) ways.push(['monographs', (t) => monographs(hub, t, 1, as)]);
        }
        for (const [way, meet] of ways) {
          const host = await qualifiedHost(hub, p, school, as, { without: 'host.anyOf' });
          await shortOfAll(host);
          const short = await apply(hub, p, host, Y);
          refused(short, 'host.anyOf', p);
          const message = short.errors![0]!.message;
          expect(message).toContain(clause);
          expect(message).toContain('均未满足（满足其一即可）');
          for (const [code] of alternatives) expect(message).toContain(code === 'host.research.min' ? '课题' : '论文');
          const papersAsked = alternatives.find(([code]) => code === 'host.publications.min')?.[1].papers;
          if (way === 'papers' && papersAsked?.minLevel) {
            // papers whose level is not recorded cannot decide it when no other alternative passes: refused, naming that
            await papers(hub, host, papersAsked.count, null, !!papersAsked.coreJournal, as);
            const undecided = await apply(hub, p, host, Y);
            refused(undecided, 'host.anyOf', p);
            expect(undecided.errors![0]!.message).toContain('未录入刊物级别，无法判定');
          }
          // this one alternative met, the others still short: founded
          await meet(host);
          ok(await apply(hub, p, host, Y));
        }
        drove(p, 'host.anyOf');
      }
    });

    test('funding.provided: the studio shows who funds it; a grant from a source the clause does not name is refused naming it, one from each source it names is made', async ({
      hub,
    }) => {
      const FUNDERS = `query ($id: ID!) { studio(id: $id) { fundingProvided { sources seed } } }`;
      for (const p of stating('funding.provided')) {
        const { value, clause } = rule(p, 'funding.provided')!;
        const sources: string[] = value.sources;
        const s = await found(hub, p);
        // plaqued: funds after the plaque are another clause
        await setStatus(hub, s.id, 'ESTABLISHED');
        expect(ok(await hub.query(FUNDERS, { id: s.id }, issuer(p))).studio.fundingProvided).toEqual({ sources, seed: clause });
        const named = [...sources, rule(p, 'funding.standard')?.value.source, rule(p, 'funding.matching')?.value.source];
        const other = (['CITY', 'COUNTY', 'SCHOOL', 'PROVINCE'] as const).find((x) => !named.includes(x))!;
        const province: Office = { level: 'PROVINCE', region: `${s.school.regionCode.slice(0, 2)}0000`, roles: ['finance'] };
        const grant = (source: string) =>
          hub.query(ALLOCATE, { i: { studioId: s.id, year: Y, source, amount: '1.00' } }, province);
        const wrong = await grant(other);
        refused(wrong, 'funding.provided', p);
        expect(wrong.errors![0]!.message).toContain(clause);
        for (const source of sources) ok(await grant(source));
        drove(p, 'funding.provided');
      }
    });

    test('funding.hostStipend: the host’s stipend from the clause’s source is paid (up to its sum), from another source refused naming the clause', async ({
      hub,
    }) => {
      for (const p of stating('funding.hostStipend')) {
        const { value, clause } = rule(p, 'funding.hostStipend')!;
        const s = await found(hub, p);
        await setStatus(hub, s.id, 'ESTABLISHED');
        const province: Office = { level: 'PROVINCE', region: `${s.school.regionCode.slice(0, 2)}0000`, roles: ['finance'] };
        const stipend = (source: string, amount: string) =>
          hub.query(ALLOCATE, { i: { studioId: s.id, year: Y, source, amount, stipend: true } }, province);
        const other = (['CITY', 'COUNTY', 'SCHOOL'] as const).find((x) => x !== value.source)!;
        const wrong = await stipend(other, '1.00');
        refused(wrong, 'funding.hostStipend', p);
        expect(wrong.errors![0]!.message).toContain(clause);
        ok(await stipend(value.source, value.yuanPerYear ? `${value.yuanPerYear}.00` : '1.00'));
        if (value.yuanPerYear) refused(await stipend(value.source, '0.01'), 'funding.hostStipend', p);
        drove(p, 'funding.hostStipend');
      }
    });

    test('commendation.studio: an evaluation of the clause’s kind graded at its least grade is due a commendation citing the clause; one graded below it is not', async ({
      hub,
    }) => {
      const GRADED = `mutation ($id: ID!, $r: Grade!) {
        recordEvaluationResult(input: { id: $id, version: 1, result: $r }) { commendation { seed } }
      }`;
      const yearIn = (kind: string, years: number) =>
        ({ CREATION: Y - years + 1, ANNUAL: Y, MIDTERM: Y - years + Math.ceil(years / 2), FINAL: Y })[kind]!;
      for (const p of stating('commendation.studio')) {
        const { value, clause } = rule(p, 'commendation.studio')!;
        const as = issuer(p);
        const years = cycleYears(p);
        const below = value.minGrade === 'EXCELLENT' ? 'PASS' : 'FAIL';
        for (const [grade, due] of [
          [value.minGrade, true],
          [below, false],
        ] as const) {
          const s = await found(hub, p, Y - years + 1);
          await setStatus(hub, s.id, 'RUNNING');
          const { scheduleEvaluation } = ok(
            await hub.query(SCHEDULE, { s: s.id, k: value.kind, y: yearIn(value.kind, years) }, as),
          );
          const { recordEvaluationResult } = ok(await hub.query(GRADED, { id: scheduleEvaluation.id, r: grade }, as));
          expect(recordEvaluationResult.commendation, `${p.id} ${grade}`).toEqual(due ? { seed: clause } : null);
        }
        drove(p, 'commendation.studio');
      }
    });

    test('member.rating / commendation.member: a grade off the programme’s scale is refused naming the clause, each grade on it is taken; 不合格 takes the member out where the clause says so; a member graded at the commendation’s least is due one, one graded below is not', async ({
      hub,
    }) => {
      const RATE = `mutation ($s: ID!, $t: ID!, $sem: String!, $r: Grade!) {
        rateMember(studioId: $s, teacherId: $t, semester: $sem, rating: $r) { commendation { seed } }
      }`;
      const MEMBERS = 'query ($id: ID!) { studio(id: $id) { members { teacher { id } } } }';
      const SEMESTER = `${Y}-${Y + 1}-1`;
      const GRADES = ['EXCELLENT', 'GOOD', 'PASS', 'FAIL'] as const;
      for (const p of [...new Set([...stating('member.rating'), ...stating('commendation.member')])]) {
        const as = issuer(p);
        const scale: string[] = rule(p, 'member.rating')?.value.scale ?? ['EXCELLENT', 'GOOD'];
        const s = await found(hub, p);
        const members = await staff(
          hub,
          schoolsOf(p).find((x) => x.id !== s.school.id)!,
          scale.length,
          as,
        );
        for (const m of members) ok(await add(hub, s.id, m, 'MEMBER', as));
        const rate = (t: string, r: string) => hub.query(RATE, { s: s.id, t, sem: SEMESTER, r }, as);
        const rating = rule(p, 'member.rating');
        if (rating) {
          const off = GRADES.find((g) => !scale.includes(g))!;
          const refusedGrade = await rate(members[0]!, off);
          expectRefusal(refusedGrade, 'BAD_USER_INPUT');
          expect(refusedGrade.errors![0]!.message).toContain(rating.clause);
          // each grade on the scale, one member each
          for (const [i, g] of scale.entries()) ok(await rate(members[i]!, g));
          if (rating.value.failLeaves) {
            const failed = members[scale.indexOf('FAIL')]!;
            await settled(hub, s.id, as);
            const left = ok(await hub.query(MEMBERS, { id: s.id }, as)).studio.members.map((m: any) => m.teacher.id);
            expect(left).not.toContain(failed);
            expect(left).toEqual(members.filter((m) => m !== failed));
          }
          drove(p, 'member.rating');
        }
        const commend = rule(p, 'commendation.member');
        if (commend) {
          const least: string = commend.value.minGrade;
          const lower = GRADES[GRADES.indexOf(least as (typeof GRADES)[number]) + 1]!;
          expect(scale).toEqual(expect.arrayContaining([least, lower]));
          const [due, notDue] = members;
          expect(ok(await rate(due!, least)).rateMember.commendation).toEqual({ seed: commend.clause });
          expect(ok(await rate(notDue!, lower)).rateMember.commendation).toBeNull();
          drove(p, 'commendation.member');
        }
      }
    });

    test('studio.namedAfterHost: under a programme stating it a name without the host’s is refused citing the clause, one with it is taken and none gives the host’s; elsewhere the school’s own name stands; a name of 40 characters is taken, of 41 refused', async ({
      hub,
    }) => {
      const named = (p: SeededPolicy, host: string, name?: string) =>
        hub.query(APPLY_NAMED, { i: { policyId: p.id, hostTeacherId: host, batch: `${Y}年`, startYear: Y, name } }, issuer(p));
      const hostName = async (p: SeededPolicy, id: string) =>
        ok(await hub.query('query ($id: ID!) { teacher(id: $id) { name } }', { id }, issuer(p))).teacher.name as string;
      const stated = stating('studio.namedAfterHost');
      expect(stated.length).toBeGreaterThan(0);
      for (const p of stated) {
        await inWindow(p, async () => {
          const school = schoolsOf(p)[0]!;
          const host = await qualifiedHost(hub, p, school, issuer(p));
          refused(await named(p, host, `${school.name}德育工作室`), 'studio.namedAfterHost', p);
          const name = `${await hostName(p, host)}德育工作室`;
          expect(ok(await named(p, host, name)).applyForStudio.name).toBe(name);
          const other = await qualifiedHost(hub, p, school, issuer(p));
          expect(ok(await named(p, other)).applyForStudio.name).toBe(`${await hostName(p, other)}名班主任工作室`);
        });
        drove(p, 'studio.namedAfterHost');
      }
      const free = SEEDED_POLICIES.find((q) => !rule(q, 'studio.namedAfterHost') && inForce(q) && !rule(q, 'host.anyOf'))!;
      const school = schoolsOf(free)[0]!;
      const own = `${school.name}班主任工作室`.padEnd(40, '甲');
      expect(own).toHaveLength(40);
      const host = await qualifiedHost(hub, free, school, issuer(free));
      const long = await named(free, host, `${own}乙`);
      expect(expectRefusal(long, 'BAD_USER_INPUT', { argumentName: 'name' }).message).toMatch(/最多 40 个字/);
      expect(ok(await named(free, host, own)).applyForStudio.name).toBe(own);
    });

    test('naming.perRegion.max: a county’s last place of a batch is nominated, one more from it is refused citing the clause; a school the issuing office runs itself has places of its own, one more from it is refused while another such school nominates', async ({
      hub,
    }) => {
      const NOMINATE = `mutation ($p: ID!, $b: String!, $t: ID!) { nominateHost(policyId: $p, batch: $b, teacherId: $t) { id } }`;
      for (const p of stating('naming.perRegion.max')) {
        const { value, clause } = rule(p, 'naming.perRegion.max')!;
        const { directSchools, ...counties } = value as Record<string, number>;
        const nominate = (t: string, as: Office) => inWindow(p, () => hub.query(NOMINATE, { p: p.id, b: `${Y}年`, t }, as));
        // the county of the table with the most places that has a school in the demo
        const [code, quota] = Object.entries(counties)
          .filter(([c]) => schools.some((s) => s.regionCode === c))
          .sort((a, b) => b[1] - a[1])[0]!;
        const county: Office = { level: 'COUNTY', region: code, roles: ['editor'] };
        const teachers = await staff(
          hub,
          schools.find((s) => s.regionCode === code)!,
          quota + 1,
          issuer(p),
        );
        for (const t of teachers.slice(0, quota)) ok(await nominate(t, county));
        const oneMore = await nominate(teachers[quota]!, county);
        refused(oneMore, 'naming.perRegion.max', p);
        expect(oneMore.errors![0]!.message).toContain(`该地区本批次名额 ${quota} 个，已推荐 ${quota} 人（${clause}`);
        if (directSchools) {
          const [a, b] = schools.filter((s) => s.regionCode === p.issuingRegionCode);
          const office = (s: (typeof schools)[number]): Office => ({
            level: 'SCHOOL',
            region: p.issuingRegionCode,
            school: s.id,
            roles: ['editor'],
          });
          const ofA = await staff(hub, a!, directSchools + 1, issuer(p));
          for (const t of ofA.slice(0, directSchools)) ok(await nominate(t, office(a!)));
          const again = await nominate(ofA[directSchools]!, office(a!));
          refused(again, 'naming.perRegion.max', p);
          expect(again.errors![0]!.message).toContain(
            `该校本批次名额 ${directSchools} 个，已推荐 ${directSchools} 人（${clause}`,
          );
          const [ofB] = await staff(hub, b!, 1, issuer(p));
          ok(await nominate(ofB!, office(b!)));
        }
        drove(p, 'naming.perRegion.max');
      }
    });

    test('funding.budget.yearly: a studio without its year’s budget shows it due (BEHIND; a year before its start is not held against it), OVERDUE once a year of it ended without one, citing the clause; with each year’s budget it is MET; a programme without the clause shows none', async ({
      hub,
    }) => {
      const BUDGET = `mutation ($i: SetBudgetInput!) { budgetSet(input: $i) { userErrors { message } } }`;
      const DUE = `query ($id: ID!, $asOf: String) { studio(id: $id) {
        obligationsFrom budgetObligation(asOf: $asOf) { year budgeted previousBudgeted state seed reason }
      } }`;
      for (const p of stating('funding.budget.yearly')) {
        const { clause } = rule(p, 'funding.budget.yearly')!;
        const as = issuer(p);
        // founded on the first day of its window (or today), so its first three years are within the window
        const day = inForce(p) ? TEST_TODAY : p.effectiveFrom!;
        const year = Number(day.slice(0, 4));
        const host = await qualifiedHost(hub, p, schoolsOf(p)[0]!, as);
        const { id, endYear } = ok(await during(day, () => apply(hub, p, host, year))).applyForStudio;
        expect(endYear).toBe(year + 2);
        const due = async (asOf: string) => {
          const { studio } = ok(await hub.query(DUE, { id, asOf }, as));
          expect(studio.obligationsFrom).toBe(day);
          return studio.budgetObligation;
        };
        const budget = async (y: number) => {
          ok(await allocate(hub, p, id, y, '1000.00'));
          const lines = [{ category: 'BOOKS', amount: '1000.00' }];
          expect(ok(await hub.query(BUDGET, { i: { studioId: id, year: y, lines } }, as)).budgetSet.userErrors).toEqual([]);
        };
        expect(await due(day)).toMatchObject({ year, budgeted: false, previousBudgeted: null, state: 'BEHIND', seed: clause });
        const late = await due(`${year + 2}-06-30`);
        expect(late).toMatchObject({ year: year + 2, budgeted: false, previousBudgeted: false, state: 'OVERDUE', seed: clause });
        expect(late.reason).toContain(`${year + 1} 年未编制经费预算，${year + 2} 年也尚未编制（${clause}`);
        await budget(year);
        expect(await due(day)).toMatchObject({ budgeted: true, state: 'MET' });
        await budget(year + 1);
        expect(await due(`${year + 2}-06-30`)).toMatchObject({ budgeted: false, previousBudgeted: true, state: 'BEHIND' });
        // after the cycle its last year is judged: overdue without a budget, met with one
        const after = await due(`${endYear + 1}-06-30`);
        expect(after).toMatchObject({ year: endYear, budgeted: false, state: 'OVERDUE' });
        expect(after.reason).toContain(`建设周期最后一年（${endYear} 年）未编制经费预算（${clause}`);
        await budget(year + 2);
        expect(await due(`${year + 2}-06-30`)).toMatchObject({ budgeted: true, previousBudgeted: true, state: 'MET' });
        expect(await due(`${endYear + 1}-06-30`)).toMatchObject({ year: endYear, state: 'MET' });
        drove(p, 'funding.budget.yearly');
      }
      const other = SEEDED_POLICIES.find((p) => inForce(p) && !rule(p, 'funding.budget.yearly'))!;
      const { id } = await found(hub, other);
      expect(ok(await hub.query(DUE, { id, asOf: TEST_TODAY }, issuer(other))).studio.budgetObligation).toBeNull();
    });

    test('obligations of the host (byHost), met by the studio’s collective work (collectiveKinds), of the kinds 活动信息发布, 参加培训, 班主任大赛, 主题展示活动 and of the level 镇级 (003 四(职责)(二)2/4/5; 004 方案10 四.3, (一)2): one short, a level below, a member’s instead of the host’s, or one collective kind missing is not MET; done, it is', async ({
      hub,
    }) => {
      const RECORD_WORK = 'mutation ($input: RecordWorkInput!) { recordWork(input: $input) { id } }';
      const OBLIGATIONS = `query ($id: ID!, $asOf: String!) {
        studio(id: $id) { obligations(asOf: $asOf) { kind per perMember byHost collectiveKinds state membersShort { id } seed } }
      }`;
      const NEW_KINDS = ['NEWS_POST', 'TRAINING_ATTENDED', 'CONTEST_WORK', 'SHOWCASE_EVENT'];
      const drivenHere = (kind: string, d: Duty) =>
        NEW_KINDS.includes(kind) || d.byHost || d.collectiveKinds || d.minLevel === 'TOWN';
      const duties = (p: SeededPolicy) =>
        p.rules
          .filter(([code]) => code.startsWith('obligation.'))
          .flatMap(([code, value, clause]) =>
            dutiesOf(value as Duty).map((duty) => ({ code, kind: code.slice('obligation.'.length), duty, clause })),
          )
          .filter(({ kind, duty }) => drivenHere(kind, duty));
      const programmes = SEEDED_POLICIES.filter((p) => duties(p).length);
      expect(programmes.flatMap((p) => duties(p).map((d) => `${p.id} ${d.kind}`))).toEqual([
        '003-shenzhen-2 NEWS_POST',
        '003-shenzhen-2 TRAINING_ATTENDED',
        '003-shenzhen-2 CONTEST_WORK',
        '004-school-plan10 PUBLIC_CLASS',
        '004-school-plan10 SHOWCASE_EVENT',
      ]);
      for (const p of programmes) {
        const as = issuer(p);
        // a programme no longer in force: its studio is founded, and judged, on its window's last day
        const day = inForce(p) ? TEST_TODAY : p.effectiveTo!;
        const startYear = Number(day.slice(0, 4)) - cycleYears(p) + 1;
        const { s, members } = await inWindow(p, async () => {
          const s = await found(hub, p, startYear);
          const members = await staff(
            hub,
            schoolsOf(p).find((x) => x.id !== s.school.id)!,
            2,
            as,
          );
          for (const m of members) ok(await add(hub, s.id, m, 'MEMBER', as));
          return { s, members };
        });
        const record = async (kind: string, n: number, { by, level }: { by?: string; level?: Level } = {}) => {
          for (let i = 0; i < n; i++)
            ok(
              await hub.query(
                RECORD_WORK,
                {
                  input: {
                    studioId: s.id,
                    kind,
                    title: `${kind} ${i + 1}`,
                    doneOn: day,
                    by,
                    level: level && HONOR_LEVELS[level],
                  },
                },
                as,
              ),
            );
        };
        for (const { code, kind, duty, clause } of duties(p)) {
          const state = async () => {
            const all = ok(await hub.query(OBLIGATIONS, { id: s.id, asOf: day }, as)).studio.obligations;
            return all.find((o: any) => o.kind === kind && o.per === duty.per && o.perMember === !!duty.perMember) as {
              state: string;
              byHost: boolean;
              collectiveKinds: string[];
              membersShort: { id: string }[];
              seed: string;
            };
          };
          const first = await state();
          expect(first, `${p.id} ${kind}`).toMatchObject({
            seed: clause,
            byHost: !!duty.byHost,
            collectiveKinds: duty.collectiveKinds ?? [],
          });
          expect(first.state).not.toBe('MET');
          if (duty.collectiveKinds) {
            // a member's own lesson counts for that member only; the other is short
            await record(kind, duty.count, { by: members[0] });
            expect((await state()).membersShort.map((m) => m.id)).toEqual([members[1]]);
            // the studio's collective work of every kind but the last: still short
            for (const k of duty.collectiveKinds.slice(0, -1)) await record(k, 1);
            expect(await state()).toMatchObject({
              state: expect.not.stringMatching(/^MET$/),
              membersShort: [{ id: members[1] }],
            });
            // and the last: every member has done it this semester
            await record(duty.collectiveKinds.at(-1)!, 1);
            expect(await state()).toMatchObject({ state: 'MET', membersShort: [] });
          } else {
            const author = duty.byHost ? s.host : undefined;
            const lower = duty.minLevel && levelBelow(duty.minLevel);
            // a level below the clause's does not count
            if (lower) await record(kind, duty.count, { by: author, level: lower });
            // the host's duty: a member's work, or the studio's, does not count
            if (duty.byHost) {
              await record(kind, duty.count, { by: members[0], level: duty.minLevel });
              await record(kind, duty.count, { level: duty.minLevel });
            }
            await record(kind, duty.count - 1, { by: author, level: duty.minLevel });
            expect((await state()).state, `${p.id} ${kind} short`).not.toBe('MET');
            await record(kind, 1, { by: author, level: duty.minLevel });
            expect((await state()).state, `${p.id} ${kind} done`).toBe('MET');
          }
          drove(p, code);
        }
      }
    });

    test('member.withinRegion: a member from a school outside the issuing office’s region is refused citing the clause and naming both regions; one from a school inside it joins', async ({
      hub,
    }) => {
      // an office above both places, entitled to see the outside teacher and the studio
      const NATION: Office = { level: 'NATION', region: '100000', roles: ['editor', 'admin'] };
      for (const p of stating('member.withinRegion')) {
        const { clause } = rule(p, 'member.withinRegion')!;
        const as = issuer(p);
        const s = await found(hub, p);
        const outside = schools.find((x) => !x.regionCode.startsWith(p.issuingRegionCode.replace(/0+$/, '')))!;
        // with the honours, research and papers the programme asks of every member, so that only the region is short
        const [far] = await staff(hub, outside, 1, NATION, { under: [p] });
        const refusedFar = await add(hub, s.id, far!, 'MEMBER', NATION);
        refused(refusedFar, 'member.withinRegion', p);
        expect(refusedFar.errors![0]!.extensions!.violations).toHaveLength(1);
        const message = refusedFar.errors![0]!.message;
        expect(message).toContain(clause);
        expect(message).toContain(`不在发文机关辖区`);
        expect(message).toContain(`（${outside.regionCode}）`);
        expect(message).toContain(`（${p.issuingRegionCode}）`);
        const [near] = await staff(
          hub,
          schoolsOf(p).find((x) => x.id !== s.school.id)!,
          1,
          as,
        );
        ok(await add(hub, s.id, near!, 'MEMBER', as));
        drove(p, 'member.withinRegion');
      }
    });

    test('host.inPost / member.inPost: a host or member past the statutory retirement month is refused citing the clause, one whose birth date is not recorded is refused naming what is missing; in post (and, for a member, not a head teacher) the studio is founded and the member joins', async ({
      hub,
    }) => {
      const VERSION = 'query ($id: ID!) { teacher(id: $id) { version } }';
      const change = async (t: string, fields: Record<string, unknown>, as: Office) => {
        const { version } = ok(await hub.query(VERSION, { id: t }, as)).teacher;
        ok(await hub.query(UPDATE_TEACHER, { input: { id: t, version, ...fields } }, as));
      };
      // a man of 64 is past the statutory retirement age (60 rising to 63 at most, 2025 decision); one of 36 is not
      const RETIRED = { gender: 'MALE', birthDate: `${Y - 64}-01-01` };
      const IN_POST = { gender: 'MALE', birthDate: `${Y - BORN_YEARS_AGO}-03-01` };
      for (const p of [...new Set([...stating('host.inPost'), ...stating('member.inPost')])]) {
        const as = issuer(p);
        const host = await qualifiedHost(hub, p, schoolsOf(p)[0]!, as);
        if (rule(p, 'host.inPost')) {
          await change(host, RETIRED, as);
          const retired = await apply(hub, p, host, Y);
          refused(retired, 'host.inPost', p);
          expect(retired.errors![0]!.message).toContain('到法定退休时间，要求在职在岗');
          // a teacher imported without gender (an age, no birth date): the retirement month cannot be computed
          const school = schoolsOf(p)[0]!;
          const row = {
            row: 2,
            name: nameOf(serial++),
            school: school.name,
            age: '36',
            headTeacherYears: '12',
            title: '正高级教师',
            stage: STAGE[school.stage],
          };
          const unrecorded = ok(await hub.query(IMPORT, { input: { rows: [row] } }, as)).teachersImport.report.teachers[0].id;
          const unknown = await apply(hub, p, unrecorded, Y);
          refused(unknown, 'host.inPost', p);
          expect(unknown.errors![0]!.message).toContain('无法判定是否已到法定退休时间');
          await change(host, IN_POST, as);
          drove(p, 'host.inPost');
        }
        const s = ok(await apply(hub, p, host, Y)).applyForStudio;
        if (rule(p, 'member.inPost')) {
          const [m] = await staff(
            hub,
            schoolsOf(p).find((x) => x.id !== schoolsOf(p)[0]!.id)!,
            1,
            as,
          );
          await change(m!, RETIRED, as);
          const retired = await add(hub, s.id, m!, 'MEMBER', as);
          refused(retired, 'member.inPost', p);
          expect(retired.errors![0]!.message).toContain(rule(p, 'member.inPost')!.clause);
          // in post, and not a head teacher: a 名师 studio's member need not be one
          await change(m!, { ...IN_POST, activeHeadTeacher: false }, as);
          ok(await add(hub, s.id, m!, 'MEMBER', as));
          drove(p, 'member.inPost');
        }
      }
    });

    test('member.byCategory: under one programme, a 36- or 35-year-old is refused from a 名师 studio citing the clause and a 34-year-old joins it; the 36-year-old head teacher joins a 名班主任 studio, where a teacher who is no head teacher is refused', async ({
      hub,
    }) => {
      const CATEGORY = 'query ($id: ID!) { studio(id: $id) { name category } }';
      for (const p of stating('member.byCategory')) {
        const { value, clause } = rule(p, 'member.byCategory')!;
        const as = issuer(p);
        const [hostSchool, other] = schoolsOf(p);
        const teacherStudio = ok(
          await hub.query(
            APPLY,
            {
              i: {
                policyId: p.id,
                hostTeacherId: await qualifiedHost(hub, p, hostSchool!, as),
                batch: `${Y}年`,
                startYear: Y,
                category: 'TEACHER',
              },
            },
            as,
          ),
        ).applyForStudio;
        const headTeacherStudio = await found(hub, p, Y, hostSchool);
        expect(ok(await hub.query(CATEGORY, { id: teacherStudio.id }, as)).studio).toMatchObject({
          category: 'TEACHER',
          name: expect.stringMatching(/名师工作室$/),
        });
        expect(ok(await hub.query(CATEGORY, { id: headTeacherStudio.id }, as)).studio.category).toBe('HEAD_TEACHER');
        const under: number = value.TEACHER['member.age.under'];
        expect(value.HEAD_TEACHER).toEqual({ 'member.activeHeadTeacher': true });
        // staff() teachers are 36, head teachers; one is made `under` (the limit), one `under - 1` and no head teacher
        const [older, atLimit, young] = await staff(hub, other!, 3, as);
        const bornYearsAgo = async (t: string, years: number, fields: Record<string, unknown> = {}) => {
          const { version } = ok(await hub.query('query ($id: ID!) { teacher(id: $id) { version } }', { id: t }, as)).teacher;
          ok(await hub.query(UPDATE_TEACHER, { input: { id: t, version, birthDate: `${Y - years}-01-01`, ...fields } }, as));
        };
        await bornYearsAgo(atLimit!, under);
        await bornYearsAgo(young!, under - 1, { activeHeadTeacher: false });
        for (const [t, age] of [
          [older!, BORN_YEARS_AGO],
          [atLimit!, under],
        ] as const) {
          const r = await add(hub, teacherStudio.id, t, 'MEMBER', as);
          refused(r, 'member.age.under');
          expect(r.errors![0]!.extensions).toMatchObject({ seed: clause });
          expect(r.errors![0]!.message).toContain(`年龄 ${age} 周岁，要求 ${under} 周岁以下`);
        }
        ok(await add(hub, teacherStudio.id, young!, 'MEMBER', as));
        ok(await add(hub, headTeacherStudio.id, older!, 'MEMBER', as));
        const notHeadTeacher = await add(hub, headTeacherStudio.id, young!, 'MEMBER', as);
        refused(notHeadTeacher, 'member.activeHeadTeacher');
        expect(notHeadTeacher.errors![0]!.extensions).toMatchObject({ seed: clause });
        drove(p, 'member.byCategory');
      }
    });

    test('evaluation.grades: a grade off the programme’s scale for a kind (a 二次评估: its creation evaluation’s) is refused citing the clause, its top grade is taken; a kind the programme is silent on keeps the hub’s scale', async ({
      hub,
    }) => {
      const GRADES = ['EXCELLENT', 'GOOD', 'PASS', 'FAIL'] as const;
      const yearIn = (kind: string, years: number) =>
        ({ CREATION: Y - years + 1, ANNUAL: Y, MIDTERM: Y - years + Math.ceil(years / 2), FINAL: Y })[kind]!;
      for (const p of stating('evaluation.grades')) {
        const { value, clause } = rule(p, 'evaluation.grades')!;
        const as = issuer(p);
        const years = cycleYears(p);
        for (const [kind, scale] of Object.entries(value as Record<string, string[]>)) {
          const s = await found(hub, p, Y - years + 1);
          await setStatus(hub, s.id, 'RUNNING');
          const { scheduleEvaluation } = ok(await hub.query(SCHEDULE, { s: s.id, k: kind, y: yearIn(kind, years) }, as));
          const off = GRADES.find((g) => !scale.includes(g))!;
          const refusedGrade = await hub.query(RECORD, { id: scheduleEvaluation.id, r: off }, as);
          refused(refusedGrade, 'evaluation.grades', p);
          expect(refusedGrade.errors![0]!.message).toContain(clause);
          ok(await hub.query(RECORD, { id: scheduleEvaluation.id, r: scale[0] }, as));
          if (kind !== 'CREATION') continue;
          // a failed creation evaluation's 二次评估 is graded on the creation evaluation's scale
          const failing = await found(hub, p, Y - years + 1);
          await setStatus(hub, failing.id, 'IN_PUBLICITY');
          const held = await evaluated(hub, failing.id, 'CREATION', Y - years + 1, 'FAIL', as);
          const second = held.evaluations.find((e: { kind: string }) => e.kind === 'SECOND_EVALUATION');
          refused(await hub.query(RECORD, { id: second.id, r: off }, as), 'evaluation.grades', p);
          ok(await hub.query(RECORD, { id: second.id, r: scale[0] }, as));
        }
        // a kind the programme holds but gives no scale: the hub's (优秀 only for the midterm and the final)
        const silent = (rule(p, 'evaluation.kinds')!.value as string[]).find((k) => !(k in value) && k !== 'FINAL')!;
        expect(silent, p.id).toBeDefined();
        const s = await found(hub, p, Y - years + 1);
        await setStatus(hub, s.id, 'RUNNING');
        const { scheduleEvaluation } = ok(await hub.query(SCHEDULE, { s: s.id, k: silent, y: yearIn(silent, years) }, as));
        const hubs = await hub.query(RECORD, { id: scheduleEvaluation.id, r: 'GOOD' }, as);
        expectRefusal(hubs, 'BAD_USER_INPUT');
        drove(p, 'evaluation.grades');
      }
    });

    test('host.renewal.finalGrade.min: a host whose final is graded below the clause’s grade may not renew (连任/延期), citing it; with no final yet it is undecided and refused; graded at it, the studio renews', async ({
      hub,
    }) => {
      const TRANSITION = `mutation ($id: ID!, $v: Int!) {
        transitionStudio(input: { id: $id, version: $v, to: RENEWED, reason: "申请延期" }) { status }
      }`;
      for (const p of stating('host.renewal.finalGrade.min')) {
        const { value: least, clause } = rule(p, 'host.renewal.finalGrade.min')!;
        const below = least === 'EXCELLENT' ? 'PASS' : 'FAIL';
        const as = issuer(p);
        const years = cycleYears(p);
        const verdictOf = async (t: string) =>
          ok(await hub.query(RENEWAL, { t, p: p.id }, as)).teacher.eligibility.verdicts.find(
            (v: { rule: string }) => v.rule === 'host.renewal.finalGrade.min',
          ) as { passed: boolean | null; reason: string };
        for (const grade of [below, least]) {
          const s = await found(hub, p, Y - years + 1);
          await setStatus(hub, s.id, 'RUNNING');
          expect(await verdictOf(s.host), `${p.id}: no final yet`).toMatchObject({ passed: null });
          const done = await evaluated(hub, s.id, 'FINAL', Y, grade, as);
          expect(done.status).toBe('COMPLETED');
          const renew = await hub.query(TRANSITION, { id: s.id, v: done.version }, as);
          if (grade === least) {
            expect(await verdictOf(s.host)).toMatchObject({ passed: true });
            expect(ok(renew).transitionStudio.status, p.id).toBe('RENEWED');
          } else {
            expect(done.transitions.at(-1).reason).toContain(clause);
            expect(await verdictOf(s.host)).toMatchObject({ passed: false });
            refused(renew, 'host.renewal.finalGrade.min', p);
            expect(renew.errors![0]!.message).toContain('届满考核');
          }
        }
        drove(p, 'host.renewal.finalGrade.min');
      }
    });

    test('host.terms.finalGrade.min: a host whose last studio under the programme had its final graded below the clause’s grade may not apply for the next batch, citing it; with no final recorded it is undecided and refused until waived; graded at it, or a first application, is founded', async ({
      hub,
    }) => {
      for (const p of stating('host.terms.finalGrade.min')) {
        const least: string = rule(p, 'host.terms.finalGrade.min')!.value;
        const below = least === 'EXCELLENT' ? 'PASS' : 'FAIL';
        const as = issuer(p);
        const years = cycleYears(p);
        await inWindow(p, async () => {
          const last = Number(today().slice(0, 4));
          // a first application (no studio hosted under the programme before) is founded: `found` is one
          const [ungraded, failed, passed] = [
            await found(hub, p, last - years + 1),
            await found(hub, p, last - years + 1),
            await found(hub, p, last - years + 1),
          ];
          for (const s of [ungraded, failed, passed]) await setStatus(hub, s.id, 'RUNNING');
          await evaluated(hub, failed.id, 'FINAL', last, below as 'FAIL', as);
          await evaluated(hub, passed.id, 'FINAL', last, least as 'PASS', as);
          // the cycle over (届满), each host applies again for the next batch
          for (const s of [ungraded, failed, passed]) await setStatus(hub, s.id, 'COMPLETED');
          const undecided = await apply(hub, p, ungraded.host, last + 1);
          const refusal = expectRefusal(undecided, 'POLICY_VIOLATION', {
            rule: 'host.terms.finalGrade.min',
            undecided: [expect.objectContaining({ passed: null })],
          });
          expect(refusal.message).toContain('尚无届满考核结果');
          // the office entitled to decide may waive it, with its reason: then the application goes through
          const WAIVE = `mutation ($i: WaiveUndecidedRuleInput!) { waiveUndecidedRule(input: $i) { rule } }`;
          const waiver = {
            policyId: p.id,
            teacherId: ungraded.host,
            rule: 'host.terms.finalGrade.min',
            reason: '届满考核材料遗失，经复核合格',
          };
          ok(await hub.query(WAIVE, { i: waiver }, as));
          ok(await apply(hub, p, ungraded.host, last + 1));
          const refusedAgain = await apply(hub, p, failed.host, last + 1);
          refused(refusedAgain, 'host.terms.finalGrade.min', p);
          expect(refusedAgain.errors![0]!.message).toContain('届满考核不合格');
          expect(ok(await apply(hub, p, passed.host, last + 1)).applyForStudio.startYear).toBe(last + 1);
        });
        drove(p, 'host.terms.finalGrade.min');
      }
    });

    test('member.research.min / member.publications.min: a member whose research is a level below the clause’s (or not in the role it asks) is refused citing the clause, one who took part in research of its level joins; a member one paper short (or a level below) is refused, one more and they join', async ({
      hub,
    }) => {
      for (const code of ['member.research.min', 'member.publications.min'] as const)
        for (const p of stating(code)) {
          const { value: v, clause } = rule(p, code)!;
          const as = issuer(p);
          await inWindow(p, async () => {
            const s = await found(hub, p, Number(today().slice(0, 4)));
            // from another school than the host's, so that no own-school cap is the clause refusing
            const school = schoolsOf(p).find((x) => x.id !== s.school.id)!;
            const [t] = await staff(hub, school, 1, as, { without: code });
            if (code === 'member.research.min') {
              const lower = levelBelow(v.level);
              if (lower) ok(await hub.query(RESEARCH, { t, level: lower, hosted: true }, as));
              if (v.role === 'HOST') ok(await hub.query(RESEARCH, { t, level: v.level, hosted: false }, as));
            } else if (v.papers) {
              const lower = v.papers.minLevel && levelBelow(v.papers.minLevel);
              await papers(hub, t!, lower ? v.papers.count : v.papers.count - 1, lower ?? null, !!v.papers.coreJournal, as);
            } else await monographs(hub, t!, v.monographs - 1, as);
            const short = await add(hub, s.id, t!, 'MEMBER', as);
            refused(short, code, p);
            expect(short.errors![0]!.message).toContain(clause);
            expect(short.errors![0]!.message).toContain(code === 'member.research.min' ? '课题' : v.papers ? '论文' : '专著');
            if (code === 'member.research.min')
              ok(await hub.query(RESEARCH, { t, level: v.level, hosted: v.role === 'HOST' }, as));
            else if (v.papers) await papers(hub, t!, v.papers.count, v.papers.minLevel ?? null, !!v.papers.coreJournal, as);
            else await monographs(hub, t!, 1, as);
            ok(await add(hub, s.id, t!, 'MEMBER', as));
          });
          drove(p, code);
        }
    });

    test('member.anyOf / member.hostedStudio.minLevel: a member short of every alternative (a year short, hosting no studio or one not yet named) is refused citing the clause and naming what each lacks; one with the years, or one whose studio of the level is named (授牌), joins; the impact preview judges the hosted studio the same way', async ({
      hub,
    }) => {
      for (const p of stating('member.anyOf')) {
        const { value, clause } = rule(p, 'member.anyOf')!;
        const alternatives = (value as Record<string, any>[]).map((entry) => Object.entries(entry)[0] as [string, any]);
        const years = alternatives.find(([code]) => code === 'member.headTeacherYears.min')?.[1] as number | undefined;
        const as = issuer(p);
        const setYears = async (t: string, headTeacherYears: number) => {
          const { version } = ok(await hub.query('query ($id: ID!) { teacher(id: $id) { version } }', { id: t }, as)).teacher;
          ok(await hub.query(UPDATE_TEACHER, { input: { id: t, version, headTeacherYears } }, as));
        };
        await inWindow(p, async () => {
          const year = Number(today().slice(0, 4));
          const s = await found(hub, p, year);
          const others = schoolsOf(p).filter((x) => x.id !== s.school.id);
          const refusedAll = async (t: string) => {
            const short = await add(hub, s.id, t, 'MEMBER', as);
            refused(short, 'member.anyOf', p);
            const message = short.errors![0]!.message;
            expect(message).toContain(clause);
            expect(message).toContain('均未满足（满足其一即可）');
            for (const [code] of alternatives)
              expect(message).toContain(
                code === 'member.hostedStudio.minLevel' ? '名班主任工作室（已授牌）主持人' : '班主任工作年限',
              );
          };
          for (const [i, [code, v]] of alternatives.entries()) {
            const school = others[i % others.length]!;
            if (code === 'member.headTeacherYears.min') {
              // hosting no studio, a year short of the years: refused; with the years: joins
              const [t] = await staff(hub, school, 1, as);
              await setYears(t!, v - 1);
              await refusedAll(t!);
              await setYears(t!, v);
              ok(await add(hub, s.id, t!, 'MEMBER', as));
            } else if (code === 'member.hostedStudio.minLevel') {
              // the host of a studio of the programme's level (at least the clause's), a year short of the years: while
              // that studio is only applied for it does not count; once named (授牌) it does
              expect(['SCHOOL', 'COUNTY', 'MUNICIPAL', 'PROVINCIAL'].indexOf(p.studioLevel)).toBeGreaterThanOrEqual(
                ['SCHOOL', 'COUNTY', 'MUNICIPAL', 'PROVINCIAL'].indexOf(v),
              );
              const t = await qualifiedHost(hub, p, school, as);
              const hosted = ok(await apply(hub, p, t, year)).applyForStudio;
              if (years !== undefined) await setYears(t, years - 1);
              await refusedAll(t);
              await setStatus(hub, hosted.id, 'ESTABLISHED');
              ok(await add(hub, s.id, t, 'MEMBER', as));
              // the impact preview reads the studios a member hosted too: named, nothing; back to applied, the member fails
              const impact = async () =>
                ok(await hub.query(IMPACT, { p: p.id }, as)).policyImpact.rows.filter(
                  (r: { teacher: { id: string } | null; rule: string }) => r.teacher?.id === t && r.rule === 'member.anyOf',
                );
              expect(await impact()).toEqual([]);
              await setStatus(hub, hosted.id, 'APPLIED');
              expect(await impact()).toMatchObject([{ subject: 'MEMBER', proposed: { passed: false } }]);
            } else throw new Error(`no driver for ${code} in member.anyOf`);
          }
        });
        drove(p, 'member.anyOf');
      }
    });

    test('docs/policy-guide.md: every clause a programme’s table marks as expressed by a rule code is driven both sides — in this file, or (eligibility, obligations) in seed-programmes', () => {
      const guide = readFileSync(new URL('../docs/policy-guide.md', import.meta.url), 'utf8');
      const expressed: string[] = [];
      let programme: string | null = null;
      for (const line of guide.split('\n')) {
        const heading = /^### ([^：]+)：/.exec(line);
        if (heading) programme = heading[1]!;
        const cell = /^\|[^|]+\|[^|]+\| `([a-zA-Z.<>_]+)` = /.exec(line);
        if (programme && cell) expressed.push(`${programme} ${cell[1]}`);
      }
      // every expressed row was read: as many per programme as the guide's own count (计数：已表达 N)
      const counted = [...guide.matchAll(/^### ([^：]+)：[\s\S]*?^计数：已表达 (\d+)/gm)];
      expect(counted.map((m) => m[1])).toEqual(SEEDED_POLICIES.map((p) => p.id));
      for (const [, id, n] of counted)
        expect(
          expressed.filter((e) => e.startsWith(`${id} `)),
          id,
        ).toHaveLength(Number(n));
      const seedProgrammes = readFileSync(new URL('./seed-programmes.test.ts', import.meta.url), 'utf8');
      const left: string[] = [];
      for (const pair of new Set(expressed)) {
        const [, code] = pair.split(' ') as [string, string];
        if (driven.has(pair)) continue;
        if (
          /^(host|member)\.(?!renewal|terms|leavesCounty|absence|rating|inPost|withinRegion|byCategory)/.test(code) ||
          code.startsWith('obligation.')
        ) {
          // seed-programmes drives these (eligibility, obligations) on every programme, and asserts it drove each one
          // of its file
          expect(seedProgrammes).toContain('driveEligibility');
          continue;
        }
        left.push(pair);
      }
      // every expressed pair is driven on its own programme
      expect(left).toEqual([]);
    });
  },
);
