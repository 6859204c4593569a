import { vocabularyEnum } from '../../../lib/graphql/enums.ts';
import { ELIGIBILITY_ROLES } from '../../../lib/domain/vocabulary.ts';
import { builder, HonorLevelEnum, NodeRef, SchoolRef, StageEnum, StudioCategoryEnum, TeacherRef } from '../builder.ts';
import type { Selection } from '@pothos/plugin-federation';
import { FACTS, type TeacherFacts } from './eligibility.ts';
import { teacherEligibility, type Eligibility } from './eligibility.queries.ts';
import { findPolicy } from './policy.queries.ts';
import { PolicyRef } from './policy.schema.ts';
import type { Verdict } from './rules.ts';
import { PolicyId } from '../../../lib/graphql/shapes.ts';

export const RuleVerdictRef = builder.objectRef<Verdict>('RuleVerdict').implement({
  description: "One rule's verdict: passed, failed, or not decidable from the recorded data (null), and why.",
  fields: (t) => ({
    rule: t.exposeString('rule', { description: 'The rule code, e.g. `host.headTeacherYears`. 规则' }),
    seed: t.exposeString('seed', { description: 'Seed file and section of the rule.' }),
    passed: t.exposeBoolean('passed', { nullable: true, description: 'True, false, or null when the data cannot decide.' }),
    reason: t.exposeString('reason', { description: 'Why, in Chinese. 理由' }),
    policyId: t.exposeString('policyId', { description: 'The policy whose rule it is.' }),
    policyVersion: t.exposeInt('policyVersion', { description: 'The version of that policy the verdict applied.' }),
  }),
});

export const EligibilityRoleEnum = vocabularyEnum(
  builder,
  'EligibilityRole',
  'The role eligibility is judged for. 资格类别',
  ELIGIBILITY_ROLES,
);

const EligibilityRef = builder.objectRef<Eligibility>('Eligibility').implement({
  description: 'Whether a teacher qualifies for a role under a policy, rule by rule. 资格审查',
  fields: (t) => ({
    policy: t.field({
      type: PolicyRef,
      description: 'The policy judged under. 政策',
      resolve: (e, _a, ctx) => findPolicy(ctx, e.policyId),
    }),
    role: t.field({ type: EligibilityRoleEnum, description: 'The role judged for.', resolve: (e) => e.role }),
    policyVersion: t.exposeInt('policyVersion', { description: 'The version judged by: the one asked for, or the current one.' }),
    eligible: t.boolean({
      nullable: true,
      description: 'True when every rule passes, false when one fails, null when a rule cannot be decided from the data.',
      resolve: (e) =>
        e.verdicts.some((v) => v.passed === false) ? false : e.verdicts.some((v) => v.passed === null) ? null : true,
    }),
    verdicts: t.field({ type: [RuleVerdictRef], description: 'Each rule’s verdict. 逐条审查结果', resolve: (e) => e.verdicts }),
  }),
});

type RecordEntry<K extends 'honors' | 'researchProjects' | 'publications'> = TeacherFacts[K][number];

/*
 * Personnel's record of a teacher, as eligibility reads it (`FACTS` in eligibility.ts): value types known here only
 * through `Teacher.eligibility`'s `@requires`, so every field of them is personnel's (`@external`).
 */
const HonorRef = builder.objectRef<RecordEntry<'honors'>>('TeacherHonor').implement({
  directives: { external: {} },
  fields: (t) => ({
    title: t.exposeString('title'),
    level: t.expose('level', { type: HonorLevelEnum }),
    kind: t.exposeString('kind'),
  }),
});
const ResearchRef = builder.objectRef<RecordEntry<'researchProjects'>>('TeacherResearch').implement({
  directives: { external: {} },
  fields: (t) => ({ level: t.expose('level', { type: HonorLevelEnum }), role: t.exposeString('role') }),
});
const PublicationRef = builder.objectRef<RecordEntry<'publications'>>('TeacherPublication').implement({
  directives: { external: {} },
  fields: (t) => ({
    level: t.expose('level', { type: HonorLevelEnum, nullable: true }),
    monograph: t.exposeBoolean('monograph'),
    coreJournal: t.exposeBoolean('coreJournal'),
  }),
});

/** The facts `Teacher.eligibility` requires of personnel: all but the hub's own (`eligibilityFacts`). */
type PersonnelFacts = Omit<TeacherFacts, 'hostedStudioLevel'>;
// typed by hand: Pothos spells out every order of a selection's fields as a type, too many for twelve of them
const requiredFacts = (builder.selection as (selection: string) => Selection<PersonnelFacts>)(FACTS);

TeacherRef.implement({
  interfaces: [NodeRef],
  externalFields: (t) => ({
    headTeacherYears: t.int(),
    title: t.string({ nullable: true }),
    activeHeadTeacher: t.boolean(),
    age: t.int({ nullable: true }),
    retirementMonth: t.string({ nullable: true }),
    stage: t.field({ type: StageEnum }),
    highestHonorLevel: t.field({ type: HonorLevelEnum, nullable: true }),
    highestClassHonorLevel: t.field({ type: HonorLevelEnum, nullable: true }),
    school: t.field({ type: SchoolRef }),
    honors: t.field({ type: [HonorRef] }),
    researchProjects: t.field({ type: [ResearchRef] }),
    publications: t.field({ type: [PublicationRef] }),
  }),
  fields: (t) => ({
    id: t.exposeID('id'),
    eligibility: t.field({
      type: EligibilityRef,
      description: "Whether the teacher qualifies for a role under a policy, with every rule's verdict and reason. 资格审查",
      args: {
        policy: t.arg.id({ required: true, validate: PolicyId, description: 'A policy id, e.g. "003-shenzhen-2".' }),
        role: t.arg({ type: EligibilityRoleEnum, required: true, description: 'HOST, MEMBER or RENEWAL.' }),
        version: t.arg.int({ description: 'A version of the policy; by default the current one.' }),
        category: t.arg({
          type: StudioCategoryEnum,
          description: 'For a member: judge as joining a studio of this category (member.byCategory). 工作室类别',
        }),
      },
      requires: requiredFacts,
      resolve: (teacher, args, ctx) => teacherEligibility(ctx, teacher, args),
    }),
  }),
});
