import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../../lib/auth.ts';
import { audit } from '../../../lib/audit.ts';
import type { Event } from '../../../lib/outbox.ts';
import { PolicyRule } from '../policy/policy.entity.ts';
import { Rules, type RuleCode } from '../policy/rules.ts';
import { Studio, type StudioStatus } from '../studio/studio.entity.ts';
import { isLegal, STATUS_NAMES } from './lifecycle.ts';
import { StudioTransition } from './transition.entity.ts';

/** Who acts when an event changes a studio: the event itself, named in the record. */
export const eventActor = (event: Event, regionCode: string): Viewer => ({
  subject: `event:${event.topic}:${event.id}`,
  level: 'PROVINCE',
  regionCode,
  schoolId: null,
  roles: ['admin'],
});

/** A lifecycle step an event causes, recorded like any other with who (the event), when and why. */
export function applyConsequence(em: EntityManager, event: Event, studio: Studio, to: StudioStatus, reason: string): void {
  const actor = eventActor(event, studio.regionCode);
  const base = { entity: 'Studio', entityId: studio.id, regionCode: studio.regionCode, hostSchoolId: studio.hostSchoolId };
  if (studio.status === to) return;
  if (!isLegal(studio.status, to)) {
    audit(em, actor, {
      ...base,
      action: 'consequenceNotApplied',
      summary: `${studio.name}：${STATUS_NAMES[studio.status]}时不能变为${STATUS_NAMES[to]}（${reason}）`,
    });
    return;
  }
  em.create(StudioTransition, {
    id: randomUUID(),
    studioId: studio.id,
    fromStatus: studio.status,
    toStatus: to,
    reason,
    at: new Date(),
    actor: actor.subject,
    actorLevel: actor.level,
    actorRegion: studio.regionCode,
  });
  audit(em, actor, {
    ...base,
    action: 'consequence',
    summary: `${studio.name}：${STATUS_NAMES[studio.status]} → ${STATUS_NAMES[to]}（${reason}）`,
    before: { status: studio.status },
    after: { status: to },
  });
  studio.status = to;
}

interface EvaluationCompleted {
  evaluationId: string;
  studioId: string;
  kind: 'CREATION' | 'ANNUAL' | 'MIDTERM' | 'FINAL' | 'SECOND_EVALUATION';
  year: number;
  result: 'EXCELLENT' | 'GOOD' | 'PASS' | 'FAIL';
  creationFails: number;
  annualFails: number;
  consecutiveAnnualFails: number;
}

const KIND_NAMES = {
  CREATION: '创建评估',
  ANNUAL: '年度考核',
  MIDTERM: '中期考核',
  FINAL: '届满考核',
  SECOND_EVALUATION: '二次评估',
};
const RESULT_NAMES = { EXCELLENT: '优秀', GOOD: '良好', PASS: '合格', FAIL: '不合格' };

/**
 * An evaluation's consequence for the studio, as the studio's policy states it (000 五.3, 五.5; 003 五(一);
 * 002 方案1 四(一)3; 001 七; 002 方案3 七). Each step names the evaluation and the rule.
 */
export async function onEvaluationCompleted(em: EntityManager, event: Event): Promise<void> {
  const done = event.payload as unknown as EvaluationCompleted;
  const studio = await em.findOne(Studio, { id: done.studioId });
  if (!studio || studio.status === 'REVOKED' || studio.status === 'COMPLETED') return;
  const rules = new Rules(await em.find(PolicyRule, { policyId: studio.policyId }));
  const because = (code: RuleCode) => {
    const rule = rules.get(code)!;
    return `${done.year} 年${KIND_NAMES[done.kind]}${RESULT_NAMES[done.result]}（评估 ${done.evaluationId}）；按 ${rule.seed}：${rule.text}`;
  };
  if (done.result !== 'FAIL') {
    // passing the creation evaluation or the 二次评估 earns the plaque a studio on hold waits for (000 五.3)
    if ((done.kind === 'SECOND_EVALUATION' || done.kind === 'CREATION') && studio.status === 'ON_HOLD') {
      applyConsequence(
        em,
        event,
        studio,
        'ESTABLISHED',
        `${done.year} 年${KIND_NAMES[done.kind]}${RESULT_NAMES[done.result]}，授牌（评估 ${done.evaluationId}）`,
      );
    }
    return;
  }
  switch (done.kind) {
    case 'CREATION':
    case 'SECOND_EVALUATION': {
      const revokeAt = rules.get('consequence.creationFails.revokeAt');
      if (revokeAt && done.creationFails >= revokeAt.value)
        return applyConsequence(em, event, studio, 'REVOKED', because('consequence.creationFails.revokeAt'));
      if (rules.get('consequence.creationFail.hold'))
        return applyConsequence(em, event, studio, 'ON_HOLD', because('consequence.creationFail.hold'));
      return;
    }
    case 'ANNUAL': {
      const revokeAt = rules.get('consequence.annualFails.revokeAt');
      const fails = revokeAt?.value.consecutive ? done.consecutiveAnnualFails : done.annualFails;
      if (revokeAt && fails >= revokeAt.value.count)
        return applyConsequence(em, event, studio, 'REVOKED', because('consequence.annualFails.revokeAt'));
      if (rules.get('consequence.annualFail.warn'))
        return applyConsequence(em, event, studio, 'WARNED', because('consequence.annualFail.warn'));
      return;
    }
    case 'MIDTERM':
      if (rules.get('consequence.midtermFail.revoke'))
        applyConsequence(em, event, studio, 'REVOKED', because('consequence.midtermFail.revoke'));
      return;
    case 'FINAL':
      if (rules.get('consequence.finalFail.revoke'))
        applyConsequence(em, event, studio, 'REVOKED', because('consequence.finalFail.revoke'));
      return;
  }
}
