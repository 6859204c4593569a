/**
 * The demo programmes loaded into an empty hub: Pingdingshan (seed 000), Wujin (001), Shenzhen 2nd batch (003),
 * Shijiazhuang (002 方案3 / 004 方案6) and a school-level vocational plan (002/004 方案1). Regions are real
 * GB/T 2260 codes; every school, teacher and studio name is invented. Each subgraph loads only its own slice of
 * `demoWorld(today())`.
 *
 * The demo moves with the clock. The programmes below are written as they stood in 2026 (`WRITTEN_IN`); on any
 * day every year in them, in birth dates and in honours moves by (this year − 2026), so the demo is always as far
 * along as it was then: the same studios waiting for their 二次评估, the same members under 40, this year's
 * evaluations pending. The Shenzhen 2nd batch stays in 2019—2021, the years its policy was in force (003).
 */
import { createHash } from 'node:crypto';
import {
  EVALUATION_KINDS,
  FUNDING_SOURCES,
  GRADES,
  STUDIO_LEVELS,
  STUDIO_STATUSES,
  type EvaluationKind,
  type FundingSource,
  type Gender,
  type Grade,
  type HonorKind,
  type HonorLevel,
  type MemberRole,
  type Stage,
  type StudioLevel,
  type StudioStatus,
} from '../lib/domain/vocabulary.ts';

export interface DemoSchool {
  id: string;
  name: string;
  stage: Stage;
  regionCode: string;
}
export interface DemoTeacher {
  id: string;
  name: string;
  gender: Gender;
  birthDate: string;
  schoolId: string;
  title: string;
  subject: string;
  yearsWorked: number;
  headTeacherYears: number;
  activeHeadTeacher: boolean;
}
export interface DemoHonor {
  id: string;
  teacherId: string;
  title: string;
  level: HonorLevel;
  kind: HonorKind;
  year: number;
}
/** A research project (课题) on a teacher's record. */
export interface DemoResearch {
  id: string;
  teacherId: string;
  title: string;
  level: HonorLevel;
  role: 'HOST' | 'PARTICIPANT';
  year: number;
  status: 'ONGOING' | 'CONCLUDED';
}
/** A paper or monograph (论文、专著) on a teacher's record; a paper with its journal's level. */
export interface DemoPublication {
  id: string;
  teacherId: string;
  title: string;
  venue: string;
  year: number;
  coreJournal: boolean;
  monograph: boolean;
  level: HonorLevel | null;
}
export interface DemoMember {
  teacherId: string;
  role: MemberRole;
  joinedOn: string;
}
export interface DemoStudio {
  id: string;
  name: string;
  level: StudioLevel;
  status: StudioStatus;
  regionCode: string;
  hostSchoolId: string;
  hostTeacherId: string;
  policyId: string;
  batch: string;
  startYear: number;
  endYear: number;
  members: DemoMember[];
}
export interface DemoEvaluation {
  id: string;
  studioId: string;
  regionCode: string;
  hostSchoolId: string;
  kind: EvaluationKind;
  year: number;
  status: 'PENDING' | 'COMPLETED';
  result: Grade | null;
}
export interface DemoAllocation {
  id: string;
  studioId: string;
  regionCode: string;
  hostSchoolId: string;
  year: number;
  source: FundingSource;
  amountFen: bigint;
  matching: boolean;
  /** On a grant its policy says must be matched: the ratio per mille (from the policy's funding.matching rule). */
  matchRatioPermille: number | null;
  note: string;
}
/** Everything the demo loads, as of one day. */
export interface DemoWorld {
  schools: DemoSchool[];
  teachers: DemoTeacher[];
  honors: DemoHonor[];
  research: DemoResearch[];
  publications: DemoPublication[];
  studios: DemoStudio[];
  evaluations: DemoEvaluation[];
  allocations: DemoAllocation[];
}

/** The year the programmes below are written in; the demo moves them to the clock's year. */
const WRITTEN_IN = 2026;

/** A stable UUID for a demo record, so the same demo always has the same ids in every subgraph. */
export function demoId(kind: string, key: string): string {
  const h = createHash('sha256').update(`studio-hub-demo:${kind}:${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const SCHOOL_NAMES: Record<Stage, string[]> = {
  PRIMARY: ['育才小学', '明德小学', '启明小学'],
  JUNIOR: ['致远初级中学', '博雅初级中学', '弘毅初级中学'],
  SENIOR: ['求是高级中学', '笃行高级中学'],
  VOCATIONAL: ['精工职业技术学校'],
};
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'];
const GIVEN = '静 敏 丽 伟 芳 强 磊 洋 艳 勇 军 杰 娟 涛 明 霞 平 刚 桂英 秀兰 晓燕 建华 文博 雨桐'.split(' ');
const SUBJECTS = ['语文', '数学', '英语', '物理', '化学', '历史', '道德与法治', '生物'];
const TITLES = ['正高级教师', '高级教师', '一级教师', '二级教师'];

/** Regions the demo places schools in: code → the name used to make school names. */
const AREAS: [code: string, name: string, stages: Stage[]][] = [
  ['410400', '平顶山市', ['SENIOR', 'PRIMARY']],
  ['410422', '叶县', ['SENIOR', 'JUNIOR', 'PRIMARY']],
  ['410421', '宝丰县', ['SENIOR', 'PRIMARY']],
  ['410425', '郏县', ['SENIOR', 'PRIMARY']],
  ['410423', '鲁山县', ['SENIOR', 'PRIMARY']],
  ['410481', '舞钢市', ['SENIOR', 'JUNIOR']],
  ['410402', '平顶山市新华区', ['PRIMARY', 'JUNIOR']],
  ['410411', '平顶山市湛河区', ['JUNIOR', 'PRIMARY']],
  ['320412', '常州市武进区', ['PRIMARY', 'PRIMARY', 'JUNIOR', 'JUNIOR', 'SENIOR']],
  ['440300', '深圳市', ['SENIOR']],
  ['440304', '深圳市福田区', ['PRIMARY', 'JUNIOR']],
  ['440305', '深圳市南山区', ['JUNIOR', 'PRIMARY']],
  ['440303', '深圳市罗湖区', ['JUNIOR']],
  ['440306', '深圳市宝安区', ['PRIMARY']],
  ['130100', '石家庄市', ['SENIOR']],
  ['130102', '石家庄市长安区', ['PRIMARY', 'JUNIOR']],
  ['130104', '石家庄市桥西区', ['JUNIOR', 'VOCATIONAL']],
  ['130105', '石家庄市新华区', ['PRIMARY']],
  ['130123', '正定县', ['SENIOR', 'PRIMARY']],
];

const TEACHERS_PER_SCHOOL = 12;

/** [how many, how many of them from the host's school] per group, as the policy asks; a mentor from elsewhere. */
interface Team {
  core?: [number, number];
  members: [number, number];
  mentor?: boolean;
}

/** A studio of a programme: what is its own (the rest is its programme's). */
interface StudioPlan {
  key: string;
  level: StudioLevel;
  status: StudioStatus;
  hostSchool: string;
  /** The batch's name, which starts with the year the studio started. */
  batch: string;
  team: Team;
  evaluations: [kind: EvaluationKind, year: number, result: Grade | null][];
  /** Yuan a year, by the budget it comes from. */
  funding: [source: FundingSource, yuan: number][];
}

/** One policy's studios, with what they share. */
interface Programme {
  policyId: string;
  cycle: number;
  /** the programme's area, where members come from */
  area: string;
  /** History: its years stay as written. */
  fixed?: boolean;
  /** The budget that matches another's grant; with `of` and `minRatio`, the policy's funding.matching rule. */
  matching?: { source: FundingSource; of?: FundingSource; minRatio?: number };
  studios: StudioPlan[];
}

/*
 * The studios, each following its policy (subgraphs/studios/policy/seeded-policies.ts), as they stood in 2026, one
 * row each: key | level | status | host school | batch | team | evaluations | yuan a year.
 * - team: "core 7/2" is 7 core members, 2 of them from the host's school, the first of those the host's assistant
 *   (000 四.1); "members 10/3" the same for members; "mentor" one mentor from another school.
 * - evaluations: "KIND YEAR GRADE", one without a grade is pending.
 */
const PROGRAMMES: Programme[] = [
  // 000 Pingdingshan: 4-year cycle; ≥10 members from ≥5 schools, ≤30% from the host school; the host school pays.
  // Creation fail → on hold, 二次评估 with the next batch; two consecutive annual fails → revoked.
  {
    policyId: '000-pingdingshan',
    cycle: 4,
    area: '4104',
    studios: plans(`
      pds-yx-1   | MUNICIPAL | ON_HOLD | 叶县求是高级中学           | 平顶山市2024年第一批 | core 7/2, members 10/3 | CREATION 2024 FAIL, SECOND_EVALUATION 2026              | SCHOOL 20000
      pds-yx-2   | MUNICIPAL | RUNNING | 叶县致远初级中学           | 平顶山市2024年第一批 | core 7/2, members 10/3 | CREATION 2024 PASS, ANNUAL 2025 PASS, ANNUAL 2026       | SCHOOL 20000
      pds-bf-1   | MUNICIPAL | ON_HOLD | 宝丰县求是高级中学         | 平顶山市2024年第一批 | core 7/2, members 10/3 | CREATION 2024 FAIL, SECOND_EVALUATION 2026              | SCHOOL 15000
      pds-jx-1   | MUNICIPAL | RUNNING | 郏县求是高级中学           | 平顶山市2024年第一批 | core 7/2, members 10/3 | CREATION 2024 FAIL, SECOND_EVALUATION 2025 PASS, ANNUAL 2026 | SCHOOL 15000
      pds-ls-1   | MUNICIPAL | REVOKED | 鲁山县求是高级中学         | 平顶山市2024年第一批 | core 7/2, members 10/3 | CREATION 2024 PASS, ANNUAL 2025 FAIL, ANNUAL 2026 FAIL  | SCHOOL 15000
      pds-wg-1   | MUNICIPAL | RUNNING | 舞钢市求是高级中学         | 平顶山市2024年第一批 | core 7/2, members 10/3 | CREATION 2024 PASS, ANNUAL 2025 PASS                    | SCHOOL 20000
      pds-xh-1   | MUNICIPAL | ON_HOLD | 平顶山市新华区育才小学     | 平顶山市2025年第二批 | core 7/2, members 10/3 | CREATION 2025 FAIL, SECOND_EVALUATION 2026              | SCHOOL 10000
      pds-zh-1   | COUNTY    | RUNNING | 平顶山市湛河区致远初级中学 | 湛河区2025年         | core 7/2, members 10/3 | CREATION 2025 PASS                                      | SCHOOL 8000
      pds-city-1 | MUNICIPAL | RUNNING | 平顶山市求是高级中学       | 平顶山市2024年第一批 | core 7/2, members 10/3 | CREATION 2024 PASS, ANNUAL 2025 PASS                    | SCHOOL 30000
    `),
  },
  // 001 Wujin: 3-year cycle, ≤12 members; district bureau and host school fund; comprehensive evaluation after 3 years.
  {
    policyId: '001-wujin',
    cycle: 3,
    area: '320412',
    studios: plans(`
      wj-1 | COUNTY | COMPLETED | 常州市武进区育才小学     | 武进区2022年 | members 12/3 | FINAL 2024 EXCELLENT         | COUNTY 30000, SCHOOL 10000
      wj-2 | COUNTY | RUNNING   | 常州市武进区致远初级中学 | 武进区2025年 | members 9/2  | ANNUAL 2025 PASS, ANNUAL 2026 | COUNTY 30000, SCHOOL 10000
    `),
  },
  // 003 Shenzhen 2nd batch 2019–2021: 6–8 members, ≤2 from the host school; city 80,000/yr (city-run school) or
  // 40,000/yr (district school) with district matching ≥1:1 (003 经费办法 第二条); annual fail → yellow card, second
  // fail → cancelled.
  {
    policyId: '003-shenzhen-2',
    cycle: 3,
    area: '4403',
    fixed: true,
    matching: { source: 'COUNTY', of: 'CITY', minRatio: 1 },
    studios: plans(`
      sz-city-1 | MUNICIPAL | COMPLETED | 深圳市求是高级中学       | 深圳市第二批（2019—2021） | mentor, members 8/2 | ANNUAL 2019 PASS, ANNUAL 2020 PASS, FINAL 2021 EXCELLENT | CITY 80000
      sz-ft-1   | MUNICIPAL | WARNED    | 深圳市福田区育才小学     | 深圳市第二批（2019—2021） | mentor, members 7/2 | ANNUAL 2019 PASS, ANNUAL 2020 FAIL, ANNUAL 2021 PASS     | CITY 40000, COUNTY 40000
      sz-ns-1   | MUNICIPAL | REVOKED   | 深圳市南山区致远初级中学 | 深圳市第二批（2019—2021） | mentor, members 6/1 | ANNUAL 2019 FAIL, ANNUAL 2020 FAIL                       | CITY 40000, COUNTY 45000
    `),
  },
  // Shijiazhuang (002 方案3 / 004 方案6): 2-year cycle, ≤10 members, own school ≤20%; city, county and school fund.
  {
    policyId: '004-shijiazhuang',
    cycle: 2,
    area: '1301',
    matching: { source: 'COUNTY' },
    studios: plans(`
      sjz-ca-1 | MUNICIPAL | RUNNING | 石家庄市长安区育才小学 | 石家庄市2025年 | members 10/2 | CREATION 2025 PASS, FINAL 2026             | CITY 30000, COUNTY 20000, SCHOOL 10000
      sjz-zd-1 | MUNICIPAL | ON_HOLD | 正定县求是高级中学     | 石家庄市2025年 | members 8/1  | CREATION 2025 FAIL, SECOND_EVALUATION 2026 | CITY 30000, COUNTY 20000
    `),
  },
  // 002/004 方案1: a school-level studio in a vocational school; midterm fail would stop funding, final pass titles the host.
  {
    policyId: '002-vocational-school',
    cycle: 3,
    area: '130104',
    studios: plans(`
      sjz-voc-1 | SCHOOL | RUNNING | 石家庄市桥西区精工职业技术学校 | 校级2024年 | members 5/5 | MIDTERM 2025 PASS, FINAL 2026 | SCHOOL 10000
    `),
  },
];

/** Reads a programme's table of studios (see PROGRAMMES); a cell it cannot read stops the demo with the row named. */
function plans(table: string): StudioPlan[] {
  return table
    .trim()
    .split('\n')
    .map((line) => {
      const [key, level, status, hostSchool, batch, team, evaluations, funding] = line.split('|').map((cell) => cell.trim());
      const wrong = (what: string) => new Error(`demo studio ${key}: cannot read ${what}`);
      const list = (cell: string | undefined) => (cell ?? '').split(', ').map((entry) => entry.split(' '));
      const pair = (n: string | undefined): [number, number] => {
        const [total, fromHost] = (n ?? '').split('/').map(Number);
        if (!Number.isInteger(total) || !Number.isInteger(fromHost)) throw wrong(`team "${team}"`);
        return [total!, fromHost!];
      };
      const groups = new Map(list(team).map(([group, n]) => [group, n]));
      if (!groups.has('members') || [...groups.keys()].some((g) => !['mentor', 'core', 'members'].includes(g!)))
        throw wrong(`team "${team}"`);
      const teamOf: Team = {
        members: pair(groups.get('members')),
        ...(groups.has('core') ? { core: pair(groups.get('core')) } : {}),
        ...(groups.has('mentor') ? { mentor: true } : {}),
      };
      const plan: StudioPlan = {
        key: key!,
        level: level as StudioLevel,
        status: status as StudioStatus,
        hostSchool: hostSchool!,
        batch: batch!,
        team: teamOf,
        evaluations: list(evaluations).map(([kind, year, result]) => {
          if (!(kind! in EVALUATION_KINDS) || (result !== undefined && !(result in GRADES))) throw wrong(`evaluation "${kind}"`);
          return [kind as EvaluationKind, Number(year), (result as Grade | undefined) ?? null];
        }),
        funding: list(funding).map(([source, yuan]) => [source as FundingSource, Number(yuan)]),
      };
      if (!(level! in STUDIO_LEVELS) || !(status! in STUDIO_STATUSES)) throw wrong('its level or status');
      if (plan.funding.some(([source, yuan]) => !(source in FUNDING_SOURCES) || !Number.isInteger(yuan)))
        throw wrong('its funding');
      return plan;
    });
}

function pickSchools(): DemoSchool[] {
  return AREAS.flatMap(([regionCode, area, stages]) => {
    const used = new Map<Stage, number>();
    return stages.map((stage) => {
      const n = used.get(stage) ?? 0;
      used.set(stage, n + 1);
      const name = `${area}${SCHOOL_NAMES[stage][n % SCHOOL_NAMES[stage].length]}`;
      return { id: demoId('school', name), name, stage, regionCode };
    });
  });
}

function hireTeachers(schools: DemoSchool[], year: number): DemoTeacher[] {
  return schools.flatMap((school, s) =>
    Array.from({ length: TEACHERS_PER_SCHOOL }, (_, t): DemoTeacher => {
      const k = s * TEACHERS_PER_SCHOOL + t;
      const name = SURNAMES[(k * 7) % SURNAMES.length]! + GIVEN[(k * 5 + s) % GIVEN.length]!;
      // hosts are experienced; members mostly under 40 (001, 002 方案3 limit members' age)
      const age = t === 0 ? 42 + (k % 12) : 28 + ((k * 11) % 12);
      return {
        id: demoId('teacher', `${school.id}:${t}`),
        name,
        gender: k % 3 === 0 ? 'MALE' : 'FEMALE',
        birthDate: `${year - age}-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 27) + 1).padStart(2, '0')}`,
        schoolId: school.id,
        // the first teacher of each school is the experienced one who hosts a studio
        title: t === 0 ? TITLES[k % 2]! : TITLES[1 + (k % 3)]!,
        subject: SUBJECTS[k % SUBJECTS.length]!,
        yearsWorked: age - 22,
        headTeacherYears: t === 0 ? age - 28 : 3 + (k % Math.min(8, age - 25)),
        activeHeadTeacher: true,
      };
    }),
  );
}

/** The experienced teacher of each school (its first, a host or a candidate). */
const experienced = (teachers: DemoTeacher[]) => teachers.filter((t) => t.id === demoId('teacher', `${t.schoolId}:0`));

/** The experienced teacher of each school (a host or a candidate) has the honors the policies ask hosts for. */
function award(teachers: DemoTeacher[], shift: number): DemoHonor[] {
  const honor = (t: DemoTeacher, kind: HonorKind, title: string, year: number): DemoHonor => ({
    id: demoId('honor', `${t.id}:${kind.toLowerCase()}`),
    teacherId: t.id,
    title,
    level: 'MUNICIPAL',
    kind,
    year: year + shift,
  });
  return experienced(teachers).flatMap((t) => [
    honor(t, 'PERSONAL', '市级优秀班主任', 2021),
    honor(t, 'CLASS', '市级先进班集体', 2022),
  ]);
}

/**
 * The experienced teacher of each school has hosted a 市级 research project (001 五(一)3 主持或参加过…市以上…课题研究),
 * so the demo's hosts and candidates meet the programmes that ask hosts for research.
 */
function researchOf(teachers: DemoTeacher[], shift: number): DemoResearch[] {
  return experienced(teachers).map((t) => ({
    id: demoId('research', t.id),
    teacherId: t.id,
    title: '班集体建设与德育实践研究',
    level: 'MUNICIPAL',
    role: 'HOST',
    year: 2021 + shift,
    status: 'CONCLUDED',
  }));
}

/**
 * The experienced teacher of each school has published a paper in a 省级 journal (001 五(一)3 发表过省级（含省级）相关
 * 学术论文), so the demo's hosts and candidates meet the programmes that ask hosts for papers.
 */
function publicationsOf(teachers: DemoTeacher[], shift: number): DemoPublication[] {
  return experienced(teachers).map((t) => ({
    id: demoId('publication', t.id),
    teacherId: t.id,
    title: '班集体建设中的德育实践',
    venue: '班主任之友',
    year: 2022 + shift,
    coreJournal: false,
    monograph: false,
    level: 'PROVINCIAL',
  }));
}

const worlds = new Map<number, DemoWorld>();

/** The demo as it stands on `today` (YYYY-MM-DD): the same every time for the same year. */
export function demoWorld(today: string): DemoWorld {
  const year = Number(today.slice(0, 4));
  let world = worlds.get(year);
  if (!world) worlds.set(year, (world = build(year)));
  return world;
}

function build(thisYear: number): DemoWorld {
  const shift = thisYear - WRITTEN_IN;
  const schools = pickSchools();
  const teachers = hireTeachers(schools, thisYear);
  const bySchool = Map.groupBy(teachers, (t) => t.schoolId);
  const staff = (schoolId: string) => bySchool.get(schoolId) ?? [];
  const world: DemoWorld = {
    schools,
    teachers,
    honors: award(teachers, shift),
    research: researchOf(teachers, shift),
    publications: publicationsOf(teachers, shift),
    studios: [],
    evaluations: [],
    allocations: [],
  };

  function pickMembers(team: Team, area: string, startYear: number, index: number, hostSchoolId: string, hostId: string) {
    const joinedOn = `${startYear}-09-01`;
    const own = staff(hostSchoolId).filter((t) => t.id !== hostId);
    const others: DemoTeacher[] = [];
    // round-robin over the other schools of the area, so members come from as many schools as possible; each
    // studio starts at another round, so studios share few members
    for (let round = 0; round < TEACHERS_PER_SCHOOL - 1; round++) {
      for (const school of schools.filter((s) => s.regionCode.startsWith(area) && s.id !== hostSchoolId)) {
        others.push(staff(school.id)[1 + ((round + index) % (TEACHERS_PER_SCHOOL - 1))]!);
      }
    }
    const take = (from: DemoTeacher[], n: number) => from.splice(0, n);
    const as =
      (role: MemberRole) =>
      (t: DemoTeacher): DemoMember => ({ teacherId: t.id, role, joinedOn });
    const members: DemoMember[] = [];
    if (team.mentor) members.push(...take(others, 1).map(as('MENTOR')));
    if (team.core) {
      // the assistant is a core member from the host's school (000 四.1)
      const [total, fromHost] = team.core;
      const [assistant, ...ownCore] = take(own, fromHost);
      members.push(as('ASSISTANT')(assistant!), ...ownCore.map(as('CORE')), ...take(others, total - fromHost).map(as('CORE')));
    }
    const [total, fromHost] = team.members;
    members.push(...take(own, fromHost).map(as('MEMBER')), ...take(others, total - fromHost).map(as('MEMBER')));
    return members;
  }

  let index = 0;
  for (const programme of PROGRAMMES) {
    const move = (y: number) => (programme.fixed ? y : y + shift);
    for (const plan of programme.studios) {
      const school = schools.find((s) => s.name === plan.hostSchool);
      if (!school) throw new Error(`demo school ${plan.hostSchool} missing`);
      const host = staff(school.id)[0]!;
      const id = demoId('studio', plan.key);
      const batch = plan.batch.replace(/\d{4}/g, (y) => String(move(Number(y))));
      const startYear = Number(/\d{4}/.exec(batch)![0]);
      const evaluations = plan.evaluations.map(([kind, year, result]) => [kind, move(year), result] as const);
      world.studios.push({
        id,
        name: `${host.name}名班主任工作室`,
        level: plan.level,
        status: plan.status,
        regionCode: school.regionCode,
        hostSchoolId: school.id,
        hostTeacherId: host.id,
        policyId: programme.policyId,
        batch,
        startYear,
        endYear: startYear + programme.cycle - 1,
        members: pickMembers(plan.team, programme.area, startYear, index++, school.id, host.id),
      });
      for (const [kind, year, result] of evaluations) {
        world.evaluations.push({
          id: demoId('evaluation', `${plan.key}:${kind}:${year}`),
          studioId: id,
          regionCode: school.regionCode,
          hostSchoolId: school.id,
          kind,
          year,
          status: result ? 'COMPLETED' : 'PENDING',
          result,
        });
      }
      const lastFundedYear =
        plan.status === 'REVOKED'
          ? Math.max(...evaluations.map(([, y]) => y))
          : Math.min(startYear + programme.cycle - 1, thisYear);
      // a grant the policy says a district must match, on studios in district schools
      const matched = programme.matching?.minRatio && !school.regionCode.endsWith('00') ? programme.matching : null;
      for (let year = startYear; year <= lastFundedYear; year++) {
        for (const [source, yuan] of plan.funding) {
          world.allocations.push({
            id: demoId('allocation', `${plan.key}:${source}:${year}`),
            studioId: id,
            regionCode: school.regionCode,
            hostSchoolId: school.id,
            year,
            source,
            amountFen: BigInt(yuan) * 100n,
            matching: programme.matching?.source === source,
            matchRatioPermille: matched?.of === source ? matched.minRatio! * 1000 : null,
            note: `${batch} ${year}年度`,
          });
        }
      }
    }
  }
  recordMembers(world, shift);
  return world;
}

/**
 * The members of the Shijiazhuang studios have what 002 方案3 五(二)3 asks of a member: a 县级 honour of their own and a
 * 县级先进班集体 (member.honorOfKind), a 县级 research project taken part in (member.research.min) and a paper
 * (member.publications.min), all within the last five years.
 */
function recordMembers(world: DemoWorld, shift: number): void {
  const members = new Set(
    world.studios
      .filter((s) => s.policyId === '004-shijiazhuang')
      .flatMap((s) => s.members.filter((m) => m.role !== 'MENTOR').map((m) => m.teacherId)),
  );
  for (const teacherId of members) {
    const year = 2023 + shift;
    world.honors.push(
      { id: demoId('honor', `${teacherId}:member`), teacherId, title: '区级优秀班主任', level: 'COUNTY', kind: 'PERSONAL', year },
      {
        id: demoId('honor', `${teacherId}:member-class`),
        teacherId,
        title: '区级先进班集体',
        level: 'COUNTY',
        kind: 'CLASS',
        year,
      },
    );
    world.research.push({
      id: demoId('research', `${teacherId}:member`),
      teacherId,
      title: '班级管理策略研究',
      level: 'COUNTY',
      role: 'PARTICIPANT',
      year,
      status: 'CONCLUDED',
    });
    world.publications.push({
      id: demoId('publication', `${teacherId}:member`),
      teacherId,
      title: '班级管理策略的实践',
      venue: '石家庄教育',
      year: year + 1,
      coreJournal: false,
      monograph: false,
      level: null,
    });
  }
}
