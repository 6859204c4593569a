import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { draftPolicy, publishPolicyVersion } from './authoring.service.ts';
import { PolicyRef } from './policy.schema.ts';
import { NewPolicyId, PolicyId } from '../../../lib/graphql/shapes.ts';

const PolicyRuleInput = builder.inputType('PolicyRuleInput', {
  description: 'One rule of a draft: its code, value and the clause it comes from. 规则',
  fields: (t) => ({
    code: t.string({ required: true, description: 'A rule code of the hub, e.g. "team.members".' }),
    value: t.string({ required: true, description: 'Its value as JSON, e.g. {"min":6,"max":8}.' }),
    clause: t.string({ required: true, description: 'The clause of the policy document that says so, e.g. "第三条(二)".' }),
    text: t.string({ required: true, description: 'The rule as the document puts it.' }),
  }),
});

const DraftPolicyInput = builder.inputType('DraftPolicyInput', {
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

builder.mutationField('draftPolicy', (t) =>
  t.field({
    deprecationReason: replacedBy('policyDraft'),
    type: PolicyRef,
    description:
      "An office's policy for its own region, as a draft: a new policy, or the next version of one of its own (its draft replaced while unpublished). Every rule value is checked against its code. 起草政策",
    args: { input: t.arg({ type: DraftPolicyInput, required: true, description: 'The draft. 草稿' }) },
    resolve: (_root, { input }, ctx) => draftPolicy(ctx, input),
  }),
);

builder.mutationField('publishPolicyVersion', (t) =>
  t.field({
    type: PolicyRef,
    deprecationReason: replacedBy('policyPublish'),
    description:
      'Publishes a draft: from then on it is frozen, and studios founded from its effective date are bound to it. Refused with an unknown rule code, a contradictory pair of limits, or a rule the issuing level cannot enforce. 发布政策',
    args: {
      policyId: t.arg.id({ required: true, validate: PolicyId, description: 'The policy. 政策编号' }),
      version: t.arg.int({ required: true, description: 'The draft version to publish. 版本' }),
    },
    resolve: (_root, args, ctx) => publishPolicyVersion(ctx, args),
  }),
);

payloadMutation(builder, {
  name: 'policyDraft',
  field: 'policy',
  description:
    "An office's policy for its own region, as a draft: a new policy, or the next version of one of its own (its draft replaced while unpublished). Every rule value is checked against its code. 起草政策",
  input: DraftPolicyInput,
  type: PolicyRef,
  resolve: draftPolicy,
});

const PublishPolicyInput = builder.inputType('PublishPolicyInput', {
  description: 'The draft to publish. 发布政策',
  fields: (t) => ({
    policyId: t.id({ required: true, validate: PolicyId, description: 'The policy. 政策编号' }),
    version: t.int({ required: true, description: 'The draft version to publish. 版本' }),
  }),
});

payloadMutation(builder, {
  name: 'policyPublish',
  field: 'policy',
  description:
    'Publishes a draft: from then on it is frozen, and studios founded from its effective date are bound to it. Refused with an unknown rule code, a contradictory pair of limits, or a rule the issuing level cannot enforce. 发布政策',
  input: PublishPolicyInput,
  type: PolicyRef,
  resolve: publishPolicyVersion,
});
