import { defineEntity, p } from '@mikro-orm/core';
import { timestamps } from '../../../lib/entity.ts';
import type { StudioLevel } from '../studio/studio.entity.ts';
import type { RuleCode } from './rules.ts';

/** The rules an authority sets its studios under (DOMAIN: "policy is data"). */
const PolicySchema = defineEntity({
  name: 'Policy',
  tableName: 'policy',
  properties: {
    id: p.string().primary(),
    name: p.string(),
    issuingRegionCode: p.string().length(6),
    issuingLevel: p.string().$type<'PROVINCE' | 'CITY' | 'COUNTY' | 'SCHOOL'>(),
    studioLevel: p.string().$type<StudioLevel>(),
    batch: p.string().nullable(),
    effectiveFrom: p.string().columnType('date').nullable(),
    effectiveTo: p.string().columnType('date').nullable(),
    /** The seed documents the policy comes from, e.g. "000_29b044b2cb73ed25.txt". */
    sources: p.string(),
    version: p.integer().version(),
    ...timestamps(),
  },
});
export class Policy extends PolicySchema.class {}
PolicySchema.setClass(Policy);

/** One rule of a policy: a code the engine knows, its value, and where the seed says so. */
const PolicyRuleSchema = defineEntity({
  name: 'PolicyRule',
  tableName: 'policy_rule',
  properties: {
    policyId: p.string().primary(),
    code: p.string().$type<RuleCode>().primary(),
    value: p.json<unknown>(),
    /** Seed file and section, e.g. "000 三.2". */
    seed: p.string(),
    /** The rule as the seed puts it, in Chinese. */
    text: p.string(),
  },
});
export class PolicyRule extends PolicyRuleSchema.class {}
PolicyRuleSchema.setClass(PolicyRule);
