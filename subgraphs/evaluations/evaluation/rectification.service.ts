import { randomUUID } from 'node:crypto';
import { about } from '../../../lib/data/audit.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { change } from '../../../lib/data/change.ts';
import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import type { RectificationStatus } from '../../../lib/domain/vocabulary.ts';
import { findForChange } from '../../../lib/data/loaders.ts';
import { Evaluation } from './evaluation.entity.ts';
import { assertEvaluatingOffice } from './office.ts';
import { Rectification } from './rectification.entity.ts';
import type { AddRectificationOpinionInput, ResolveRectificationInput } from './rectification.inputs.ts';

export type { RectificationStatus };

/** Resolved once the studio's side says so; otherwise overdue after its deadline (as of today, UTC). */
export const statusOf = (r: Rectification, asOf = today()): RectificationStatus =>
  r.resolvedAt ? 'RESOLVED' : r.deadline < asOf ? 'OVERDUE' : 'OPEN';

export const MAX_TEXT = 2000;

function requireText(value: string, name: string, what: string): string {
  const text = value.trim();
  if (!text) throw userError('BAD_USER_INPUT', `${what}不能为空`, { argumentName: name });
  if (text.length > MAX_TEXT) throw userError('BAD_USER_INPUT', `${what}不能超过 ${MAX_TEXT} 字`, { argumentName: name });
  return text;
}

/** The evaluating office (or one above it) gives an opinion on a completed evaluation, due today or later (000 五.3). */
export async function addRectificationOpinion(ctx: SubgraphContext, input: typeof AddRectificationOpinionInput.$inferInput) {
  const opinion = requireText(input.opinion, 'opinion', '整改意见');
  const { deadline } = input;
  return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
    const evaluation = await findForChange(tx, ctx.viewer, Evaluation, input.evaluationId, '评估');
    assertEvaluatingOffice(ctx.viewer, evaluation, '整改意见');
    if (evaluation.status !== 'COMPLETED') throw userError('BAD_USER_INPUT', '只能对已完成的评估提出整改意见');
    // the deadline lies ahead: not before the day the result was recorded, nor before today
    const earliest = [today(), evaluation.completedOn ?? ''].sort().at(-1)!;
    if (deadline < earliest) {
      throw userError('BAD_USER_INPUT', `整改期限 ${deadline} 不能早于 ${earliest}`, { argumentName: 'deadline' });
    }
    const rectification = tx.create(Rectification, {
      id: randomUUID(),
      evaluationId: evaluation.id,
      studioId: evaluation.studioId,
      regionCode: evaluation.regionCode,
      hostSchoolId: evaluation.hostSchoolId,
      opinion,
      deadline,
      createdBy: ctx.viewer.subject,
      resolvedAt: null,
      resolvedBy: null,
      note: null,
      version: 1,
    });
    audit({
      action: 'addRectificationOpinion',
      ...about('Rectification', rectification.id, evaluation),
      summary: `${evaluation.year} 年${evaluation.kind}整改意见，期限 ${deadline}`,
      after: { evaluationId: evaluation.id, opinion, deadline },
    });
    return rectification;
  });
}

/** The studio's side reports a rectification done: an editor of the host school, or of an office above it. */
export async function resolveRectification(ctx: SubgraphContext, input: typeof ResolveRectificationInput.$inferInput) {
  const note = requireText(input.note, 'note', '整改情况说明');
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const rectification = await findForChange(tx, ctx.viewer, Rectification, input.id, '整改意见');
      assertMayChange(ctx.viewer, rectification, 'SCHOOL', ['editor'], '整改情况');
      if (rectification.resolvedAt) throw userError('BAD_USER_INPUT', '该整改意见已整改完毕');
      const late = statusOf(rectification) === 'OVERDUE';
      rectification.resolvedAt = new Date();
      rectification.resolvedBy = ctx.viewer.subject;
      rectification.note = note;
      audit({
        action: 'resolveRectification',
        ...about('Rectification', rectification.id, rectification),
        summary: `整改完成${late ? `（逾期，期限 ${rectification.deadline}）` : ''}`,
        before: { status: late ? 'OVERDUE' : 'OPEN' },
        after: { status: 'RESOLVED', note },
      });
      return rectification;
    },
    '整改意见',
  );
}
