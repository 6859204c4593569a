import type { TeacherFacts } from '../../subgraphs/studios/policy/eligibility.ts';
import { Rules } from '../../subgraphs/studios/policy/rules.ts';
import type { Office, TestHub } from './hub.ts';
import { SEEDED_POLICIES, type SeededPolicy } from '../../subgraphs/studios/policy/seeded-policies.ts';

/** A seeded policy's rules, as the hub loads them. */
export const rulesOfPolicy = (policy: SeededPolicy) =>
  new Rules(
    { policyId: policy.id, version: 1, region: policy.issuingRegionCode },
    policy.rules.map(([code, value, seed, text]) => ({ code, value, seed, text })),
  );
export const seededRules = (id: string) => rulesOfPolicy(SEEDED_POLICIES.find((p) => p.id === id)!);

/** A teacher's facts as eligibility reads them: an active senior head teacher at a 武进区 school, nothing on record; `facts` overrides. */
export const teacherFacts = (facts: Partial<TeacherFacts>): TeacherFacts => ({
  headTeacherYears: 12,
  title: '高级教师',
  activeHeadTeacher: true,
  age: 45,
  retirementMonth: '2036-05',
  stage: 'SENIOR',
  highestHonorLevel: null,
  highestClassHonorLevel: null,
  honors: [],
  researchProjects: [],
  publications: [],
  school: { region: { code: '320412' } },
  ...facts,
});

/** What a teacher's record holds, as the host and member rules read it: an honour, a research project, a publication. */
export const HONOR = `mutation ($t: ID!, $title: String!, $level: HonorLevel!, $ofClass: Boolean!) {
  addHonor(teacherId: $t, title: $title, level: $level, ofClass: $ofClass) { id }
}`;
export const RESEARCH = `mutation ($t: ID!, $level: HonorLevel!, $hosted: Boolean!) {
  addResearchProject(teacherId: $t, title: "班级管理课题", level: $level, hosted: $hosted) { id }
}`;
export const PUBLICATION = `mutation ($t: ID!, $level: HonorLevel, $monograph: Boolean!, $core: Boolean!) {
  addPublication(teacherId: $t, title: "班级管理研究", venue: "江苏教育", level: $level, monograph: $monograph, coreJournal: $core) { id }
}`;
/**
 * Records on a teacher a 区级 honour of their own (区级优秀班主任) and a 区级先进班集体 for their class: what a member
 * must hold to join a Wujin studio (001 五(二)3, member.honorOfKind) or a 石家庄 one (002 方案3 五(二)3).
 */
export async function recordCountyHonours(hub: TestHub, teacherId: string, as: Office) {
  for (const [title, ofClass] of [
    ['区级优秀班主任', false],
    ['区级先进班集体', true],
  ] as const) {
    const { errors } = await hub.query(HONOR, { t: teacherId, title, level: 'COUNTY', ofClass }, as);
    if (errors) throw new Error(`honour not recorded: ${JSON.stringify(errors)}`);
  }
}

/**
 * 002 方案3 五(二)3 (004-shijiazhuang): a member has the honours a Wujin member has, has taken part in a 区县级
 * research project (member.research.min) and published a paper (member.publications.min); records all of it.
 */
export async function shijiazhuangMemberRecord(hub: TestHub, teacherId: string, as: Office) {
  await recordCountyHonours(hub, teacherId, as);
  for (const [query, variables] of [
    [RESEARCH, { t: teacherId, level: 'COUNTY', hosted: false }],
    [PUBLICATION, { t: teacherId, level: null, monograph: false, core: false }],
  ] as const) {
    const { errors } = await hub.query(query, variables, as);
    if (errors) throw new Error(`record not kept: ${JSON.stringify(errors)}`);
  }
}
