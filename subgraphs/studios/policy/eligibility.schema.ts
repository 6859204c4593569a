import { today } from '../../../lib/clock.ts';
import { renewalFacts } from '../lifecycle/renewal.ts';
import { TEACHER_RECORD } from '../peers.ts';
import { builder, HonorLevelEnum, NodeRef, StageEnum, TeacherRef } from '../builder.ts';
import { eligibilityVerdicts, type EligibilityRole, type TeacherFacts } from './eligibility.ts';
import { findPolicy, PolicyRef, rulesOf, visibleVersion } from './policy.schema.ts';
import type { Verdict } from './rules.ts';
import { PolicyId } from '../../../lib/shapes.ts';

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

export const EligibilityRoleEnum = builder.enumType('EligibilityRole', {
  description: 'The role eligibility is judged for. 资格类别',
  values: { HOST: { description: '主持人' }, MEMBER: { description: '成员' }, RENEWAL: { description: '主持人连任' } } as const,
});

interface Eligibility {
  policyId: string;
  policyVersion: number;
  role: EligibilityRole;
  verdicts: Verdict[];
}

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
      },
      requires: builder.selection<Omit<TeacherFacts, 'honors' | 'researchProjects'>>(
        'headTeacherYears title activeHeadTeacher age retirementMonth stage highestHonorLevel highestClassHonorLevel',
      ),
      resolve: async (teacher, { policy, role, version }, ctx) => {
        const found = await findPolicy(ctx, String(policy));
        const policyVersion = await visibleVersion(ctx, found, version, 'version');
        // renewal looks at the terms hosted under the policy so far and the final evaluation of the last one
        const renewal = role === 'RENEWAL' ? await renewalFacts(ctx.em, teacher.id, found.id) : undefined;
        const rules = await rulesOf(ctx, found.id, policyVersion);
        // rules that name a kind of honor or research read the teacher's record from personnel
        const record =
          (role === 'HOST' && (rules.get('host.honorOfKind') || rules.get('host.research.min'))) ||
          (role === 'MEMBER' && rules.get('member.honorOfKind'))
            ? (await ctx.peers.ask(TEACHER_RECORD, ctx.viewer, { id: teacher.id })).teacher
            : {};
        return {
          policyId: found.id,
          policyVersion,
          role,
          verdicts: eligibilityVerdicts(rules, role, { ...teacher, ...record }, today(), renewal),
        };
      },
    }),
  }),
});
