import { about } from '../../../lib/data/audit.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { changeStudio } from '../studio/change.ts';
import { Policy } from './policy.entity.ts';
import { currentVersion, windowOf } from './versions.ts';
import { today } from '../../../lib/domain/clock.ts';
import { refuseOutsideWindow } from '../../../lib/domain/programme-window.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { MoveStudioToCurrentPolicyVersionInput } from './binding.inputs.ts';

/** Statuses of a studio that renews (连任, or a cycle completed and about to be renewed). */
const RENEWING = new Set(['COMPLETED', 'RENEWED']);

/** Binds a studio to its policy's current version: only when it renews or joins a new batch; recorded with who and why. */
export async function moveStudioToCurrentPolicyVersion(
  ctx: SubgraphContext,
  input: typeof MoveStudioToCurrentPolicyVersionInput.$inferInput,
) {
  const reason = input.reason.trim();
  if (!reason) throw userError('BAD_USER_INPUT', '请填写原因', { argumentName: 'reason' });
  const batch = input.batch?.trim() || null;
  return changeStudio(ctx, input, '工作室执行的政策版本', async ({ tx, audit }, studio) => {
    if (!RENEWING.has(studio.status) && (!batch || batch === studio.batch)) {
      throw userError(
        'POLICY_VIOLATION',
        '工作室按成立时的政策版本执行；只有连任（届满或已连任）或进入新批次时才可改为执行当前版本',
        { rule: 'policy.binding', policyId: studio.policyId, policyVersion: studio.policyVersion },
      );
    }
    const policy = await tx.findOneOrFail(Policy, { id: studio.policyId });
    // a new batch is founded under the programme: only within its window
    if (batch && batch !== studio.batch)
      refuseOutsideWindow(windowOf(policy), { day: today() }, `再按本方案进入新批次（${batch}）`);
    const current = await currentVersion(tx, policy);
    if (current.number === studio.policyVersion) {
      throw userError('BAD_USER_INPUT', `工作室已执行当前版本（${studio.policyId} 第${current.number}版）`);
    }
    const before = { policyVersion: studio.policyVersion, batch: studio.batch };
    studio.policyVersion = current.number;
    if (batch) studio.batch = batch;
    audit({
      action: 'moveStudioToCurrentPolicyVersion',
      ...about('Studio', studio.id, studio),
      summary: `${studio.name}：由 ${studio.policyId} 第${before.policyVersion}版改为执行第${current.number}版${batch ? `（${batch}）` : ''}：${reason}`,
      before,
      after: { policyVersion: studio.policyVersion, batch: studio.batch, reason },
    });
  });
}
