import { thisYear } from '../../../lib/domain/clock.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { findInScope } from '../../../lib/data/loaders.ts';
import { changeStudio } from '../studio/change.ts';
import { refuseUnless } from '../policy/enforce.ts';
import { rulesOf } from '../policy/policy.queries.ts';
import { teamCompliance } from '../membership/membership.queries.ts';
import { isLegal, STATUS_NAMES, TRANSITIONS } from './lifecycle.ts';
import { startNextCycle, stepStudio } from './consequences.ts';
import { assertMayRenew, hostFacts } from './renewal.ts';
import { plaqueVerdicts, studioEvaluations } from './plaque.ts';
import { namingVerdicts } from './naming.ts';
import { Studio } from '../studio/studio.entity.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { RevokeForMisconductInput, TransitionStudioInput } from './transition.inputs.ts';

/**
 * Moves a studio along its lifecycle: only legal steps, each with what its policy asks (公示 and 授牌 a complete team,
 * 授牌 within the year's naming quota), recorded.
 */
export async function transitionStudio(ctx: SubgraphContext, input: typeof TransitionStudioInput.$inferInput) {
  const reason = input.reason.trim();
  if (!reason) throw userError('BAD_USER_INPUT', '请填写变更原因', { argumentName: 'reason' });
  // what other subgraphs know is asked first, since a transaction never waits on a peer; a host changed in
  // between moved the studio's version, so the change below is then refused as CONFLICT
  const asked = input.to === 'ESTABLISHED' || input.to === 'RENEWED' ? await findInScope(ctx, Studio, input.id, '工作室') : null;
  // the plaque waits for the creation evaluation, a renewal may wait for the final's grade (002 方案3 七)
  const evaluations = asked ? await studioEvaluations(ctx, asked.id) : [];
  const host = asked && input.to === 'RENEWED' ? await hostFacts(ctx, asked.hostTeacherId) : null;
  return changeStudio(ctx, input, '工作室状态', async ({ tx }, studio) => {
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
      if (input.to === 'ESTABLISHED')
        verdicts.push(...plaqueVerdicts(rules, evaluations), ...(await namingVerdicts(tx, rules, studio)));
      refuseUnless(verdicts, `工作室（变为“${STATUS_NAMES[input.to]}”前）`);
    }
    // 连任 only for a host who meets the renewal rules (000 五.4)
    if (input.to === 'RENEWED') await assertMayRenew(tx, rules, studio, host!, evaluations);
    await stepStudio(tx, ctx.viewer, studio, {
      to: input.to,
      reason,
      action: 'transitionStudio',
      year: thisYear(),
    });
    if (input.to === 'RENEWED') startNextCycle(studio, rules);
  });
}

/** Revokes a studio for misconduct where its policy says so (000 五.7), with the finding on record. */
export async function revokeStudioForMisconduct(ctx: SubgraphContext, input: typeof RevokeForMisconductInput.$inferInput) {
  const finding = input.finding.trim();
  if (!finding) throw userError('BAD_USER_INPUT', '请填写违规事实', { argumentName: 'finding' });
  return changeStudio(ctx, input, '工作室状态', async ({ tx }, studio) => {
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
}
