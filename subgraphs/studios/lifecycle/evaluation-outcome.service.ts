import type { EntityManager } from '@mikro-orm/postgresql';
import type { Event } from '../../../lib/events/topics.ts';
import { atLeastGrade, EVALUATION_KINDS, GRADES, type Grade } from '../../../lib/domain/vocabulary.ts';
import { PolicyRule } from '../policy/policy.entity.ts';
import { Rules, type RuleCode } from '../policy/rules.ts';
import { Studio, type StudioStatus } from '../studio/studio.entity.ts';
import { applyConsequence, publishFundingConsequence, startNextCycle } from './consequences.ts';

/**
 * An evaluation's consequence for the studio, as the studio's policy states it (000 五.1, 五.3, 五.5; 003 五(一);
 * 002 方案1 四(一)3; 001 七; 002 方案3 七; 004 方案8 八). Each step names the evaluation and the rule; funds
 * withheld or stopped go on to the funding subgraph through studios' own outbox, in the same transaction.
 */
export async function applyEvaluationOutcome(em: EntityManager, event: Event<'evaluations.evaluationCompleted'>): Promise<void> {
  const done = event.payload;
  const studio = await em.findOne(Studio, { id: done.studioId });
  if (!studio || studio.status === 'REVOKED') return;
  const of = { policyId: studio.policyId, version: studio.policyVersion };
  const rules = new Rules(of, await em.find(PolicyRule, of));
  const what = `${done.year} 年${EVALUATION_KINDS[done.kind]}${GRADES[done.result]}（评估 ${done.evaluationId}）`;
  const because = (code: RuleCode) => {
    const rule = rules.get(code)!;
    return `${what}；按 ${rules.label} ${rule.seed}：${rule.text}`;
  };
  const step = (to: StudioStatus, reason: string) =>
    applyConsequence(em, event, studio, to, reason, done.year, done.evaluationId);
  if (done.result !== 'FAIL') {
    // 004 方案8 八(一) "年度考核合格的，安排下一年度经费", the other side of the withholding below
    if (done.kind === 'ANNUAL' && rules.get('consequence.annualFail.withholdNextYear')) {
      await publishFundingConsequence(em, studio, {
        action: 'ARRANGE',
        fromYear: done.year + 1,
        toYear: done.year + 1,
        reason: `${what}，安排 ${done.year + 1} 年度经费（${rules.get('consequence.annualFail.withholdNextYear')!.seed}）`,
        evaluationId: done.evaluationId,
      });
    }
    // passing the creation evaluation or the 二次评估 earns the plaque a studio on hold waits for (000 五.3)
    if ((done.kind === 'SECOND_EVALUATION' || done.kind === 'CREATION') && studio.status === 'ON_HOLD') {
      await step('ESTABLISHED', `${what}，授牌`);
    }
    if (done.kind === 'FINAL') await onFinalPassed(em, studio, rules, what, step, done.result);
    return;
  }
  switch (done.kind) {
    case 'CREATION':
    case 'SECOND_EVALUATION': {
      const revokeAt = rules.get('consequence.creationFails.revokeAt');
      if (revokeAt && done.creationFails >= revokeAt.value) await step('REVOKED', because('consequence.creationFails.revokeAt'));
      else if (rules.get('consequence.creationFail.hold')) await step('ON_HOLD', because('consequence.creationFail.hold'));
      return;
    }
    case 'ANNUAL': {
      if (rules.get('consequence.annualFail.withholdNextYear')) {
        await publishFundingConsequence(em, studio, {
          action: 'WITHHOLD',
          fromYear: done.year + 1,
          toYear: done.year + 1,
          reason: because('consequence.annualFail.withholdNextYear'),
          evaluationId: done.evaluationId,
        });
      }
      const revokeAt = rules.get('consequence.annualFails.revokeAt');
      const fails = revokeAt?.value.consecutive ? done.consecutiveAnnualFails : done.annualFails;
      if (revokeAt && fails >= revokeAt.value.count) await step('REVOKED', because('consequence.annualFails.revokeAt'));
      else if (rules.get('consequence.annualFail.warn')) await step('WARNED', because('consequence.annualFail.warn'));
      return;
    }
    case 'MIDTERM': {
      // 002 方案1 四(一)3: disqualified (revoked, which stops the funds) and, in any case, no more money
      const revoked = rules.get('consequence.midtermFail.revoke')
        ? await step('REVOKED', because('consequence.midtermFail.revoke'))
        : false;
      if (!revoked && rules.get('consequence.midtermFail.stopFunding')) {
        await publishFundingConsequence(em, studio, {
          action: 'STOP',
          fromYear: done.year,
          toYear: null,
          reason: because('consequence.midtermFail.stopFunding'),
          evaluationId: done.evaluationId,
        });
      }
      return;
    }
    case 'FINAL':
      if (rules.get('consequence.finalFail.revoke')) await step('REVOKED', because('consequence.finalFail.revoke'));
      return;
  }
}

/**
 * A passed final evaluation ends the cycle (届满). Where the policy carries studios into the next cycle (004 方案8
 * 八(二)) the studio is renewed for another cycle; otherwise the host may apply to renew when the policy's
 * renewal rules allow (000 五.4: still an active head teacher, under the most terms, not retiring within 4 years),
 * which `Teacher.eligibility(kind: RENEWAL)` answers.
 */
async function onFinalPassed(
  em: EntityManager,
  studio: Studio,
  rules: Rules,
  what: string,
  step: (to: StudioStatus, reason: string) => Promise<boolean>,
  grade: Grade,
): Promise<void> {
  const nextCycle = rules.get('consequence.finalPass.nextCycle');
  const graded = rules.get('host.renewal.finalGrade.min');
  const renewal = rules.get('host.renewal.retiresWithinYears') ?? rules.get('host.renewal.activeHeadTeacher') ?? graded;
  // 002 方案3 七: renewal (延期) only after a final graded as the programme asks
  const may =
    graded && !atLeastGrade(grade, graded.value)
      ? `；按 ${graded.seed}，届满考核须为“${GRADES[graded.value]}”方可延期（连任）`
      : renewal
        ? `；主持人可按 ${renewal.seed} 申请连任（须符合连任条件）`
        : '';
  const ended = await step('COMPLETED', `${what}，建设周期届满${nextCycle ? '' : may}`);
  if (!ended || !nextCycle) return;
  await step('RENEWED', `${what}；按 ${nextCycle.seed}：${nextCycle.text}`);
  startNextCycle(studio, rules);
}
