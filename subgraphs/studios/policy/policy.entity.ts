import { defineEntity, p } from '@mikro-orm/core';
import { timestamps } from '../../../lib/data/entity.ts';
import type { LocalLevel, StudioLevel } from '../../../lib/domain/vocabulary.ts';
import type { RuleCode } from './rules.ts';

/** The rules an authority sets its studios under (DOMAIN: "policy is data"). */
const PolicySchema = defineEntity({
  name: 'Policy',
  tableName: 'policy',
  properties: {
    id: p.string().primary(),
    /** The document's title (政策/实施方案名称). */
    name: p.string(),
    /** Who issued it, as the document says (e.g. 平顶山市教育体育局); null for the seeds, which say it in `sources`. */
    issuer: p.string().nullable(),
    issuingRegionCode: p.string().length(6),
    issuingLevel: p.string().$type<LocalLevel>(),
    studioLevel: p.string().$type<StudioLevel>(),
    batch: p.string().nullable(),
    effectiveFrom: p.string().columnType('date').nullable(),
    effectiveTo: p.string().columnType('date').nullable(),
    /** The seed documents the policy comes from, e.g. "000_29b044b2cb73ed25.txt". */
    sources: p.string(),
    /** The school that issued it (school-level programmes authored by a school office). */
    schoolId: p.uuid().nullable(),
    /** The policy it was adopted from (a school adopting a county's template, 002/004 方案1). */
    templateId: p.string().nullable(),
    version: p.integer().version(),
    ...timestamps(),
  },
});
export class Policy extends PolicySchema.class {}
PolicySchema.setClass(Policy);

export type PolicyVersionStatus = 'DRAFT' | 'PUBLISHED';

/** One version of a policy: a draft its office edits, or published and frozen from its effective date. */
const PolicyVersionSchema = defineEntity({
  name: 'PolicyVersion',
  tableName: 'policy_version',
  properties: {
    policyId: p.string().primary(),
    number: p.integer().primary(),
    status: p.string().$type<PolicyVersionStatus>(),
    /** The title and issuer this version gives its policy, the policy's own once it is published; null: unchanged. */
    title: p.string().nullable(),
    issuer: p.string().nullable(),
    /** 文号, e.g. 平教体〔2021〕12号. */
    documentNumber: p.string().nullable(),
    effectiveFrom: p.string().columnType('date').nullable(),
    /** Why this version (the change it makes). */
    note: p.string().nullable(),
    draftedBy: p.string(),
    draftedAt: p.datetime(),
    publishedBy: p.string().nullable(),
    publishedAt: p.datetime().nullable(),
  },
});
export class PolicyVersion extends PolicyVersionSchema.class {}
PolicyVersionSchema.setClass(PolicyVersion);

/** One rule of a policy version: a code the engine knows, its value, and the clause that says so. */
const PolicyRuleSchema = defineEntity({
  name: 'PolicyRule',
  tableName: 'policy_rule',
  properties: {
    policyId: p.string().primary(),
    version: p.integer().primary(),
    code: p.string().$type<RuleCode>().primary(),
    value: p.json<unknown>(),
    /** Seed file and section, e.g. "000 三.2". */
    seed: p.string(),
    /** The rule as the seed puts it, in Chinese. */
    text: p.string(),
    /** The template policy it was inherited from (a school's programme adopting its county's); null: its own. */
    inheritedFrom: p.string().nullable(),
  },
});
export class PolicyRule extends PolicyRuleSchema.class {}
PolicyRuleSchema.setClass(PolicyRule);
