/**
 * Every limit of every seeded policy, both sides, derived from the policy data itself: when a policy is added
 * to the programme files (subgraphs/studios/policy/programmes) its limits are tested here without new test code.
 */
import { describe, expect, it } from 'vitest';
import { eligibilityVerdicts, type TeacherFacts } from '../subgraphs/studios/policy/eligibility.ts';
import { dutiesOf, Rules, TITLE_RANKS, type CategoryCode, type RuleCode } from '../subgraphs/studios/policy/rules.ts';
import { SEEDED_POLICIES } from '../subgraphs/studios/policy/seeded-policies.ts';
import { rulesOfPolicy, teacherFacts } from './support/policies.ts';
import { fundingMatching, fundingStandard } from '../subgraphs/studios/policy/funding.ts';
import { evaluationPlan } from '../subgraphs/studios/policy/evaluation-plan.ts';
import { teamVerdicts, type TeamMember } from '../subgraphs/studios/policy/team.ts';
import { obligationStatus, periodOf, type CountedWork } from '../subgraphs/studios/work/obligations.ts';
import { programmeProblems } from '../subgraphs/studios/policy/sync.ts';
import { HONOR_LEVELS, valuesOf, type HonorLevel } from '../lib/domain/vocabulary.ts';

/** The levels from the lowest (校级, 镇级, 县级 …). */
const LEVELS_UP: HonorLevel[] = valuesOf(HONOR_LEVELS).toReversed();

const HOST_SCHOOL = 'host';
let n = 0;
const person = (role: TeamMember['role'], own = false): TeamMember => ({
  teacherId: `t${++n}`,
  role,
  schoolId: own ? HOST_SCHOOL : `s${n}`,
});
const many = (role: TeamMember['role'], count: number, own = 0) => Array.from({ length: count }, (_, i) => person(role, i < own));
const ROLE_OF: Partial<Record<RuleCode, TeamMember['role']>> = {
  'team.mentors': 'MENTOR',
  'team.assistants': 'ASSISTANT',
  'team.core': 'CORE',
  'team.members': 'MEMBER',
  'team.total': 'MEMBER',
};
const passes = (rules: Rules, rule: RuleCode, members: TeamMember[], hosts = 1) =>
  teamVerdicts(rules, { hostSchoolId: HOST_SCHOOL, hosts, members }, 'complete')
    .filter((v) => v.rule === rule)
    .every((v) => v.passed);
// a long-serving teacher, young and far from retiring
const teacher = (facts: Partial<TeacherFacts>) =>
  teacherFacts({ headTeacherYears: 20, title: '正高级教师', age: 30, retirementMonth: '2059-01', ...facts });
const eligible = (rules: Rules, role: 'HOST' | 'MEMBER', rule: RuleCode, facts: Partial<TeacherFacts>) =>
  eligibilityVerdicts(rules, role, teacher(facts), '2026-06-15')
    .filter((v) => v.rule === rule)
    .every((v) => v.passed);

for (const policy of SEEDED_POLICIES) {
  const rules = rulesOfPolicy(policy);
  describe(`${policy.id} (${policy.name})`, () => {
    for (const [code, value, seed] of policy.rules) {
      const v = value as any;
      const role = ROLE_OF[code];
      if (code === 'team.hosts') {
        it(`${code} ${seed}: ${v.min ?? 0}–${v.max} hosts`, () => {
          if (v.max !== undefined)
            expect([passes(rules, code, [], v.max), passes(rules, code, [], v.max + 1)]).toEqual([true, false]);
          if (v.min) expect([passes(rules, code, [], v.min), passes(rules, code, [], v.min - 1)]).toEqual([true, false]);
        });
      } else if (role) {
        it(`${code} ${seed}: min ${v.min ?? '-'}, max ${v.max ?? '-'}`, () => {
          if (v.max !== undefined)
            expect([passes(rules, code, many(role, v.max)), passes(rules, code, many(role, v.max + 1))]).toEqual([true, false]);
          if (v.min)
            expect([passes(rules, code, many(role, v.min)), passes(rules, code, many(role, v.min - 1))]).toEqual([true, false]);
        });
      } else if (code === 'ownSchool.count') {
        it(`${code} ${seed}: at most ${v.max} from the host's school`, () => {
          expect([
            passes(rules, code, many('MEMBER', v.max + 3, v.max)),
            passes(rules, code, many('MEMBER', v.max + 3, v.max + 1)),
          ]).toEqual([true, false]);
        });
      } else if (code.startsWith('ownSchool.')) {
        const groupRole = code === 'ownSchool.coreShare' ? 'CORE' : 'MEMBER';
        it(`${code} ${seed}: at most ${v.max * 100}%`, () => {
          const size = 10;
          const everyone = code === 'ownSchool.teamShare' ? size + 1 : size;
          const allowed = Math.floor(v.max * everyone + 1e-9);
          expect([
            passes(rules, code, many(groupRole, size, allowed)),
            passes(rules, code, many(groupRole, size, allowed + 1)),
          ]).toEqual([true, false]);
        });
      } else if (code === 'schools.min') {
        it(`${code} ${seed}: members from at least ${v} schools`, () => {
          const from = (k: number) =>
            Array.from({ length: 12 }, (_, i) => ({
              teacherId: `x${++n}`,
              role: 'MEMBER' as const,
              schoolId: `school-${i % k}`,
            }));
          expect([passes(rules, code, from(v)), passes(rules, code, from(v - 1))]).toEqual([true, false]);
        });
      } else if (code.endsWith('.headTeacherYears.min')) {
        const who = code.startsWith('host') ? 'HOST' : 'MEMBER';
        it(`${code} ${seed}: ${v} years`, () => {
          expect([
            eligible(rules, who, code, { headTeacherYears: v }),
            eligible(rules, who, code, { headTeacherYears: v - 1 }),
          ]).toEqual([true, false]);
        });
      } else if (code === 'member.age.under') {
        it(`${code} ${seed}: under ${v}`, () => {
          expect([eligible(rules, 'MEMBER', code, { age: v - 1 }), eligible(rules, 'MEMBER', code, { age: v })]).toEqual([
            true,
            false,
          ]);
        });
      } else if (code.endsWith('.activeHeadTeacher') && !code.includes('renewal')) {
        const who = code.startsWith('host') ? 'HOST' : 'MEMBER';
        it(`${code} ${seed}: active head teachers only`, () => {
          expect([
            eligible(rules, who, code, { activeHeadTeacher: true }),
            eligible(rules, who, code, { activeHeadTeacher: false }),
          ]).toEqual([true, false]);
        });
      } else if (code === 'host.title.min') {
        it(`${code} ${seed}: lowest title by stage`, () => {
          const names = {
            JUNIOR_TITLE: '二级教师',
            INTERMEDIATE: '一级教师',
            SENIOR_TITLE: '高级教师',
            PROFESSOR: '正高级教师',
          } as const;
          for (const [stage, needed] of Object.entries(v) as [TeacherFacts['stage'], (typeof TITLE_RANKS)[number]][]) {
            const below = TITLE_RANKS[TITLE_RANKS.indexOf(needed) - 1]!;
            expect([
              eligible(rules, 'HOST', code, { stage, title: names[needed] }),
              eligible(rules, 'HOST', code, { stage, title: names[below] }),
            ]).toEqual([true, false]);
          }
        });
      } else if (code.endsWith('.yearsLeftInPost.min')) {
        const who = code.startsWith('host') ? 'HOST' : 'MEMBER';
        it(`${code} ${seed}: ${v} years left`, () => {
          expect([
            eligible(rules, who, code, { retirementMonth: `${2026 + v}-06` }),
            eligible(rules, who, code, { retirementMonth: `${2026 + v}-05` }),
          ]).toEqual([true, false]);
        });
      } else if (code === 'host.honorOfKind') {
        it(`${code} ${seed}: a ${v.kind} honour named ${v.titles.join(' or ')}`, () => {
          const honor = (title: string, kind = v.kind) => ({ honors: [{ title, level: 'SCHOOL' as const, kind }] });
          for (const title of v.titles) expect(eligible(rules, 'HOST', code, honor(`校级${title}`))).toBe(true);
          expect(eligible(rules, 'HOST', code, honor('校级优秀学生干部'))).toBe(false);
          expect(eligible(rules, 'HOST', code, honor(v.titles[0], v.kind === 'CLASS' ? 'PERSONAL' : 'CLASS'))).toBe(false);
          expect(eligible(rules, 'HOST', code, { honors: [] })).toBe(false);
        });
      } else if (code.endsWith('.research.min')) {
        const who = code.startsWith('host') ? 'HOST' : 'MEMBER';
        it(`${code} ${seed}: research of ${v.level} or above, role ${v.role}`, () => {
          const research = (role: string, level = v.level) => ({ researchProjects: [{ level, role }] });
          expect(eligible(rules, who, code, research('HOST'))).toBe(true);
          expect(eligible(rules, who, code, research('PARTICIPANT'))).toBe(v.role === 'ANY');
          const below = LEVELS_UP[LEVELS_UP.indexOf(v.level) - 1];
          if (below) expect(eligible(rules, who, code, research('HOST', below))).toBe(false);
          expect(eligible(rules, who, code, { researchProjects: [] })).toBe(false);
        });
      } else if (code.endsWith('.publications.min')) {
        const who = code.startsWith('host') ? 'HOST' : 'MEMBER';
        it(`${code} ${seed}: ${v.papers ? `${v.papers.count} papers of ${v.papers.minLevel ?? 'any level'}` : ''}${v.monographs ? ` or ${v.monographs} monographs` : ''}`, () => {
          const order = ['SCHOOL', 'COUNTY', 'MUNICIPAL', 'PROVINCIAL', 'NATIONAL'] as const;
          const paper = (level: (typeof order)[number] | null) => ({ level, monograph: false, coreJournal: true });
          const book = { level: null, monograph: true, coreJournal: false };
          const verdict = (publications: TeacherFacts['publications']) =>
            eligibilityVerdicts(rules, who, teacher({ publications }), '2026-06-15').find((x) => x.rule === code)!.passed;
          if (v.papers) {
            const { count, minLevel } = v.papers;
            const at = minLevel ?? 'SCHOOL';
            expect(verdict(Array.from({ length: count }, () => paper(at)))).toBe(true);
            expect(verdict(Array.from({ length: count - 1 }, () => paper(at)))).toBe(false);
            const below = order[order.indexOf(at) - 1];
            if (minLevel && below) expect(verdict(Array.from({ length: count }, () => paper(below)))).toBe(false);
            // a paper whose level is not recorded cannot decide a rule that names one
            if (minLevel) expect(verdict(Array.from({ length: count }, () => paper(null)))).toBeNull();
          }
          if (v.monographs) {
            expect(verdict(Array.from({ length: v.monographs }, () => book))).toBe(true);
            expect(verdict(Array.from({ length: v.monographs - 1 }, () => book))).toBe(false);
          }
          expect(verdict([])).toBe(false);
        });
      } else if (code.endsWith('.anyOf')) {
        const who = code.startsWith('host') ? 'HOST' : 'MEMBER';
        it(`${code} ${seed}: any one of ${v.map((a: object) => Object.keys(a)[0]).join(', ')}`, () => {
          // no years as a head teacher and no studio hosted, unless an alternative asks them
          const verdict = (facts: Partial<TeacherFacts>) =>
            eligibilityVerdicts(
              rules,
              who,
              teacher({ headTeacherYears: 0, hostedStudioLevel: null, ...facts }),
              '2026-06-15',
            ).find((x) => x.rule === code)!.passed;
          // each alternative alone passes it, none fails it; a paper of unrecorded level where a level is asked leaves it undecided
          const alone = (a: Record<string, any>): Partial<TeacherFacts> => {
            const [alt, asked] = Object.entries(a)[0]!;
            if (alt.endsWith('.research.min')) return { researchProjects: [{ level: asked.level, role: 'HOST' }] };
            if (alt.endsWith('.headTeacherYears.min')) return { headTeacherYears: asked };
            if (alt === 'member.hostedStudio.minLevel') return { hostedStudioLevel: asked };
            if (alt.endsWith('.publications.min'))
              return asked.papers
                ? {
                    publications: Array.from({ length: asked.papers.count }, () => ({
                      level: asked.papers.minLevel ?? null,
                      monograph: false,
                      coreJournal: true,
                    })),
                  }
                : { publications: [{ level: null, monograph: true, coreJournal: false }] };
            if (alt === 'host.honorOfKind')
              return {
                honors: [{ title: asked.titles?.[0] ?? '优秀班主任', level: asked.minLevel ?? 'SCHOOL', kind: asked.kind }],
              };
            return alt === 'host.honor.min' ? { highestHonorLevel: asked } : { highestClassHonorLevel: asked };
          };
          for (const a of v) expect(verdict(alone(a))).toBe(true);
          expect(verdict({ researchProjects: [], publications: [], honors: [] })).toBe(false);
          // each alternative just short: a year fewer, a studio of the level below (none below 校级)
          for (const a of v) {
            const [alt, asked] = Object.entries(a)[0]! as [string, any];
            if (alt.endsWith('.headTeacherYears.min')) expect(verdict({ headTeacherYears: asked - 1 })).toBe(false);
            const order = ['SCHOOL', 'COUNTY', 'MUNICIPAL', 'PROVINCIAL'] as const;
            const below = order[order.indexOf(asked) - 1];
            if (alt === 'member.hostedStudio.minLevel' && below) expect(verdict({ hostedStudioLevel: below })).toBe(false);
          }
          const papersAsked = v.find((a: object) => `${who.toLowerCase()}.publications.min` in a)?.[
            `${who.toLowerCase()}.publications.min`
          ].papers;
          if (papersAsked?.minLevel)
            expect(
              verdict({
                publications: Array.from({ length: papersAsked.count }, () => ({
                  level: null,
                  monograph: false,
                  coreJournal: true,
                })),
              }),
            ).toBeNull();
        });
      } else if (code === 'host.honor.min' || code === 'host.classHonor.min') {
        const field = code === 'host.honor.min' ? 'highestHonorLevel' : 'highestClassHonorLevel';
        it(`${code} ${seed}: ${v} or above`, () => {
          const order = ['SCHOOL', 'COUNTY', 'MUNICIPAL', 'PROVINCIAL', 'NATIONAL'] as const;
          const below = order[order.indexOf(v) - 1] ?? null;
          expect([eligible(rules, 'HOST', code, { [field]: v }), eligible(rules, 'HOST', code, { [field]: below })]).toEqual([
            true,
            false,
          ]);
        });
      } else if (code === 'funding.standard') {
        // the grant allowed a year for the policy's source; allocations beyond it are refused (test/funding.test.ts)
        it(`${code} ${seed}: the yearly standard from ${v.source}`, () => {
          const yuan = (regionCode: string, members: number) =>
            fundingStandard(rules, { regionCode }, members)!.amountPerYearFen / 100n;
          if (v.yuanPerYear) expect(yuan('410422', 5)).toBe(BigInt(v.yuanPerYear));
          if (v.yuanPerYearByHostSchool) {
            expect([yuan('440300', 0), yuan('440303', 0)]).toEqual([
              BigInt(v.yuanPerYearByHostSchool.CITY_RUN),
              BigInt(v.yuanPerYearByHostSchool.DISTRICT),
            ]);
          }
          if (v.yuanPerMemberPerSemester) {
            expect([yuan('410422', 6), yuan('410422', 7)]).toEqual([
              BigInt(v.yuanPerMemberPerSemester * 6 * 2),
              BigInt(v.yuanPerMemberPerSemester * 7 * 2),
            ]);
          }
        });
      } else if (code === 'evaluation.kinds') {
        it(`${code} ${seed}: ${v.join(', ')} in every cycle`, () => {
          const plan = evaluationPlan(rules, { startYear: 2024, endYear: 2026 });
          const years = (kind: string) => plan.filter((p) => p.kind === kind).map((p) => p.year);
          if (v.includes('CREATION')) expect(years('CREATION')).toEqual([2024]);
          if (v.includes('ANNUAL')) expect(years('ANNUAL')).toEqual([2024, 2025, 2026]);
          if (v.includes('MIDTERM')) expect(years('MIDTERM')).toEqual([2025]);
          if (v.includes('FINAL')) expect(years('FINAL')).toEqual([2026]);
          expect(new Set(plan.map((p) => p.kind))).toEqual(new Set(v));
        });
      } else if (code === 'funding.matching') {
        it(`${code} ${seed}: ${v.source} matches ${v.of} at least ${v.minRatio}:1, for district schools`, () => {
          expect(fundingMatching(rules, { regionCode: '440303' })).toMatchObject({ minRatio: v.minRatio });
          expect(fundingMatching(rules, { regionCode: '440300' })).toBeNull();
        });
      } else if (code.startsWith('obligation.')) {
        for (const duty of dutiesOf(v)) {
          const how = `${duty.count} per ${duty.per}${duty.perMember ? ' per member' : ''}${duty.byHost ? ' by the host' : ''}${duty.minLevel ? ` of ${duty.minLevel} or above` : ''}${duty.collectiveKinds ? `, or the studio's ${duty.collectiveKinds.join(' and ')}` : ''}`;
          it(`${code} ${seed}: ${how}`, () => {
            const kind = code.slice('obligation.'.length) as 'PLAN';
            const cycle = { startYear: 2024, endYear: 2026, hostTeacherId: 'host' };
            const asOf = '2025-10-15';
            const span = periodOf(duty.per, asOf, cycle);
            const members = [
              { teacherId: 'a', joinedOn: '2024-01-01' },
              { teacherId: 'b', joinedOn: '2024-01-01' },
            ];
            const level = duty.minLevel ?? null;
            // k of the work by each member (per member), by the host (byHost), or by the studio
            const done = (k: number, lvl: string | null = level) =>
              (duty.perMember ? members : [{ teacherId: duty.byHost ? 'host' : null }]).flatMap((m) =>
                Array.from({ length: k }, () => ({ kind, doneOn: span.start, level: lvl, teacherId: m.teacherId })),
              );
            const state = (work: CountedWork[]) =>
              obligationStatus(rules, work, asOf, cycle, members).find(
                (o) => o.kind === kind && o.per === duty.per && o.perMember === (duty.perMember ?? false),
              )!.state;
            expect(state(done(duty.count))).toBe('MET');
            expect(state(done(duty.count - 1))).not.toBe('MET');
            if (duty.perMember) expect(state(done(duty.count).slice(duty.count))).not.toBe('MET');
            if (duty.minLevel && duty.minLevel !== 'SCHOOL') expect(state(done(duty.count, '校级'))).not.toBe('MET');
            // the host's own work only: the studio's (or a member's) does not count
            if (duty.byHost) expect(state(done(duty.count).map((w) => ({ ...w, teacherId: 'a' })))).not.toBe('MET');
            if (duty.collectiveKinds) {
              // the studio's work of every collective kind in the period meets it for each member; all but one does not
              const collective = duty.collectiveKinds.map((k) => ({ kind: k, doneOn: span.start, level: null, teacherId: null }));
              expect(state(collective)).toBe('MET');
              expect(state(collective.slice(1))).not.toBe('MET');
            }
          });
        }
      } else if (code === 'cycle.open') {
        it(`${code} ${seed}: no fixed cycle, and publishable without cycle.years`, () => {
          expect(rules.get('cycle.years')).toBeUndefined();
          expect(programmeProblems(policy)).toEqual([]);
        });
      } else if (code.endsWith('.inPost')) {
        const who = code.startsWith('host') ? 'HOST' : 'MEMBER';
        it(`${code} ${seed}: not past the statutory retirement month; undecided without it`, () => {
          expect([
            eligible(rules, who, code, { retirementMonth: '2026-06' }),
            eligible(rules, who, code, { retirementMonth: '2026-05' }),
          ]).toEqual([true, false]);
          const unknown = eligibilityVerdicts(rules, who, teacher({ retirementMonth: null }), '2026-06-15');
          expect(unknown.find((x) => x.rule === code)!.passed).toBeNull();
        });
      } else if (code === 'member.withinRegion') {
        it(`${code} ${seed}: a school in the issuing office's region (${policy.issuingRegionCode})`, () => {
          const at = (code: string): Partial<TeacherFacts> => ({ school: { region: { code } } });
          const elsewhere = policy.issuingRegionCode.startsWith('11') ? '310101' : '110101';
          expect([
            eligible(rules, 'MEMBER', code, at(policy.issuingRegionCode)),
            eligible(rules, 'MEMBER', code, at(elsewhere)),
          ]).toEqual([true, false]);
        });
      } else if (code === 'member.byCategory') {
        it(`${code} ${seed}: each category's rules bind its studios only`, () => {
          // each rule a category may hold: a record passing it, one failing it
          const SIDES: Record<CategoryCode, (limit: any) => Partial<TeacherFacts>[]> = {
            'member.age.under': (limit) => [{ age: limit - 1 }, { age: limit }],
            'member.activeHeadTeacher': () => [{ activeHeadTeacher: true }, { activeHeadTeacher: false }],
            'member.headTeacherYears.min': (limit) => [{ headTeacherYears: limit }, { headTeacherYears: limit - 1 }],
            'member.yearsLeftInPost.min': (limit) => [
              { retirementMonth: `${2026 + limit}-06` },
              { retirementMonth: `${2026 + limit}-05` },
            ],
            'member.inPost': () => [{ retirementMonth: '2026-06' }, { retirementMonth: '2026-05' }],
          };
          const verdictOf = (category: 'TEACHER' | 'HEAD_TEACHER', rule: string, facts: Partial<TeacherFacts>) =>
            eligibilityVerdicts(rules.forCategory(category), 'MEMBER', teacher(facts), '2026-06-15').find((x) => x.rule === rule)
              ?.passed;
          for (const [category, stated] of Object.entries(v) as ['TEACHER' | 'HEAD_TEACHER', Record<CategoryCode, unknown>][]) {
            const other = category === 'TEACHER' ? 'HEAD_TEACHER' : 'TEACHER';
            for (const [rule, limit] of Object.entries(stated) as [CategoryCode, unknown][]) {
              const [pass, fail] = SIDES[rule](limit);
              expect([verdictOf(category, rule, pass!), verdictOf(category, rule, fail!)], `${category} ${rule}`).toEqual([
                true,
                false,
              ]);
              // the other category's studios are not bound by it (unless it states the same rule)
              if (!v[other]?.[rule]) expect(verdictOf(other, rule, fail!)).toBeUndefined();
            }
          }
        });
      }
    }
  });
}
