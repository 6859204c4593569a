import type { SubgraphContext } from '../../../lib/graphql.ts';
import { findById, rowsLoader } from '../../../lib/loaders.ts';
import { builder, RegionRef } from '../builder.ts';
import { StudioLevelEnum, StudioRef } from '../studio/studio.schema.ts';
import { Policy, PolicyRule } from './policy.entity.ts';
import { Rules } from './rules.ts';

export const findPolicy = (ctx: SubgraphContext, id: string) => findById(ctx, Policy, id, '政策');

/** A policy's rules, read once per request. */
export async function rulesOf(ctx: SubgraphContext, policyId: string): Promise<Rules> {
  const rows = await rowsLoader(ctx, PolicyRule, 'policyId', { orderBy: { code: 'asc' } }).load(policyId);
  return new Rules(rows);
}

const PolicyRuleRef = builder.objectRef<PolicyRule>('PolicyRule').implement({
  description: 'One rule of a policy, with the seed document and section it comes from.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The rule the hub applies, e.g. "ownSchool.share".' }),
    value: t.string({
      description: 'Its value as JSON, e.g. {"max":0.3,"of":"MEMBERS"}.',
      resolve: (r) => JSON.stringify(r.value),
    }),
    seed: t.exposeString('seed', { description: 'Where the seed says so, e.g. "000 四.1".' }),
    text: t.exposeString('text', { description: 'The rule as the seed puts it.' }),
  }),
});

export const PolicyRef = builder.objectRef<Policy>('Policy').implement({
  description: 'The rules an authority sets its studios under: team, eligibility, cycle (政策/实施方案). Policies are data.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'A readable id, e.g. "003-shenzhen-2".' }),
    name: t.exposeString('name', { description: 'The document’s title. 政策名称' }),
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
    sources: t.exposeString('sources', { description: 'The seed documents it comes from.' }),
    rules: t.field({
      type: [PolicyRuleRef],
      description: 'Its rules, by code. 规则',
      resolve: (p, _a, ctx) => rowsLoader(ctx, PolicyRule, 'policyId', { orderBy: { code: 'asc' } }).load(p.id),
    }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  policy: t.field({
    type: PolicyRef,
    description: 'The policy the studio follows.',
    resolve: (s, _a, ctx) => findPolicy(ctx, s.policyId),
  }),
}));

builder.queryFields((t) => ({
  policies: t.field({
    type: [PolicyRef],
    description: 'Every policy in the hub (policies are public rules, not scoped data).',
    resolve: (_root, _args, ctx) => ctx.em.find(Policy, {}, { orderBy: { id: 'asc' } }),
  }),
  policy: t.field({
    type: PolicyRef,
    nullable: true,
    description: 'One policy by id. 政策',
    args: { id: t.arg.id({ required: true, description: 'A policy id, e.g. "003-shenzhen-2".' }) },
    resolve: (_root, { id }, ctx) => findPolicy(ctx, String(id)),
  }),
}));
