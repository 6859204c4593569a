import { vocabularyEnum } from '../../../lib/graphql/enums.ts';
import { IMPACT_SUBJECTS } from '../../../lib/domain/vocabulary.ts';
import { builder, TeacherRef } from '../builder.ts';
import { findStudio } from '../studio/studio.queries.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { RuleVerdictRef } from './eligibility.schema.ts';
import { policyImpact, type ImpactRow, type PolicyImpact } from './impact.ts';
import { findPolicy } from './policy.queries.ts';
import { PolicyRef } from './policy.schema.ts';
import { PolicyId } from '../../../lib/graphql/shapes.ts';

const ImpactSubjectEnum = vocabularyEnum(
  builder,
  'PolicyImpactSubject',
  'Whom a rule of an impact preview speaks of. 对象',
  IMPACT_SUBJECTS,
);

const ImpactRowRef = builder.objectRef<ImpactRow>('PolicyImpactRow').implement({
  description: 'One rule a studio, its host or a member would fail under the version judged, beside today’s verdict.',
  fields: (t) => ({
    studio: t.field({ type: StudioRef, description: 'The studio. 工作室', resolve: (r, _a, ctx) => findStudio(ctx, r.studioId) }),
    subject: t.field({ type: ImpactSubjectEnum, description: 'The team, the host or a member. 对象', resolve: (r) => r.subject }),
    teacher: t.field({
      type: TeacherRef,
      nullable: true,
      description: 'The host or member; null for the team. 教师',
      resolve: (r) => (r.teacherId ? { id: r.teacherId } : null),
    }),
    rule: t.string({ description: 'The rule code. 规则代码', resolve: (r) => r.proposed.rule }),
    current: t.field({
      type: RuleVerdictRef,
      nullable: true,
      description: 'The same rule under the version the studio is bound to today; null where it has no such rule. 现行结论',
      resolve: (r) => r.current,
    }),
    proposed: t.field({
      type: RuleVerdictRef,
      description: 'The verdict under the version judged: failed, or null when the data cannot decide. 新版结论',
      resolve: (r) => r.proposed,
    }),
  }),
});

const PolicyImpactRef = builder.objectRef<PolicyImpact>('PolicyImpact').implement({
  description: 'Which existing studios, hosts and members a version of a policy would put out of compliance. 影响评估',
  fields: (t) => ({
    policy: t.field({ type: PolicyRef, description: 'The policy. 政策', resolve: (i, _a, ctx) => findPolicy(ctx, i.policyId) }),
    version: t.exposeInt('version', { description: 'The version judged. 版本' }),
    studioCount: t.exposeInt('studioCount', { description: 'Running studios of the policy judged (in your scope).' }),
    affectedStudioCount: t.int({
      description: 'Studios with at least one rule failed or undecidable. 受影响工作室数',
      resolve: (i) => new Set(i.rows.map((r) => r.studioId)).size,
    }),
    rows: t.field({
      type: [ImpactRowRef],
      description: 'Each rule failed or undecidable, by studio, then team, host and members. 逐条结论',
      resolve: (i) => i.rows,
    }),
  }),
});

builder.queryField('policyImpact', (t) =>
  t.field({
    type: PolicyImpactRef,
    description:
      "Before publishing: which of a policy's running studios, their hosts and members would fail a version of it (by default its newest, a draft), rule by rule, with the verdict under the version each studio is bound to today beside it. For the issuing office and those above. 发布前影响评估",
    args: {
      policy: t.arg.id({ required: true, validate: PolicyId, description: 'A policy id, e.g. "410402-xinhua-2026".' }),
      version: t.arg.int({ description: 'The version to judge; by default the newest (a draft).' }),
    },
    resolve: (_root, args, ctx) => policyImpact(ctx, String(args.policy), args.version),
  }),
);
