import { randomUUID } from 'node:crypto';
import { about } from '../../../lib/data/audit.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { change } from '../../../lib/data/change.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { findForChange } from '../../../lib/data/loaders.ts';
import { TEACHER_PLACE } from '../peers.ts';
import { currentRules, findPolicy } from '../policy/policy.queries.ts';
import { windowOf } from '../policy/versions.ts';
import { today } from '../../../lib/domain/clock.ts';
import { refuseOutsideWindow } from '../../../lib/domain/programme-window.ts';
import { Nomination } from './nomination.entity.ts';
import { nominationPlace, quotasOf } from './nomination.queries.ts';
import type { NominateHostInput, WithdrawNominationInput } from './nomination.inputs.ts';

/**
 * Nominates a teacher against the quota of their region or school (naming.perRegion.max, 000 附件2) in the policy's
 * current version. The nominations of one quota are counted under a lock held to the end of the transaction, so one
 * past the quota is refused however many ask at once.
 */
export async function nominateHost(ctx: SubgraphContext, input: typeof NominateHostInput.$inferInput): Promise<Nomination> {
  const policy = await findPolicy(ctx, input.policyId);
  const batch = input.batch.trim();
  if (!batch) throw userError('BAD_USER_INPUT', '请填写批次', { argumentName: 'batch' });
  refuseOutsideWindow(windowOf(policy), { day: today() }, `再按本方案推荐${batch}主持人`);
  const rule = (await currentRules(ctx, policy)).find((r) => r.code === 'naming.perRegion.max');
  const { teacher } = await ctx.peers.ask(TEACHER_PLACE, ctx.viewer, { id: input.teacherId });
  const regionCode = teacher.school.region.code;
  const quota = quotasOf(policy, rule).find((q) => q.regionCode === regionCode);
  return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
    // a county's quota is the county office's to use; a directly run school's is the school's own
    assertMayChange(
      ctx.viewer,
      { regionCode, hostSchoolId: teacher.school.id },
      quota?.perSchool ? 'SCHOOL' : 'COUNTY',
      ['editor'],
      '推荐',
    );
    if (!quota) {
      throw userError(
        'POLICY_VIOLATION',
        rule
          ? `${regionCode} 在《${policy.name}》的推荐名额分配中没有名额（${rule.seed}：${rule.text}）`
          : `《${policy.name}》没有分配推荐名额（规则“naming.perRegion.max”），不能按该方案推荐主持人`,
        { rule: 'naming.perRegion.max', ...(rule ? { seed: rule.seed } : {}) },
      );
    }
    if (await tx.count(Nomination, { policyId: policy.id, batch, teacherId: teacher.id, withdrawn: false })) {
      throw userError('BAD_USER_INPUT', '该教师已在本批次被推荐');
    }
    const place = quota.perSchool ? { schoolId: teacher.school.id } : { regionCode };
    await tx
      .getConnection()
      .execute(
        'select pg_advisory_xact_lock(hashtext(?))',
        [`nomination:${policy.id}:${batch}:${Object.values(place)[0]}`],
        'all',
        tx.getTransactionContext(),
      );
    const used = await tx.count(Nomination, { policyId: policy.id, batch, withdrawn: false, ...place });
    if (used >= quota.quota) {
      throw userError(
        'POLICY_VIOLATION',
        `推荐名额已用完：${quota.perSchool ? '该校' : '该地区'}本批次名额 ${quota.quota} 个，已推荐 ${used} 人（${quota.seed}：${quota.text}）`,
        { rule: 'naming.perRegion.max', seed: quota.seed, quota: quota.quota, used },
      );
    }
    const nomination = tx.create(Nomination, {
      id: randomUUID(),
      policyId: policy.id,
      batch,
      teacherId: teacher.id,
      schoolId: teacher.school.id,
      regionCode,
      withdrawn: false,
      actor: ctx.viewer.subject,
      at: new Date(),
    });
    audit({
      action: 'nominateHost',
      ...about('Nomination', nomination.id, { regionCode, hostSchoolId: teacher.school.id }),
      summary: `推荐教师 ${teacher.id} 为《${policy.name}》${batch}主持人候选人（名额 ${used + 1}/${quota.quota}）`,
      after: { policyId: policy.id, batch, teacherId: teacher.id },
    });
    return nomination;
  });
}

/** Withdraws a nomination, freeing its place in the quota. */
export function withdrawNomination(
  ctx: SubgraphContext,
  { id }: typeof WithdrawNominationInput.$inferInput,
): Promise<Nomination> {
  return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
    const nomination = await findForChange(tx, ctx.viewer, Nomination, id, '推荐', nominationPlace);
    assertMayChange(ctx.viewer, nominationPlace(nomination), 'SCHOOL', ['editor'], '推荐');
    if (nomination.withdrawn) throw userError('BAD_USER_INPUT', '该推荐已撤回');
    nomination.withdrawn = true;
    audit({
      action: 'withdrawNomination',
      ...about('Nomination', nomination.id, nominationPlace(nomination)),
      summary: `撤回推荐（教师 ${nomination.teacherId}，${nomination.batch}）`,
    });
    return nomination;
  });
}
