import { AUDIT_NODE } from '../../lib/audit.ts';
import { findInScope } from '../../lib/loaders.ts';
import type { SubgraphContext } from '../../lib/context.ts';
import { nodeTypesField } from '../../lib/node.ts';
import { builder } from './builder.ts';
import { findEvaluation } from './evaluation/evaluation.schema.ts';
import { Rectification } from './evaluation/rectification.entity.ts';
import { RectificationRef } from './evaluation/rectification.schema.ts';
import { MemberRating } from './rating/member-rating.entity.ts';
import { MemberRatingRef } from './rating/member-rating.schema.ts';
import { AnnualSubmissionRef } from './submission/submission.schema.ts';
import { findSubmission, isSubmissionId } from './submission/submission.service.ts';
import { isUuid } from '../../lib/shapes.ts';

const findRectification = (ctx: SubgraphContext, id: string) => findInScope(ctx, Rectification, id, '整改意见');
const findRating = (ctx: SubgraphContext, id: string) => findInScope(ctx, MemberRating, id, '成员考评');

/**
 * What evaluations answers `node(id:)` for (lib/node.ts): evaluations, rectifications, member ratings, annual
 * submissions, and the entries of its change log.
 */
nodeTypesField(builder, [
  { name: 'Evaluation', accepts: isUuid, find: findEvaluation },
  { name: 'Rectification', accepts: isUuid, find: findRectification },
  { name: 'MemberRating', accepts: isUuid, find: findRating },
  { name: 'AnnualSubmission', accepts: isSubmissionId, find: findSubmission },
  AUDIT_NODE,
]);

// entities, so that the gateway completes the node studios found from here
const key = builder.selection<{ id: string }>('id');
builder.asEntity(RectificationRef, { key, resolveReference: (ref, ctx) => findRectification(ctx, ref.id) });
builder.asEntity(MemberRatingRef, { key, resolveReference: (ref, ctx) => findRating(ctx, ref.id) });
builder.asEntity(AnnualSubmissionRef, { key, resolveReference: (ref, ctx) => findSubmission(ctx, ref.id) });
