import type { HandlersOf } from '../../lib/events/topics.ts';
import { applyEvaluationOutcome } from './lifecycle/evaluation-outcome.service.ts';
import { followHostTransfer } from './lifecycle/host-transfer.service.ts';
import { leaveOnFailedRating } from './membership/rating-consequence.service.ts';

/**
 * The events studios receives (lib/events/topics.ts), each routed to the service that applies it to studios, once (the
 * inbox, lib/events/outbox.ts): a host's move (000 五.6), an evaluation's consequence (000 五.1, 五.3, 五.5, …) and a member
 * rated 不合格 leaving (004 方案8 八(一)).
 */
export const handlers: HandlersOf<'studios'> = {
  'personnel.teacherTransferred': followHostTransfer,
  'evaluations.evaluationCompleted': applyEvaluationOutcome,
  'evaluations.memberFailed': leaveOnFailedRating,
};
