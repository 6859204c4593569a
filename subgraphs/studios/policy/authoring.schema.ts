import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { draftPolicy, publishPolicyVersion } from './authoring.service.ts';
import { PolicyRef } from './policy.schema.ts';
import { PolicyId } from '../../../lib/graphql/shapes.ts';
import { DraftPolicyInput, PublishPolicyInput } from './authoring.inputs.ts';

payloadMutation(builder, {
  name: 'policyDraft',
  field: 'policy',
  description:
    "An office's policy for its own region, as a draft: a new policy, or the next version of one of its own (its draft replaced while unpublished). Every rule value is checked against its code. 起草政策",
  input: DraftPolicyInput,
  type: PolicyRef,
  resolve: draftPolicy,
  replaces: { name: 'draftPolicy', input: 'The draft. 草稿' },
});

const PUBLISH =
  'Publishes a draft: from then on it is frozen, and studios founded from its effective date are bound to it. Refused with an unknown rule code, a contradictory pair of limits, or a rule the issuing level cannot enforce. 发布政策';

// the older shape took its arguments one by one, none optional: kept as it was, not `replaces`
builder.mutationField('publishPolicyVersion', (t) =>
  t.field({
    type: PolicyRef,
    deprecationReason: replacedBy('policyPublish'),
    description: PUBLISH,
    args: {
      policyId: t.arg.id({ required: true, validate: PolicyId, description: 'The policy. 政策编号' }),
      version: t.arg.int({ required: true, description: 'The draft version to publish. 版本' }),
    },
    resolve: (_root, args, ctx) => publishPolicyVersion(ctx, args),
  }),
);

payloadMutation(builder, {
  name: 'policyPublish',
  field: 'policy',
  description: PUBLISH,
  input: PublishPolicyInput,
  type: PolicyRef,
  resolve: publishPolicyVersion,
});
