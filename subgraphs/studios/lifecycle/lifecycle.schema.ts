import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { auditField } from '../../../lib/data/audit.ts';
import { builder, NodeRef, RegionRef, StudioStatusEnum } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { TRANSITIONS } from './lifecycle.ts';
import type { StudioTransition } from './transition.entity.ts';
import { transitionsOf } from './transition.queries.ts';
import { RevokeForMisconductInput, TransitionStudioInput } from './transition.inputs.ts';
import { revokeStudioForMisconduct, transitionStudio } from './transition.service.ts';

const StudioTransitionRef = builder.objectRef<StudioTransition>('StudioTransition').implement({
  description: "One step of a studio's lifecycle: from, to, who, when and why.",
  fields: (t) => ({
    from: t.field({ type: StudioStatusEnum, description: 'The status before. 原状态', resolve: (x) => x.fromStatus }),
    to: t.field({ type: StudioStatusEnum, description: 'The status after. 新状态', resolve: (x) => x.toStatus }),
    reason: t.exposeString('reason', { description: 'Why, as recorded. 理由' }),
    actor: t.exposeString('actor', { description: 'The token subject of who made the step.' }),
    actorLevel: t.exposeString('actorLevel', { description: "The level of the actor's office." }),
    at: t.field({ type: 'DateTime', description: 'When. 时间', resolve: (x) => x.at }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  transitions: t.field({
    type: [StudioTransitionRef],
    description: "The studio's lifecycle steps, oldest first.",
    resolve: (studio, _args, ctx) => transitionsOf(ctx, studio.id),
  }),
  nextStatuses: t.field({
    type: [StudioStatusEnum],
    description: 'Where the lifecycle may go from here.',
    resolve: (studio) => TRANSITIONS[studio.status],
  }),
}));

auditField(builder, RegionRef, NodeRef, 'studioChanges', 'studios');

payloadMutation(builder, {
  name: 'studioTransition',
  field: 'studio',
  description: 'Moves a studio along its lifecycle; only legal steps, recorded with who, when and why. 变更工作室状态',
  input: TransitionStudioInput,
  type: StudioRef,
  resolve: transitionStudio,
  replaces: { name: 'transitionStudio', input: 'The step, with the version read.' },
});

payloadMutation(builder, {
  name: 'studioRevokeForMisconduct',
  field: 'studio',
  description:
    'Revokes a studio whose people used it for illegal profit or other misconduct with bad public effect, where its policy says so (000 五.7); its funds stop. 违规撤销建制',
  input: RevokeForMisconductInput,
  type: StudioRef,
  resolve: revokeStudioForMisconduct,
  replaces: { name: 'revokeStudioForMisconduct', input: 'The studio and the finding.' },
});
