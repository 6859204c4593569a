import { randomUUID } from 'node:crypto';
import { about } from '../../../lib/data/audit.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { change } from '../../../lib/data/change.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { TEACHER_PLACE } from '../peers.ts';
import { findPolicy, rulesOf } from './policy.queries.ts';
import type { RuleCode } from './rules.ts';
import { currentVersion } from './versions.ts';
import { EligibilityWaiver } from './waiver.entity.ts';
import type { WaiveUndecidedRuleInput } from './waiver.inputs.ts';

/** The rules whose verdict the recorded data may leave undecided (a missing title, birth date or gender, a final's grade). */
const UNDECIDABLE: ReadonlySet<string> = new Set<RuleCode>([
  'host.title.min',
  'host.yearsLeftInPost.min',
  'member.age.under',
  'host.renewal.retiresWithinYears',
  'host.inPost',
  'member.inPost',
  'host.terms.finalGrade.min',
]);

/**
 * An office entitled to decide under the policy (its issuing level or above, with the teacher in its scope)
 * records that a teacher is admitted although a rule cannot be decided from the recorded data, with its reason.
 */
export async function waiveUndecidedRule(ctx: SubgraphContext, input: typeof WaiveUndecidedRuleInput.$inferInput) {
  const policy = await findPolicy(ctx, input.policyId);
  const reason = input.reason.trim();
  if (!reason) throw userError('BAD_USER_INPUT', '请填写豁免理由', { argumentName: 'reason' });
  const rules = await rulesOf(ctx, policy.id, (await currentVersion(ctx.em, policy)).number);
  // a rule the policy states for every studio, or for one category of them (member.byCategory, citing its clause)
  const byCategory = rules.get('member.byCategory');
  const ruleOf = (code: string) =>
    rules.get(code as RuleCode) ??
    (byCategory && Object.values(byCategory.value).some((stated) => stated && code in stated)
      ? { ...byCategory, code: code as RuleCode }
      : undefined);
  const rule = ruleOf(input.rule);
  if (!rule || !UNDECIDABLE.has(input.rule)) {
    throw userError(
      'BAD_USER_INPUT',
      `规则“${input.rule}”不是该政策中可能因资料缺失而无法判定的规则（可豁免：${[...UNDECIDABLE].filter(ruleOf).join('、') || '无'}）`,
      { argumentName: 'rule' },
    );
  }
  const { teacher } = await ctx.peers.ask(TEACHER_PLACE, ctx.viewer, { id: input.teacherId });
  const place = { regionCode: teacher.school.region.code, hostSchoolId: teacher.school.id };
  assertMayChange(ctx.viewer, place, policy.issuingLevel, ['editor'], '资格审查豁免');
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      if (await tx.count(EligibilityWaiver, { policyId: policy.id, teacherId: teacher.id, rule: rule.code })) {
        throw userError('BAD_USER_INPUT', `该教师在《${policy.name}》下的规则“${rule.code}”已登记豁免`);
      }
      const waiver = tx.create(EligibilityWaiver, {
        id: randomUUID(),
        policyId: policy.id,
        teacherId: teacher.id,
        rule: rule.code,
        reason,
        ...place,
        decidedBy: ctx.viewer.subject,
        decidedLevel: ctx.viewer.level,
        decidedRegion: ctx.viewer.regionCode,
        decidedAt: new Date(),
      });
      audit({
        action: 'waiveUndecidedRule',
        ...about('EligibilityWaiver', waiver.id, place),
        summary: `豁免教师 ${teacher.id} 在《${policy.name}》下无法判定的规则“${rule.code}”（${rule.seed}）：${reason}`,
        after: { policyId: policy.id, teacherId: teacher.id, rule: rule.code, reason },
      });
      return waiver;
    },
    '资格审查豁免',
  );
}
