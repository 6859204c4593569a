import { builder } from '../builder.ts';
import { NewPolicyId, PolicyId } from '../../../lib/graphql/shapes.ts';

export const PolicyRuleInput = builder.inputType('PolicyRuleInput', {
  description: 'One rule of a draft: its code, value and the clause it comes from. 规则',
  fields: (t) => ({
    code: t.string({ required: true, description: 'A rule code of the hub, e.g. "team.members".' }),
    value: t.string({ required: true, description: 'Its value as JSON, e.g. {"min":6,"max":8}.' }),
    clause: t.string({ required: true, description: 'The clause of the policy document that says so, e.g. "第三条(二)".' }),
    text: t.string({ required: true, description: 'The rule as the document puts it.' }),
  }),
});

export const DraftPolicyInput = builder.inputType('DraftPolicyInput', {
  description: 'A policy draft: who issues it, its document and its rules. 政策草稿',
  fields: (t) => ({
    policyId: t.id({
      required: true,
      validate: NewPolicyId,
      description: 'The policy id, e.g. "410404-shilong"; a new id creates the policy.',
    }),
    title: t.string({ description: 'The document title (required for a new policy).' }),
    issuer: t.string({ description: 'The issuing authority, e.g. 平顶山市石龙区教育体育局 (required for a new policy).' }),
    documentNumber: t.string({ description: '文号 of this version.' }),
    batch: t.string({ description: '批次, where the policy names one.' }),
    effectiveFrom: t.string({ description: 'The day this version takes effect (required from the second version on).' }),
    note: t.string({ description: 'What this version changes.' }),
    template: t.string({
      description:
        "A school's new programme: the county or city policy it adopts. The template's rules the draft neither states nor drops are inherited (PolicyRule.inheritedFrom), again at every save.",
    }),
    drop: t.stringList({
      description:
        "With a template: codes of the template's rules the programme does not take (else each is inherited). 不采用的模板规则",
    }),
    rules: t.field({
      type: [PolicyRuleInput],
      required: true,
      description: 'Its rules, each by code with its value and clause. 规则',
    }),
  }),
});

export const PublishPolicyInput = builder.inputType('PublishPolicyInput', {
  description: 'The draft to publish. 发布政策',
  fields: (t) => ({
    policyId: t.id({ required: true, validate: PolicyId, description: 'The policy. 政策编号' }),
    version: t.int({ required: true, description: 'The draft version to publish. 版本' }),
  }),
});
