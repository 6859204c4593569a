import { HONOR_LEVELS, valuesOf, type HonorLevel } from '../lib/domain/vocabulary.ts';
import { readFileSync } from 'node:fs';
import { dutiesOf, RULE_VALUES, type Duty, type RuleCode } from '../subgraphs/studios/policy/rules.ts';
import { SEEDED_POLICIES, type SeededPolicy } from '../subgraphs/studios/policy/seeded-policies.ts';
import { honors, schools, studios, teachers } from './support/demo.ts';
import { HONOR, PUBLICATION, RESEARCH } from './support/policies.ts';
import { describe, expect, test, TEST_TODAY, type Office, type TestHub } from './support/hub.ts';

/**
 * Issue 24, "Done when": each seed programme, loaded from its file (subgraphs/studios/policy/programmes), through the
 * gateway on one hub. Every eligibility clause of the programme is driven to its failing side and back to its passing
 * side on a teacher's record (`teacher.eligibility`); the host then founds a studio under the programme
 * (`applyForStudio`), members who qualify join it, and every obligation is left one short (not MET) and then met,
 * per member where the clause binds each member and at a level below and then at the clause's level where it names
 * one. Team, funding, evaluation and consequence clauses of the programmes that carry them are driven by
 * seed-rules, teams, funding and consequences tests; test/policy-limits.test.ts derives both sides of every limit of
 * every file in-process.
 */

const Y = Number(TEST_TODAY.slice(0, 4));
const ELIGIBILITY = `query ($t: ID!, $p: ID!, $r: EligibilityRole!) {
  teacher(id: $t) { eligibility(policy: $p, role: $r) { verdicts { rule passed reason } } }
}`;
const BY_CATEGORY = `query ($t: ID!, $p: ID!, $c: StudioCategory) {
  teacher(id: $t) { eligibility(policy: $p, role: MEMBER, category: $c) { verdicts { rule passed reason } } }
}`;
const VERSION = 'query ($id: ID!) { teacher(id: $id) { version } }';
const UPDATE = 'mutation ($input: UpdateTeacherInput!) { updateTeacher(input: $input) { version } }';
const APPLY = `mutation ($p: ID!, $t: ID!, $y: Int!) {
  applyForStudio(input: { policyId: $p, hostTeacherId: $t, batch: "试点", startYear: $y }) { id startYear endYear }
}`;
const STUDIO = 'query ($id: ID!) { studio(id: $id) { version } }';
const ADD = 'mutation ($input: AddStudioMemberInput!) { addStudioMember(input: $input) { id } }';
const RECORD = 'mutation ($input: RecordWorkInput!) { recordWork(input: $input) { id } }';
const OBLIGATIONS = `query ($id: ID!, $asOf: String!) {
  studio(id: $id) { obligations(asOf: $asOf) { kind per perMember required done state membersShort { id } } }
}`;

const office = (region: string): Office => ({
  level: 'PROVINCE',
  region: `${region.slice(0, 2)}0000`,
  roles: ['editor', 'admin'],
});
const hosting = new Set(studios.flatMap((s) => [s.hostTeacherId, ...s.members.map((m) => m.teacherId)]));
const honoured = new Set(honors.map((h) => h.teacherId));
const used = new Set<string>();
/**
 * Teachers where the programme applies (a seeded school programme: any school of its province), in no studio and
 * with no honours on record, each used once in the file.
 */
function freshTeachers(p: SeededPolicy, count: number, notSchool?: string) {
  const where = p.issuingLevel === 'SCHOOL' ? p.issuingRegionCode.slice(0, 2) : p.issuingRegionCode.replace(/0+$/, '');
  const found = teachers.filter((t) => {
    const school = schools.find((s) => s.id === t.schoolId)!;
    return (
      school.regionCode.startsWith(where) &&
      t.schoolId !== notSchool &&
      !hosting.has(t.id) &&
      !honoured.has(t.id) &&
      !used.has(t.id)
    );
  });
  const picked = found.slice(0, count);
  if (picked.length < count) throw new Error(`the demo has too few free teachers in ${p.issuingRegionCode}`);
  for (const t of picked) used.add(t.id);
  return picked.map((t) => ({ ...t, stage: schools.find((s) => s.id === t.schoolId)!.stage }));
}

async function ok(hub: TestHub, query: string, variables: Record<string, unknown>, as: Office) {
  const { data, errors } = await hub.query(query, variables, as);
  expect(errors, query).toBeUndefined();
  return data;
}
async function update(hub: TestHub, id: string, fields: Record<string, unknown>, as: Office) {
  const { version } = (await ok(hub, VERSION, { id }, as)).teacher;
  await ok(hub, UPDATE, { input: { id, version, ...fields } }, as);
}
async function verdict(hub: TestHub, teacherId: string, policyId: string, role: string, rule: string, as: Office) {
  const { verdicts } = (await ok(hub, ELIGIBILITY, { t: teacherId, p: policyId, r: role }, as)).teacher.eligibility;
  return verdicts.find((v: { rule: string }) => v.rule === rule) as { passed: boolean | null; reason: string };
}

const LEVELS_UP: HonorLevel[] = valuesOf(HONOR_LEVELS).toReversed();
const below = (level: HonorLevel) => LEVELS_UP[LEVELS_UP.indexOf(level) - 1];
/** A teacher every rule of a programme can pass: 30, male, 正高级, 20 years a head teacher and in post. */
const PASSING = {
  headTeacherYears: 20,
  activeHeadTeacher: true,
  title: '正高级教师',
  gender: 'MALE',
  birthDate: `${Y - 30}-03-01`,
};

/** A clause's failing and passing side on a teacher's record. */
type Sides = [fail: () => Promise<unknown>, pass: () => Promise<unknown>];

/**
 * One eligibility clause driven both sides through the gateway: the teacher's record is set to fail it (the verdict
 * false), then to pass it (true). Returns whether the code is one this driver knows (eligibility codes).
 */
async function driveEligibility(
  hub: TestHub,
  p: SeededPolicy,
  [code, value]: [RuleCode, unknown],
  role: 'HOST' | 'MEMBER',
  t: { id: string; stage: string },
  as: Office,
): Promise<boolean> {
  const sides = code.endsWith('.anyOf') ? anyOfSides(value as Record<RuleCode, unknown>[]) : sidesOf(code, value);
  if (!sides || !code.startsWith(role === 'HOST' ? 'host.' : 'member.')) return false;
  if (code === 'host.title.min' && !(value as any)[t.stage]) return false;
  await sides[0]();
  const failed = await verdict(hub, t.id, p.id, role, code, as);
  expect(failed, `${p.id} ${code} fails`).toMatchObject({ passed: false });
  await sides[1]();
  expect(await verdict(hub, t.id, p.id, role, code, as), `${p.id} ${code} passes`).toMatchObject({ passed: true });
  return true;

  /**
   * host.anyOf / member.anyOf: every alternative on its failing side fails it; the first driven on a teacher's record
   * on its passing side passes it. A studio hosted (member.hostedStudio.minLevel) is not on the record: a fresh
   * teacher hosts none, its failing side (programme-clauses drives both of its sides through studios).
   */
  function anyOfSides(alternatives: Record<RuleCode, unknown>[]): Sides {
    const each = alternatives
      .map((entry) => sidesOf(...(Object.entries(entry)[0] as [RuleCode, unknown])))
      .filter((sides) => sides !== null);
    return [
      async () => {
        for (const [fail] of each) await fail();
      },
      () => each[0]![1](),
    ];
  }
  function sidesOf(code: RuleCode, value: unknown): Sides | null {
    const v = value as any;
    return code.endsWith('.headTeacherYears.min')
      ? [() => update(hub, t.id, { headTeacherYears: v - 1 }, as), () => update(hub, t.id, { headTeacherYears: v }, as)]
      : code.endsWith('.activeHeadTeacher') && !code.includes('renewal')
        ? [() => update(hub, t.id, { activeHeadTeacher: false }, as), () => update(hub, t.id, { activeHeadTeacher: true }, as)]
        : code === 'member.age.under'
          ? [
              () => update(hub, t.id, { birthDate: `${Y - v}-01-01` }, as),
              () => update(hub, t.id, { birthDate: `${Y - v + 1}-01-01` }, as),
            ]
          : code.endsWith('.yearsLeftInPost.min')
            ? // a man of 59 retires within three years (2025 decision); one of 30 does not
              [
                () => update(hub, t.id, { gender: 'MALE', birthDate: `${Y - 59}-01-01` }, as),
                () => update(hub, t.id, { gender: 'MALE', birthDate: PASSING.birthDate }, as),
              ]
            : code === 'host.title.min'
              ? [() => update(hub, t.id, { title: '二级教师' }, as), () => update(hub, t.id, { title: '正高级教师' }, as)]
              : code === 'host.honor.min' || code === 'host.classHonor.min'
                ? [
                    async () => {
                      const lower = below(v);
                      const ofClass = code === 'host.classHonor.min';
                      if (lower) await ok(hub, HONOR, { t: t.id, title: '优秀班主任', level: lower, ofClass }, as);
                    },
                    () =>
                      ok(
                        hub,
                        HONOR,
                        {
                          t: t.id,
                          title: `${HONOR_LEVELS[v as HonorLevel]}先进`,
                          level: v,
                          ofClass: code === 'host.classHonor.min',
                        },
                        as,
                      ),
                  ]
                : code.endsWith('.honorOfKind')
                  ? [
                      // each kind asked, with a title it does not name or a level below the one it asks
                      async () => {
                        for (const k of [v].flat())
                          if (k.titles || below(k.minLevel ?? 'SCHOOL'))
                            await ok(
                              hub,
                              HONOR,
                              {
                                t: t.id,
                                title: k.titles ? '优秀学生干部' : '优秀班主任',
                                level: k.titles ? 'NATIONAL' : below(k.minLevel),
                                ofClass: k.kind === 'CLASS',
                              },
                              as,
                            );
                      },
                      async () => {
                        for (const k of [v].flat())
                          await ok(
                            hub,
                            HONOR,
                            {
                              t: t.id,
                              title: k.titles?.at(-1) ?? '优秀班主任',
                              level: k.minLevel ?? 'SCHOOL',
                              ofClass: k.kind === 'CLASS',
                            },
                            as,
                          );
                      },
                    ]
                  : code.endsWith('.research.min')
                    ? [
                        async () => {
                          if (v.role === 'HOST') await ok(hub, RESEARCH, { t: t.id, level: v.level, hosted: false }, as);
                          else if (below(v.level)) await ok(hub, RESEARCH, { t: t.id, level: below(v.level), hosted: true }, as);
                        },
                        () => ok(hub, RESEARCH, { t: t.id, level: v.level, hosted: true }, as),
                      ]
                    : code.endsWith('.publications.min')
                      ? (() => {
                          // papers short of the count or a level below the one asked, and no monograph; then enough
                          // papers of the level (or, asking monographs only, enough monographs)
                          const papers = (n: number, level: HonorLevel | undefined) =>
                            Promise.all(
                              Array.from({ length: n }, () =>
                                ok(hub, PUBLICATION, { t: t.id, level, monograph: false, core: !!v.papers.coreJournal }, as),
                              ),
                            );
                          const books = (n: number) =>
                            Promise.all(
                              Array.from({ length: n }, () =>
                                ok(hub, PUBLICATION, { t: t.id, level: null, monograph: true, core: false }, as),
                              ),
                            );
                          return [
                            () =>
                              v.papers
                                ? papers(below(v.papers.minLevel) ? v.papers.count : v.papers.count - 1, below(v.papers.minLevel))
                                : books(v.monographs - 1),
                            () => (v.papers ? papers(v.papers.count, v.papers.minLevel) : books(1)),
                          ];
                        })()
                      : null;
  }
}

/**
 * One obligation driven both sides on the studio: one short is not MET, the last one makes it MET. The host's own
 * work (`byHost`) is recorded with the host as its author.
 */
async function driveDuty(
  hub: TestHub,
  studioId: string,
  kind: string,
  duty: Duty,
  { host, members }: { host: string; members: string[] },
  as: Office,
) {
  const state = async () =>
    (await ok(hub, OBLIGATIONS, { id: studioId, asOf: TEST_TODAY }, as)).studio.obligations.find(
      (o: { kind: string; per: string; perMember: boolean }) =>
        o.kind === kind && o.per === duty.per && o.perMember === (duty.perMember ?? false),
    ) as { state: string; membersShort: { id: string }[] };
  const levelText = (level: HonorLevel | undefined) => (level ? HONOR_LEVELS[level] : undefined);
  const record = async (n: number, by?: string, level = levelText(duty.minLevel)) => {
    for (let i = 0; i < n; i++)
      await ok(hub, RECORD, { input: { studioId, kind, title: `${kind} ${i + 1}`, doneOn: TEST_TODAY, level, by } }, as);
  };
  const authors = duty.perMember ? members : [duty.byHost ? host : undefined];
  if (duty.minLevel && below(duty.minLevel)) {
    // work below the clause's level does not count
    for (const by of authors) await record(duty.count, by, levelText(below(duty.minLevel)));
    expect((await state()).state, `${kind} below ${duty.minLevel}`).not.toBe('MET');
  }
  for (const by of authors) await record(duty.count - 1, by);
  expect((await state()).state, `${kind} one short`).not.toBe('MET');
  if (duty.perMember) {
    // the first member done, the second still short
    await record(1, authors[0]);
    const half = await state();
    expect(half.state).not.toBe('MET');
    expect(half.membersShort.map((m) => m.id)).toEqual([authors[1]]);
  }
  for (const by of duty.perMember ? authors.slice(1) : authors) await record(1, by);
  expect((await state()).state, `${kind} met`).toBe('MET');
}

/**
 * Studio duties of a kind before its per-member ones: members' own work counts for the studio too; a per-member duty
 * the studio's collective work meets (collectiveKinds) first of all, before that work is recorded for its own duties.
 */
const order = (d: Duty) => (d.collectiveKinds ? -1 : d.perMember ? 1 : 0);

describe('every seed programme, loaded from its file, holds through the gateway (issue 24)', () => {
  test('the folder holds the thirteen programmes of the seeds: 000, 001, 003 and 004 方案1–10', () => {
    expect(SEEDED_POLICIES).toHaveLength(13);
    const plans = SEEDED_POLICIES.flatMap((p) => [...p.sources.matchAll(/方案(\d+)/g)].map((m) => Number(m[1])));
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) expect(plans).toContain(n);
  });

  test("the author's guide (docs/policy-guide.md) names every rule code and has a clause table per programme", () => {
    const guide = readFileSync(new URL('../docs/policy-guide.md', import.meta.url), 'utf8');
    for (const code of Object.keys(RULE_VALUES).filter((c) => !c.startsWith('obligation.')))
      expect(guide).toContain(`\`${code}\``);
    expect(guide).toContain('`obligation.<类别>`');
    for (const p of SEEDED_POLICIES) {
      expect(guide).toContain(`### ${p.id}：`);
      const rows = guide.split('\n');
      for (const [code, , clause] of p.rules)
        expect(
          rows.some((row) => row.startsWith(`| ${clause}`) && row.includes(`\`${code}\``)),
          `${p.id} ${code}`,
        ).toBe(true);
    }
  });

  for (const p of SEEDED_POLICIES) {
    const inForce = !p.effectiveTo || p.effectiveTo >= TEST_TODAY;
    test(`${p.id}（${p.sources}）: each eligibility clause fails and passes; ${inForce ? 'a studio founded under it meets each obligation only when done' : 'its window has closed, so only eligibility is driven'}`, async ({
      hub,
    }) => {
      const [host] = freshTeachers(p, 1);
      const as = office(p.issuingRegionCode);
      await update(hub, host!.id, PASSING, as);
      const driven: string[] = [];
      for (const [code, value] of p.rules)
        if (await driveEligibility(hub, p, [code, value], 'HOST', host!, as)) driven.push(code);
      const members = freshTeachers(p, 2, host!.schoolId);
      for (const m of members) {
        await update(hub, m.id, PASSING, as);
        for (const [code, value] of p.rules)
          if (await driveEligibility(hub, p, [code, value], 'MEMBER', m, as)) driven.push(code);
      }
      // member rules for one category of studio (member.byCategory): judged as joining a studio of that category, and
      // only then
      const byCategory = p.rules.find(([c]) => c === 'member.byCategory')?.[1] as Record<string, Record<string, any>>;
      for (const [category, stated] of Object.entries(byCategory ?? {}))
        for (const [code, v] of Object.entries(stated)) {
          const [m] = freshTeachers(p, 1, host!.schoolId);
          await update(hub, m!.id, PASSING, as);
          const judged = async (c: string | null) =>
            (await ok(hub, BY_CATEGORY, { t: m!.id, p: p.id, c }, as)).teacher.eligibility.verdicts.find(
              (x: { rule: string }) => x.rule === code,
            );
          const [fail, pass] =
            code === 'member.age.under'
              ? [{ birthDate: `${Y - v}-01-01` }, { birthDate: `${Y - v + 1}-01-01` }]
              : code === 'member.activeHeadTeacher'
                ? [{ activeHeadTeacher: false }, { activeHeadTeacher: true }]
                : [];
          if (!fail) throw new Error(`no driver for ${code} in member.byCategory`);
          await update(hub, m!.id, fail, as);
          expect(await judged(category), `${p.id} ${category} ${code} fails`).toMatchObject({ passed: false });
          if (!p.rules.some(([c]) => c === code)) expect(await judged(null)).toBeUndefined();
          await update(hub, m!.id, pass!, as);
          expect(await judged(category), `${p.id} ${category} ${code} passes`).toMatchObject({ passed: true });
        }
      const eligibilityCodes = p.rules
        .map(([c]) => c)
        .filter((c) => /^(host|member)\.(?!renewal|terms|leavesCounty|absence|rating|inPost|withinRegion|byCategory)/.test(c));
      expect(new Set(driven)).toEqual(new Set(eligibilityCodes.filter((c) => c !== 'host.title.min' || driven.includes(c))));
      if (!inForce) return;

      // the host qualifies on every clause now: the studio is founded under the programme
      const { applyForStudio: studio } = await ok(hub, APPLY, { p: p.id, t: host!.id, y: Y }, as);
      expect(studio.endYear - studio.startYear + 1).toBe(p.rules.find(([c]) => c === 'cycle.years')?.[1] ?? 1);
      const duties = p.rules
        .filter(([code]) => code.startsWith('obligation.'))
        .flatMap(([code, value]) => dutiesOf(value as Duty).map((duty) => ({ kind: code.slice('obligation.'.length), duty })))
        .sort((a, b) => order(a.duty) - order(b.duty));
      if (duties.some((d) => d.duty.perMember)) {
        for (const m of members) {
          const { version } = (await ok(hub, STUDIO, { id: studio.id }, as)).studio;
          await ok(hub, ADD, { input: { studioId: studio.id, version, teacherId: m.id, role: 'MEMBER' } }, as);
        }
      }
      for (const { kind, duty } of duties)
        await driveDuty(hub, studio.id, kind, duty, { host: host!.id, members: members.map((m) => m.id) }, as);
    });
  }
});
