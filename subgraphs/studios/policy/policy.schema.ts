import { PolicyId } from '../../../lib/graphql/shapes.ts';
import { vocabularyEnum } from '../../../lib/graphql/enums.ts';
import { RULE_CHANGE_KINDS } from '../../../lib/domain/vocabulary.ts';
import { builder, NodeRef, RegionRef, StudioLevelEnum } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import type { RuleChange } from './diff.ts';
import type { Policy, PolicyRule, PolicyVersion } from './policy.entity.ts';
import {
  currentRules,
  currentVersionOf,
  diffPolicies,
  findPolicy,
  versionRules,
  versionsOf,
  visiblePolicies,
} from './policy.queries.ts';
import { windowOf } from './versions.ts';

export const PolicyRuleRef = builder.objectRef<PolicyRule>('PolicyRule').implement({
  description: 'One rule of a policy version, with the clause of its document (for the seeds: seed file and section).',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The rule the hub applies, e.g. "ownSchool.share".' }),
    value: t.string({
      description: 'Its value as JSON, e.g. {"max":0.3,"of":"MEMBERS"}.',
      resolve: (r) => JSON.stringify(r.value),
    }),
    seed: t.exposeString('seed', { description: 'The clause that says so, e.g. "000 四.1".' }),
    text: t.exposeString('text', { description: 'The rule as the document puts it.' }),
    inheritedFrom: t.exposeString('inheritedFrom', {
      nullable: true,
      description: 'The template policy the rule is inherited from; null for a rule the policy states itself. 继承自',
    }),
  }),
});

export const PolicyVersionRef = builder.objectRef<PolicyVersion>('PolicyVersion').implement({
  description: 'One version of a policy: a draft its office edits, or published and frozen from its effective date. 政策版本',
  fields: (t) => ({
    number: t.exposeInt('number', { description: 'The version number, from 1. 版本号' }),
    status: t.exposeString('status', { description: 'DRAFT or PUBLISHED.' }),
    title: t.exposeString('title', {
      nullable: true,
      description: 'The title this version gives its policy (the policy’s name once published); null: unchanged. 政策名称',
    }),
    issuer: t.exposeString('issuer', {
      nullable: true,
      description: 'The issuer this version gives its policy; null: unchanged. 发文机关',
    }),
    documentNumber: t.exposeString('documentNumber', { nullable: true, description: '文号' }),
    effectiveFrom: t.exposeString('effectiveFrom', { nullable: true, description: 'First day in force, YYYY-MM-DD. 施行日期' }),
    note: t.exposeString('note', { nullable: true, description: 'What this version changes.' }),
    publishedBy: t.exposeString('publishedBy', { nullable: true, description: 'Who published it; null for a draft. 发布人' }),
    publishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When it was published. 发布时间',
      resolve: (v) => v.publishedAt,
    }),
    rules: t.field({
      type: [PolicyRuleRef],
      description: 'The rules of this version. 规则',
      resolve: (v, _a, ctx) => versionRules(ctx, v.policyId, v.number),
    }),
  }),
});

export const PolicyRef = builder.objectRef<Policy>('Policy');
PolicyRef.implement({
  description: 'The rules an authority sets its studios under: team, eligibility, cycle (政策/实施方案). Policies are data.',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'A readable id, e.g. "003-shenzhen-2".' }),
    name: t.exposeString('name', { description: 'The document’s title. 政策名称' }),
    issuer: t.exposeString('issuer', { nullable: true, description: 'Who issued it (发文机关).' }),
    issuingRegion: t.field({
      type: RegionRef,
      description: 'The region of the issuing office. 发文机关所在地区',
      resolve: (p) => ({ code: p.issuingRegionCode }),
    }),
    issuingLevel: t.exposeString('issuingLevel', { description: 'The issuing office’s level (CITY, COUNTY, SCHOOL, …).' }),
    studioLevel: t.field({
      type: StudioLevelEnum,
      description: 'The level of the studios it sets up. 工作室级别',
      resolve: (p) => p.studioLevel,
    }),
    batch: t.exposeString('batch', { nullable: true, description: '批次, where the policy names one.' }),
    effectiveFrom: t.exposeString('effectiveFrom', { nullable: true, description: 'First day in force, YYYY-MM-DD. 施行日期' }),
    effectiveTo: t.exposeString('effectiveTo', { nullable: true, description: 'Last day in force, YYYY-MM-DD.' }),
    windowClause: t.string({
      nullable: true,
      description:
        'The clause that dates the window from effectiveFrom to effectiveTo, with its words (条款：原文); null where no seed dates it. New studios, batches and grants stay inside the window.',
      resolve: (p) => windowOf(p).windowClause,
    }),
    sources: t.exposeString('sources', { description: 'The documents it comes from.' }),
    template: t.field({
      type: PolicyRef,
      nullable: true,
      description: 'The policy it was adopted from (a school adopting a county template).',
      resolve: (p, _a, ctx) => (p.templateId ? findPolicy(ctx, p.templateId) : null),
    }),
    versions: t.field({
      type: [PolicyVersionRef],
      description: 'Its versions, oldest first; drafts only for the office that issued it and those above.',
      resolve: (p, _a, ctx) => versionsOf(ctx, p),
    }),
    currentVersion: t.field({
      type: PolicyVersionRef,
      nullable: true,
      description: 'The version a studio founded today is bound to (the newest published one in effect).',
      resolve: (p, _a, ctx) => currentVersionOf(ctx, p),
    }),
    rules: t.field({
      type: [PolicyRuleRef],
      description: 'The rules of the current version. 规则',
      resolve: (p, _a, ctx) => currentRules(ctx, p),
    }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  policy: t.field({
    type: PolicyRef,
    description: 'The policy the studio follows.',
    resolve: (s, _a, ctx) => findPolicy(ctx, s.policyId),
  }),
  policyVersion: t.exposeInt('policyVersion', {
    description: 'The version of its policy the studio is bound to and judged by (founded under, or moved to).',
  }),
}));

builder.queryFields((t) => ({
  policies: t.field({
    type: [PolicyRef],
    description: 'Every policy in the hub (policies are public rules; drafts only for their own office and those above).',
    resolve: (_root, _args, ctx) => visiblePolicies(ctx),
  }),
  policy: t.field({
    type: PolicyRef,
    nullable: true,
    description: 'One policy by id. 政策',
    args: { id: t.arg.id({ required: true, validate: PolicyId, description: 'A policy id, e.g. "003-shenzhen-2".' }) },
    resolve: (_root, { id }, ctx) => findPolicy(ctx, String(id)),
  }),
}));

const RuleChangeKindEnum = vocabularyEnum(
  builder,
  'RuleChangeKind',
  'How a rule differs between two policies. 变化',
  RULE_CHANGE_KINDS,
);

const RuleChangeRef = builder.objectRef<RuleChange>('PolicyRuleChange').implement({
  description: 'A rule added, removed or changed between two policy versions.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The rule code. 规则代码' }),
    change: t.field({ type: RuleChangeKindEnum, description: 'Added, removed or changed. 变化', resolve: (c) => c.change }),
    before: t.field({
      type: PolicyRuleRef,
      nullable: true,
      description: 'The rule in the first policy (a). 甲方',
      resolve: (c) => c.before as PolicyRule | null,
    }),
    after: t.field({
      type: PolicyRuleRef,
      nullable: true,
      description: 'The rule in the second policy (b). 乙方',
      resolve: (c) => c.after as PolicyRule | null,
    }),
    meaning: t.exposeString('meaning', {
      nullable: true,
      description: 'For REDEFINED: whom the rule counts on each side, in Chinese. 含义差异',
    }),
  }),
});

builder.queryField('policyDiff', (t) =>
  t.field({
    type: [RuleChangeRef],
    description:
      'The rules added, removed and changed from policy a to policy b (two policies, or two versions of one; the current versions unless named), by code. 政策比较',
    args: {
      a: t.arg.string({ required: true, description: 'A policy id, e.g. "000-pingdingshan".' }),
      b: t.arg.string({ required: true, description: 'The second policy. 乙方政策' }),
      aVersion: t.arg.int({ description: 'A version of a; by default its current one.' }),
      bVersion: t.arg.int({ description: 'A version of b; by default its current one.' }),
    },
    resolve: (_root, args, ctx) => diffPolicies(ctx, args),
  }),
);
