import type { EntityManager } from '@mikro-orm/postgresql';
import { userError } from '../../../lib/graphql/errors.ts';
import type { Verdict } from './rules.ts';
import { EligibilityWaiver } from './waiver.entity.ts';

/**
 * Refuses a change that breaks the studio's policy: the message names each broken rule and its seed section in
 * Chinese; `extensions` carries the rule codes and every failed verdict for programs. With `undecided`, a rule the
 * recorded data cannot decide (passed: null) blocks the change too, naming the missing data, unless an office
 * entitled to decide has waived it for this teacher (`waiveUndecidedRule`).
 */
export function refuseUnless(verdicts: Verdict[], what: string, undecided?: { waived: ReadonlySet<string> }): void {
  const failed = verdicts.filter((v) => v.passed === false);
  if (failed.length) {
    throw userError('POLICY_VIOLATION', `${what}不符合工作室所执行的政策：${failed.map((v) => v.reason).join('；')}`, {
      rule: failed[0]!.rule,
      seed: failed[0]!.seed,
      policyId: failed[0]!.policyId,
      policyVersion: failed[0]!.policyVersion,
      violations: failed,
    });
  }
  const open = undecided ? verdicts.filter((v) => v.passed === null && !undecided.waived.has(v.rule)) : [];
  if (!open.length) return;
  throw userError(
    'POLICY_VIOLATION',
    `${what}无法判定：${open.map((v) => v.reason).join('；')}。请补录所缺资料，或由有权决定的部门登记豁免及理由`,
    {
      rule: open[0]!.rule,
      seed: open[0]!.seed,
      policyId: open[0]!.policyId,
      policyVersion: open[0]!.policyVersion,
      undecided: open,
    },
  );
}

/** The rules waived for a teacher under a policy. */
export async function waivedRules(em: EntityManager, policyId: string, teacherId: string): Promise<Set<string>> {
  const rows = await em.find(EligibilityWaiver, { policyId, teacherId });
  return new Set(rows.map((w) => w.rule));
}
