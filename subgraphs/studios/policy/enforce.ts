import { userError } from '../../../lib/errors.ts';
import type { Verdict } from './rules.ts';

/**
 * Refuses a change that breaks the studio's policy: the message names each broken rule and its seed section in
 * Chinese; `extensions` carries the rule codes and every failed verdict for programs.
 */
export function refuseUnless(verdicts: Verdict[], what: string): void {
  const failed = verdicts.filter((v) => v.passed === false);
  if (!failed.length) return;
  throw userError('POLICY_VIOLATION', `${what}不符合工作室所执行的政策：${failed.map((v) => v.reason).join('；')}`, {
    rule: failed[0]!.rule,
    seed: failed[0]!.seed,
    policyId: failed[0]!.policyId,
    policyVersion: failed[0]!.policyVersion,
    violations: failed,
  });
}
