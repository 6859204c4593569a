import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../../../lib/auth/viewer.ts';
import { about, audit, type AuditAction } from '../../../lib/data/audit.ts';
import type { Event, FundingConsequence } from '../../../lib/events/topics.ts';
import { publish } from '../../../lib/events/outbox.ts';
import { regionLevelOf } from '../../../lib/domain/region-code.ts';
import type { Rules } from '../policy/rules.ts';
import { Studio, type StudioStatus } from '../studio/studio.entity.ts';
import { isLegal, STATUS_NAMES } from './lifecycle.ts';
import { StudioTransition } from './transition.entity.ts';
import { UnappliedConsequence } from './unapplied.entity.ts';

/** Who acts when an event changes a studio: the event itself, named in the record, at the studio's region. */
export const eventActor = (event: Event, regionCode: string): Viewer => ({
  subject: `event:${event.topic}:${event.id}`,
  level: regionLevelOf(regionCode),
  regionCode,
  schoolId: null,
  roles: ['admin'],
});

/** Tells funding, in the same transaction, that the studio's money is withheld for a year or stopped. */
export async function publishFundingConsequence(
  em: EntityManager,
  studio: Studio,
  consequence: Pick<FundingConsequence, 'action' | 'fromYear' | 'toYear' | 'reason' | 'evaluationId'>,
): Promise<void> {
  const payload: FundingConsequence = {
    studioId: studio.id,
    regionCode: studio.regionCode,
    hostSchoolId: studio.hostSchoolId,
    ...consequence,
  };
  await publish(em, 'studios.fundingConsequence', payload);
}

/**
 * One lifecycle step, by a person or an event: recorded with who, when and why, audited; a revoked studio's
 * funds stop from `year` on (撤销建制: no more money is allocated or spent).
 */
export async function stepStudio(
  em: EntityManager,
  actor: Viewer,
  studio: Studio,
  step: { to: StudioStatus; reason: string; action: AuditAction; year: number; evaluationId?: string | null },
): Promise<void> {
  const from = studio.status;
  // two steps in one change (届满 then 连任) keep their order even within one millisecond
  const last = await em.findOne(StudioTransition, { studioId: studio.id }, { orderBy: { at: 'desc' } });
  const at = new Date(Math.max(Date.now(), (last?.at.getTime() ?? 0) + 1));
  em.create(StudioTransition, {
    id: randomUUID(),
    studioId: studio.id,
    fromStatus: from,
    toStatus: step.to,
    reason: step.reason,
    at,
    actor: actor.subject,
    actorLevel: actor.level,
    actorRegion: actor.regionCode,
  });
  audit(em, actor, {
    ...about('Studio', studio.id, studio),
    action: step.action,
    summary: `${studio.name}：${STATUS_NAMES[from]} → ${STATUS_NAMES[step.to]}（${step.reason}）`,
    before: { status: from, version: studio.version },
    after: { status: step.to },
  });
  studio.status = step.to;
  if (step.to === 'REVOKED') {
    await publishFundingConsequence(em, studio, {
      action: 'STOP',
      fromYear: step.year,
      toYear: null,
      reason: `工作室撤销建制：${step.reason}`,
      evaluationId: step.evaluationId ?? null,
    });
  }
}

/** A lifecycle step an event causes; an illegal one is audited and left undone. Returns whether it was taken. */
export async function applyConsequence(
  em: EntityManager,
  event: Event,
  studio: Studio,
  to: StudioStatus,
  reason: string,
  year: number,
  evaluationId: string | null = null,
): Promise<boolean> {
  const actor = eventActor(event, studio.regionCode);
  if (studio.status === to) return false;
  if (!isLegal(studio.status, to)) {
    audit(em, actor, {
      ...about('Studio', studio.id, studio),
      action: 'consequenceNotApplied',
      summary: `${studio.name}：${STATUS_NAMES[studio.status]}时不能变为${STATUS_NAMES[to]}（${reason}）`,
    });
    // never silent: the studio, the evaluation and the region show it (Studio/Evaluation/Region.unappliedConsequences)
    em.create(UnappliedConsequence, {
      id: randomUUID(),
      studioId: studio.id,
      regionCode: studio.regionCode,
      hostSchoolId: studio.hostSchoolId,
      evaluationId,
      status: studio.status,
      wanted: to,
      reason,
      at: new Date(),
    });
    return false;
  }
  await stepStudio(em, actor, studio, { to, reason, action: 'consequence', year, evaluationId });
  return true;
}

/** A renewed studio (连任, or carried into the next cycle) starts its next cycle of the policy's length. */
export function startNextCycle(studio: Studio, rules: Rules): void {
  const years = rules.get('cycle.years')?.value ?? studio.endYear - studio.startYear + 1;
  studio.startYear = studio.endYear + 1;
  studio.endYear = studio.endYear + years;
}
