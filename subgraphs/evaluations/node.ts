import { AUDIT_NODE } from '../../lib/data/audit.ts';
import { isUuid } from '../../lib/graphql/shapes.ts';
import { nodeTypesField } from '../../lib/graphql/node.ts';
import { builder } from './builder.ts';
import { findEvaluation } from './evaluation/evaluation.queries.ts';
import { findRectification } from './evaluation/rectification.queries.ts';
import { RectificationRef } from './evaluation/rectification.schema.ts';
import { findRating } from './rating/member-rating.queries.ts';
import { MemberRatingRef } from './rating/member-rating.schema.ts';
import { AnnualSubmissionRef } from './submission/submission.schema.ts';
import { findSubmission, isSubmissionId } from './submission/submission.queries.ts';

/**
 * What evaluations answers `node(id:)` for (lib/graphql/node.ts): evaluations, rectifications, member ratings, annual
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
