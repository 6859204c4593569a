import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { moveStudioToCurrentPolicyVersion } from './binding.service.ts';

const MoveInput = builder.inputType('MoveStudioToCurrentPolicyVersionInput', {
  description: 'A studio to move to its policy’s current version, and why. 改用现行版本',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The studio. 工作室编号' }),
    version: t.int({ required: true, description: 'The version of the studio you read.' }),
    reason: t.string({ required: true, description: 'Why, for the record.' }),
    batch: t.string({ description: 'The new batch the studio joins (a renewing studio may keep its own).' }),
  }),
});

builder.mutationField('moveStudioToCurrentPolicyVersion', (t) =>
  t.field({
    deprecationReason: replacedBy('studioMoveToCurrentPolicyVersion'),
    type: StudioRef,
    description:
      "Binds a studio to its policy's current version: only when it renews or joins a new batch; recorded with who and why. 执行新版政策",
    args: { input: t.arg({ type: MoveInput, required: true, description: 'The studio and why. 工作室' }) },
    resolve: (_root, { input }, ctx) => moveStudioToCurrentPolicyVersion(ctx, input),
  }),
);

payloadMutation(builder, {
  name: 'studioMoveToCurrentPolicyVersion',
  field: 'studio',
  description:
    "Binds a studio to its policy's current version: only when it renews or joins a new batch; recorded with who and why. 执行新版政策",
  input: MoveInput,
  type: StudioRef,
  resolve: moveStudioToCurrentPolicyVersion,
});
