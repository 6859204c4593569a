import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { applyForStudio } from './application.service.ts';
import { ApplyForStudioInput } from './application.inputs.ts';

payloadMutation(builder, {
  name: 'studioApply',
  field: 'studio',
  description:
    "A school applies for a studio under a policy (申报): the host must qualify under the policy's host rules; the studio takes the name given or its host's name and category, and its cycle follows the policy.",
  input: ApplyForStudioInput,
  type: StudioRef,
  resolve: applyForStudio,
  replaces: { name: 'applyForStudio', input: 'The application.' },
});
