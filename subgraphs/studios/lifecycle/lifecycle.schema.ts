import { auditField } from '../../../lib/audit.ts';
import { thisYear } from '../../../lib/clock.ts';
import { userError } from '../../../lib/errors.ts';
import { findInScope, rowsLoader } from '../../../lib/loaders.ts';
import { builder, RegionRef } from '../builder.ts';
import { changeStudio } from '../studio/change.ts';
import { StudioRef, StudioStatusEnum } from '../studio/studio.schema.ts';
import { refuseUnless } from '../policy/enforce.ts';
import { rulesOf } from '../policy/policy.schema.ts';
import { teamCompliance } from '../membership/team.service.ts';
import { isLegal, STATUS_NAMES, TRANSITIONS } from './lifecycle.ts';
import { StudioTransition } from './transition.entity.ts';
import { startNextCycle, stepStudio } from './consequences.ts';
import { assertMayRenew, hostFacts } from './renewal.ts';
import { plaqueVerdicts, studioEvaluations } from './plaque.ts';
import { Studio } from '../studio/studio.entity.ts';

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
    resolve: (studio, _args, ctx) =>
      rowsLoader(ctx, StudioTransition, 'studioId', { orderBy: { at: 'asc', id: 'asc' } }).load(studio.id),
  }),
  nextStatuses: t.field({
    type: [StudioStatusEnum],
    description: 'Where the lifecycle may go from here.',
    resolve: (studio) => TRANSITIONS[studio.status],
  }),
}));

const TransitionStudioInput = builder.inputType('TransitionStudioInput', {
  description: 'One step of a studio’s lifecycle. 状态变更',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: 'The version you read; a change based on an older one is refused.' }),
    to: t.field({ type: StudioStatusEnum, required: true, description: 'The status to move to. 新状态' }),
    reason: t.string({ required: true, description: 'Why, for the record (e.g. the meeting or document).' }),
  }),
});

builder.mutationField('transitionStudio', (t) =>
  t.field({
    type: StudioRef,
    description: 'Moves a studio along its lifecycle; only legal steps, recorded with who, when and why. 变更工作室状态',
    args: { input: t.arg({ type: TransitionStudioInput, required: true, description: 'The step, with the version read.' }) },
    resolve: async (_root, { input }, ctx) => {
      const reason = input.reason.trim();
      if (!reason) throw userError('BAD_USER_INPUT', '请填写变更原因', { argumentName: 'reason' });
      // what other subgraphs know is asked first, since a transaction never waits on a peer; a host changed in
      // between moved the studio's version, so the change below is then refused as CONFLICT
      const asked =
        input.to === 'ESTABLISHED' || input.to === 'RENEWED' ? await findInScope(ctx, Studio, String(input.id), '工作室') : null;
      const evaluations = asked && input.to === 'ESTABLISHED' ? await studioEvaluations(ctx, asked.id) : [];
      const host = asked && input.to === 'RENEWED' ? await hostFacts(ctx, asked.hostTeacherId) : null;
      return changeStudio(ctx, { id: String(input.id), version: input.version }, '工作室状态', async ({ tx }, studio) => {
        const from = studio.status;
        if (!isLegal(from, input.to)) {
          const allowed = TRANSITIONS[from].map((s) => `“${STATUS_NAMES[s]}”`).join('、') || '无（已撤销建制）';
          throw userError(
            'BAD_USER_INPUT',
            `工作室不能从“${STATUS_NAMES[from]}”变为“${STATUS_NAMES[input.to]}”；可变为：${allowed}`,
            {
              from,
              to: input.to,
              allowed: TRANSITIONS[from],
            },
          );
        }
        const rules = await rulesOf(ctx, studio.policyId, studio.policyVersion);
        // a studio goes public and gets its plaque only with a team that meets its policy in full, and the plaque
        // only after the creation evaluation its policy holds is passed (000 五.3 暂缓授牌): every reason at once
        if (input.to === 'IN_PUBLICITY' || input.to === 'ESTABLISHED') {
          const verdicts = await teamCompliance(ctx, tx, studio);
          if (input.to === 'ESTABLISHED') verdicts.push(...plaqueVerdicts(rules, evaluations));
          refuseUnless(verdicts, `工作室（变为“${STATUS_NAMES[input.to]}”前）`);
        }
        // 连任 only for a host who meets the renewal rules (000 五.4)
        if (input.to === 'RENEWED') await assertMayRenew(tx, rules, studio, host!);
        await stepStudio(tx, ctx.viewer, studio, {
          to: input.to,
          reason,
          action: 'transitionStudio',
          year: thisYear(),
        });
        if (input.to === 'RENEWED') startNextCycle(studio, rules);
      });
    },
  }),
);

const MisconductInput = builder.inputType('RevokeForMisconductInput', {
  description: 'A revocation for misconduct (000 五.7). 违规撤销',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The studio.' }),
    version: t.int({ required: true, description: "The studio's version you read." }),
    finding: t.string({ required: true, description: 'What was found (违规事实), and the document that found it.' }),
  }),
});

builder.mutationField('revokeStudioForMisconduct', (t) =>
  t.field({
    type: StudioRef,
    description:
      'Revokes a studio whose people used it for illegal profit or other misconduct with bad public effect, where its policy says so (000 五.7); its funds stop. 违规撤销建制',
    args: { input: t.arg({ type: MisconductInput, required: true, description: 'The studio and the finding.' }) },
    resolve: async (_root, { input }, ctx) => {
      const finding = input.finding.trim();
      if (!finding) throw userError('BAD_USER_INPUT', '请填写违规事实', { argumentName: 'finding' });
      return changeStudio(ctx, { id: String(input.id), version: input.version }, '工作室状态', async ({ tx }, studio) => {
        const rule = (await rulesOf(ctx, studio.policyId, studio.policyVersion)).get('consequence.misconduct.revoke');
        if (!rule) {
          throw userError('POLICY_VIOLATION', '该工作室执行的政策没有“违规撤销建制”的规定；如需撤销，请按其政策办理状态变更', {
            rule: 'consequence.misconduct.revoke',
          });
        }
        if (!isLegal(studio.status, 'REVOKED')) throw userError('BAD_USER_INPUT', `工作室已是“${STATUS_NAMES[studio.status]}”`);
        const reason = `${finding}；按 ${rule.seed}：${rule.text}`;
        await stepStudio(tx, ctx.viewer, studio, {
          to: 'REVOKED',
          reason,
          action: 'revokeForMisconduct',
          year: thisYear(),
        });
      });
    },
  }),
);

auditField(builder, RegionRef, 'studioChanges', 'studios');
