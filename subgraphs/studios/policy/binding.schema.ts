import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { MoveStudioToCurrentPolicyVersionInput } from './binding.inputs.ts';
import { moveStudioToCurrentPolicyVersion } from './binding.service.ts';

payloadMutation(builder, {
  name: 'studioMoveToCurrentPolicyVersion',
  field: 'studio',
  description:
    "Binds a studio to its policy's current version: only when it renews or joins a new batch; recorded with who and why. 执行新版政策",
  input: MoveStudioToCurrentPolicyVersionInput,
  type: StudioRef,
  resolve: moveStudioToCurrentPolicyVersion,
  replaces: { name: 'moveStudioToCurrentPolicyVersion', input: 'The studio and why. 工作室' },
});
