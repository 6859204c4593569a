import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { MoveStudioToCurrentPolicyVersionInput } from './binding.inputs.ts';
import { moveStudioToCurrentPolicyVersion } from './binding.service.ts';

builder.mutationField('moveStudioToCurrentPolicyVersion', (t) =>
  t.field({
    deprecationReason: replacedBy('studioMoveToCurrentPolicyVersion'),
    type: StudioRef,
    description:
      "Binds a studio to its policy's current version: only when it renews or joins a new batch; recorded with who and why. 执行新版政策",
    args: {
      input: t.arg({ type: MoveStudioToCurrentPolicyVersionInput, required: true, description: 'The studio and why. 工作室' }),
    },
    resolve: (_root, { input }, ctx) => moveStudioToCurrentPolicyVersion(ctx, input),
  }),
);

payloadMutation(builder, {
  name: 'studioMoveToCurrentPolicyVersion',
  field: 'studio',
  description:
    "Binds a studio to its policy's current version: only when it renews or joins a new batch; recorded with who and why. 执行新版政策",
  input: MoveStudioToCurrentPolicyVersionInput,
  type: StudioRef,
  resolve: moveStudioToCurrentPolicyVersion,
});
