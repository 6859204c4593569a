/**
 * The demo programmes loaded into an empty hub: Pingdingshan (seed 000), Wujin (001), Shenzhen 2nd batch (003),
 * Shijiazhuang (002 方案3 / 004 方案6) and a school-level vocational plan (002/004 方案1). Regions are real
 * GB/T 2260 codes; every school, teacher and studio name is invented. Each subgraph loads only its own slice.
 */
import { createHash } from 'node:crypto';
import { SEEDED_POLICIES } from '../subgraphs/studios/policy/seeded-policies.ts';
import type { EvaluationKind, FundingSource, Grade, Stage, StudioLevel } from '../lib/vocabulary.ts';

export type { EvaluationKind, FundingSource, Grade, Stage, StudioLevel };

export type StudioStatus = 'RUNNING' | 'ON_HOLD' | 'WARNED' | 'COMPLETED' | 'REVOKED';
export type MemberRole = 'ASSISTANT' | 'CORE' | 'MEMBER' | 'MENTOR';

export interface DemoSchool {
  id: string;
  name: string;
  stage: Stage;
  regionCode: string;
}
export interface DemoTeacher {
  id: string;
  name: string;
  gender: 'FEMALE' | 'MALE';
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
  level: 'MUNICIPAL' | 'COUNTY';
  kind: 'PERSONAL' | 'CLASS';
  year: number;
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
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '胡',
  '朱',
  '高',
  '林',
  '何',
  '郭',
  '马',
  '罗',
];
const GIVEN = [
  '静',
  '敏',
  '丽',
  '伟',
  '芳',
  '强',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '霞',
  '平',
  '刚',
  '桂英',
  '秀兰',
  '晓燕',
  '建华',
  '文博',
  '雨桐',
];
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

export const schools: DemoSchool[] = AREAS.flatMap(([regionCode, area, stages]) => {
  const used = new Map<Stage, number>();
  return stages.map((stage) => {
    const n = used.get(stage) ?? 0;
    used.set(stage, n + 1);
    const name = `${area}${SCHOOL_NAMES[stage][n % SCHOOL_NAMES[stage].length]}`;
    return { id: demoId('school', name), name, stage, regionCode };
  });
});

export const teachers: DemoTeacher[] = schools.flatMap((school, s) =>
  Array.from({ length: TEACHERS_PER_SCHOOL }, (_, t): DemoTeacher => {
    const k = s * TEACHERS_PER_SCHOOL + t;
    const name = SURNAMES[(k * 7) % SURNAMES.length]! + GIVEN[(k * 5 + s) % GIVEN.length]!;
    // hosts are experienced; members mostly under 40 (001, 002 方案3 limit members' age)
    const age = t === 0 ? 42 + (k % 12) : 28 + ((k * 11) % 12);
    return {
      id: demoId('teacher', `${school.id}:${t}`),
      name,
      gender: k % 3 === 0 ? 'MALE' : 'FEMALE',
      birthDate: `${2026 - age}-${String((k % 12) + 1).padStart(2, '0')}-${String((k % 27) + 1).padStart(2, '0')}`,
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

/** The experienced teacher of each school (a host or a candidate) has the honors the policies ask hosts for. */
export const honors: DemoHonor[] = teachers
  .filter((t) => t.id === demoId('teacher', `${t.schoolId}:0`))
  .flatMap((t) => [
    {
      id: demoId('honor', `${t.id}:personal`),
      teacherId: t.id,
      title: '市级优秀班主任',
      level: 'MUNICIPAL' as const,
      kind: 'PERSONAL' as const,
      year: 2021,
    },
    {
      id: demoId('honor', `${t.id}:class`),
      teacherId: t.id,
      title: '市级先进班集体',
      level: 'MUNICIPAL' as const,
      kind: 'CLASS' as const,
      year: 2022,
    },
  ]);

const schoolsIn = (prefix: string) => schools.filter((s) => s.regionCode.startsWith(prefix));
const staff = (schoolId: string) => teachers.filter((t) => t.schoolId === schoolId);

interface StudioPlan {
  key: string;
  policyId: string;
  level: StudioLevel;
  status: StudioStatus;
  hostSchool: string;
  batch: string;
  startYear: number;
  cycle: number;
  /** the programme's area, where members come from */
  area: string;
  /** [how many, how many of them from the host's school] per group, as the policy asks; a mentor from elsewhere. */
  team: { core?: [number, number]; members: [number, number]; mentor?: boolean };
  evaluations: [kind: EvaluationKind, year: number, result: Grade | null][];
  funding: [source: FundingSource, yuanPerYear: number, matching?: boolean][];
}

const schoolByName = (name: string) => {
  const school = schools.find((s) => s.name === name);
  if (!school) throw new Error(`demo school ${name} missing`);
  return school;
};

/** The studios, each following its policy (subgraphs/studios/policy/seeded-policies.ts). */
const PLANS: StudioPlan[] = [
  // 000 Pingdingshan: 4-year cycle; ≥10 members from ≥5 schools, ≤30% from the host school; the host school pays.
  // Creation fail → on hold, 二次评估 with the next batch; two consecutive annual fails → revoked.
  {
    key: 'pds-yx-1',
    policyId: '000-pingdingshan',
    level: 'MUNICIPAL',
    status: 'ON_HOLD',
    hostSchool: '叶县求是高级中学',
    batch: '平顶山市2024年第一批',
    startYear: 2024,
    cycle: 4,
    area: '4104',
    team: { core: [7, 2], members: [10, 3] },
    evaluations: [
      ['CREATION', 2024, 'FAIL'],
      ['SECOND_EVALUATION', 2026, null],
    ],
    funding: [['SCHOOL', 20000]],
  },
  {
    key: 'pds-yx-2',
    policyId: '000-pingdingshan',
    level: 'MUNICIPAL',
    status: 'RUNNING',
    hostSchool: '叶县致远初级中学',
    batch: '平顶山市2024年第一批',
    startYear: 2024,
    cycle: 4,
    area: '4104',
    team: { core: [7, 2], members: [10, 3] },
    evaluations: [
      ['CREATION', 2024, 'PASS'],
      ['ANNUAL', 2025, 'PASS'],
      ['ANNUAL', 2026, null],
    ],
    funding: [['SCHOOL', 20000]],
  },
  {
    key: 'pds-bf-1',
    policyId: '000-pingdingshan',
    level: 'MUNICIPAL',
    status: 'ON_HOLD',
    hostSchool: '宝丰县求是高级中学',
    batch: '平顶山市2024年第一批',
    startYear: 2024,
    cycle: 4,
    area: '4104',
    team: { core: [7, 2], members: [10, 3] },
    evaluations: [
      ['CREATION', 2024, 'FAIL'],
      ['SECOND_EVALUATION', 2026, null],
    ],
    funding: [['SCHOOL', 15000]],
  },
  {
    key: 'pds-jx-1',
    policyId: '000-pingdingshan',
    level: 'MUNICIPAL',
    status: 'RUNNING',
    hostSchool: '郏县求是高级中学',
    batch: '平顶山市2024年第一批',
    startYear: 2024,
    cycle: 4,
    area: '4104',
    team: { core: [7, 2], members: [10, 3] },
    evaluations: [
      ['CREATION', 2024, 'FAIL'],
      ['SECOND_EVALUATION', 2025, 'PASS'],
      ['ANNUAL', 2026, null],
    ],
    funding: [['SCHOOL', 15000]],
  },
  {
    key: 'pds-ls-1',
    policyId: '000-pingdingshan',
    level: 'MUNICIPAL',
    status: 'REVOKED',
    hostSchool: '鲁山县求是高级中学',
    batch: '平顶山市2024年第一批',
    startYear: 2024,
    cycle: 4,
    area: '4104',
    team: { core: [7, 2], members: [10, 3] },
    evaluations: [
      ['CREATION', 2024, 'PASS'],
      ['ANNUAL', 2025, 'FAIL'],
      ['ANNUAL', 2026, 'FAIL'],
    ],
    funding: [['SCHOOL', 15000]],
  },
  {
    key: 'pds-wg-1',
    policyId: '000-pingdingshan',
    level: 'MUNICIPAL',
    status: 'RUNNING',
    hostSchool: '舞钢市求是高级中学',
    batch: '平顶山市2024年第一批',
    startYear: 2024,
    cycle: 4,
    area: '4104',
    team: { core: [7, 2], members: [10, 3] },
    evaluations: [
      ['CREATION', 2024, 'PASS'],
      ['ANNUAL', 2025, 'PASS'],
    ],
    funding: [['SCHOOL', 20000]],
  },
  {
    key: 'pds-xh-1',
    policyId: '000-pingdingshan',
    level: 'MUNICIPAL',
    status: 'ON_HOLD',
    hostSchool: '平顶山市新华区育才小学',
    batch: '平顶山市2025年第二批',
    startYear: 2025,
    cycle: 4,
    area: '4104',
    team: { core: [7, 2], members: [10, 3] },
    evaluations: [
      ['CREATION', 2025, 'FAIL'],
      ['SECOND_EVALUATION', 2026, null],
    ],
    funding: [['SCHOOL', 10000]],
  },
  {
    key: 'pds-zh-1',
    policyId: '000-pingdingshan',
    level: 'COUNTY',
    status: 'RUNNING',
    hostSchool: '平顶山市湛河区致远初级中学',
    batch: '湛河区2025年',
    startYear: 2025,
    cycle: 4,
    area: '4104',
    team: { core: [7, 2], members: [10, 3] },
    evaluations: [['CREATION', 2025, 'PASS']],
    funding: [['SCHOOL', 8000]],
  },
  {
    key: 'pds-city-1',
    policyId: '000-pingdingshan',
    level: 'MUNICIPAL',
    status: 'RUNNING',
    hostSchool: '平顶山市求是高级中学',
    batch: '平顶山市2024年第一批',
    startYear: 2024,
    cycle: 4,
    area: '4104',
    team: { core: [7, 2], members: [10, 3] },
    evaluations: [
      ['CREATION', 2024, 'PASS'],
      ['ANNUAL', 2025, 'PASS'],
    ],
    funding: [['SCHOOL', 30000]],
  },
  // 001 Wujin: 3-year cycle, ≤12 members; district bureau and host school fund; comprehensive evaluation after 3 years.
  {
    key: 'wj-1',
    policyId: '001-wujin',
    level: 'COUNTY',
    status: 'COMPLETED',
    hostSchool: '常州市武进区育才小学',
    batch: '武进区2022年',
    startYear: 2022,
    cycle: 3,
    area: '320412',
    team: { members: [12, 3] },
    evaluations: [['FINAL', 2024, 'EXCELLENT']],
    funding: [
      ['COUNTY', 30000],
      ['SCHOOL', 10000],
    ],
  },
  {
    key: 'wj-2',
    policyId: '001-wujin',
    level: 'COUNTY',
    status: 'RUNNING',
    hostSchool: '常州市武进区致远初级中学',
    batch: '武进区2025年',
    startYear: 2025,
    cycle: 3,
    area: '320412',
    team: { members: [9, 2] },
    evaluations: [
      ['ANNUAL', 2025, 'PASS'],
      ['ANNUAL', 2026, null],
    ],
    funding: [
      ['COUNTY', 30000],
      ['SCHOOL', 10000],
    ],
  },
  // 003 Shenzhen 2nd batch 2019–2021: 6–8 members, ≤2 from the host school; city 80,000/yr (city-run school) or
  // 40,000/yr (district school) with district matching ≥1:1; annual fail → yellow card, second fail → cancelled.
  {
    key: 'sz-city-1',
    policyId: '003-shenzhen-2',
    level: 'MUNICIPAL',
    status: 'COMPLETED',
    hostSchool: '深圳市求是高级中学',
    batch: '深圳市第二批（2019—2021）',
    startYear: 2019,
    cycle: 3,
    area: '4403',
    team: { mentor: true, members: [8, 2] },
    evaluations: [
      ['ANNUAL', 2019, 'PASS'],
      ['ANNUAL', 2020, 'PASS'],
      ['FINAL', 2021, 'EXCELLENT'],
    ],
    funding: [['CITY', 80000]],
  },
  {
    key: 'sz-ft-1',
    policyId: '003-shenzhen-2',
    level: 'MUNICIPAL',
    status: 'WARNED',
    hostSchool: '深圳市福田区育才小学',
    batch: '深圳市第二批（2019—2021）',
    startYear: 2019,
    cycle: 3,
    area: '4403',
    team: { mentor: true, members: [7, 2] },
    evaluations: [
      ['ANNUAL', 2019, 'PASS'],
      ['ANNUAL', 2020, 'FAIL'],
      ['ANNUAL', 2021, 'PASS'],
    ],
    funding: [
      ['CITY', 40000],
      ['COUNTY', 40000, true],
    ],
  },
  {
    key: 'sz-ns-1',
    policyId: '003-shenzhen-2',
    level: 'MUNICIPAL',
    status: 'REVOKED',
    hostSchool: '深圳市南山区致远初级中学',
    batch: '深圳市第二批（2019—2021）',
    startYear: 2019,
    cycle: 3,
    area: '4403',
    team: { mentor: true, members: [6, 1] },
    evaluations: [
      ['ANNUAL', 2019, 'FAIL'],
      ['ANNUAL', 2020, 'FAIL'],
    ],
    funding: [
      ['CITY', 40000],
      ['COUNTY', 45000, true],
    ],
  },
  // Shijiazhuang (002 方案3 / 004 方案6): 2-year cycle, ≤10 members, own school ≤20%; city, county and school fund.
  {
    key: 'sjz-ca-1',
    policyId: '004-shijiazhuang',
    level: 'MUNICIPAL',
    status: 'RUNNING',
    hostSchool: '石家庄市长安区育才小学',
    batch: '石家庄市2025年',
    startYear: 2025,
    cycle: 2,
    area: '1301',
    team: { members: [10, 2] },
    evaluations: [
      ['CREATION', 2025, 'PASS'],
      ['FINAL', 2026, null],
    ],
    funding: [
      ['CITY', 30000],
      ['COUNTY', 20000, true],
      ['SCHOOL', 10000],
    ],
  },
  {
    key: 'sjz-zd-1',
    policyId: '004-shijiazhuang',
    level: 'MUNICIPAL',
    status: 'ON_HOLD',
    hostSchool: '正定县求是高级中学',
    batch: '石家庄市2025年',
    startYear: 2025,
    cycle: 2,
    area: '1301',
    team: { members: [8, 1] },
    evaluations: [
      ['CREATION', 2025, 'FAIL'],
      ['SECOND_EVALUATION', 2026, null],
    ],
    funding: [
      ['CITY', 30000],
      ['COUNTY', 20000, true],
    ],
  },
  // 002/004 方案1: a school-level studio in a vocational school; midterm fail would stop funding, final pass titles the host.
  {
    key: 'sjz-voc-1',
    policyId: '002-vocational-school',
    level: 'SCHOOL',
    status: 'RUNNING',
    hostSchool: '石家庄市桥西区精工职业技术学校',
    batch: '校级2024年',
    startYear: 2024,
    cycle: 3,
    area: '130104',
    team: { members: [5, 5] },
    evaluations: [
      ['MIDTERM', 2025, 'PASS'],
      ['FINAL', 2026, null],
    ],
    funding: [['SCHOOL', 10000]],
  },
];

function pickMembers(plan: StudioPlan, index: number, hostSchoolId: string, hostId: string): DemoMember[] {
  const joinedOn = `${plan.startYear}-09-01`;
  const own = staff(hostSchoolId).filter((t) => t.id !== hostId);
  const others: DemoTeacher[] = [];
  // round-robin over the other schools of the area, so members come from as many schools as possible; each
  // studio starts at another round, so studios share few members
  for (let round = 0; round < TEACHERS_PER_SCHOOL - 1; round++) {
    for (const school of schoolsIn(plan.area).filter((s) => s.id !== hostSchoolId)) {
      others.push(staff(school.id)[1 + ((round + index) % (TEACHERS_PER_SCHOOL - 1))]!);
    }
  }
  const take = (from: DemoTeacher[], n: number) => from.splice(0, n);
  const as =
    (role: MemberRole) =>
    (t: DemoTeacher): DemoMember => ({ teacherId: t.id, role, joinedOn });
  const team: DemoMember[] = [];
  if (plan.team.mentor) team.push(...take(others, 1).map(as('MENTOR')));
  if (plan.team.core) {
    // the assistant is a core member from the host's school (000 四.1)
    const [total, fromHost] = plan.team.core;
    const [assistant, ...ownCore] = take(own, fromHost);
    team.push(as('ASSISTANT')(assistant!), ...ownCore.map(as('CORE')), ...take(others, total - fromHost).map(as('CORE')));
  }
  const [total, fromHost] = plan.team.members;
  team.push(...take(own, fromHost).map(as('MEMBER')), ...take(others, total - fromHost).map(as('MEMBER')));
  return team;
}

export const studios: DemoStudio[] = [];
export const evaluations: DemoEvaluation[] = [];
export const allocations: DemoAllocation[] = [];

for (const plan of PLANS) {
  const school = schoolByName(plan.hostSchool);
  const host = staff(school.id)[0]!;
  const id = demoId('studio', plan.key);
  studios.push({
    id,
    name: `${host.name}名班主任工作室`,
    level: plan.level,
    status: plan.status,
    regionCode: school.regionCode,
    hostSchoolId: school.id,
    hostTeacherId: host.id,
    policyId: plan.policyId,
    batch: plan.batch,
    startYear: plan.startYear,
    endYear: plan.startYear + plan.cycle - 1,
    members: pickMembers(plan, PLANS.indexOf(plan), school.id, host.id),
  });
  for (const [kind, year, result] of plan.evaluations) {
    evaluations.push({
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
    plan.status === 'REVOKED' ? Math.max(...plan.evaluations.map(([, y]) => y)) : Math.min(plan.startYear + plan.cycle - 1, 2026);
  // grants the policy says a district must match (003 经费办法 第二条), for studios in district schools
  const matchingRule = SEEDED_POLICIES.find((p) => p.id === plan.policyId)!.rules.find(([code]) => code === 'funding.matching');
  const mustMatch =
    matchingRule && !school.regionCode.endsWith('00') ? (matchingRule[1] as { of: FundingSource; minRatio: number }) : null;
  for (let year = plan.startYear; year <= lastFundedYear; year++) {
    for (const [source, yuan, matching = false] of plan.funding) {
      allocations.push({
        id: demoId('allocation', `${plan.key}:${source}:${year}`),
        studioId: id,
        regionCode: school.regionCode,
        hostSchoolId: school.id,
        year,
        source,
        amountFen: BigInt(yuan) * 100n,
        matching,
        matchRatioPermille: mustMatch?.of === source ? mustMatch.minRatio * 1000 : null,
        note: `${plan.batch} ${year}年度`,
      });
    }
  }
}
