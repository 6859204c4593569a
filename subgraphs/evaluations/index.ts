import { FEDERATION_LINK } from '../../lib/graphql/builder.ts';
import type { SubgraphModule } from '../../lib/service/subgraph.ts';
import { builder } from './builder.ts';
import { loadDemo } from './demo.ts';
import { Evaluation } from './evaluation/evaluation.entity.ts';
import './evaluation/evaluation.schema.ts';
import { migrations } from './migrations/index.ts';
import './region/evaluation-summary.schema.ts';
import './analytics/evaluation-rollup.schema.ts';
import './evaluation/office.schema.ts';
import './evaluation/result.schema.ts';
import './evaluation/score.schema.ts';
import './evaluation/rectification.schema.ts';
import './rating/member-rating.schema.ts';
import './evaluation/commendation.schema.ts';
import { EvaluationScore } from './evaluation/score.entity.ts';
import { Rectification } from './evaluation/rectification.entity.ts';
import { MemberRating } from './rating/member-rating.entity.ts';
import './submission/submission.schema.ts';
import './node.ts';
import { AnnualSubmission } from './submission/submission.entity.ts';
import { AuditEntry } from '../../lib/data/audit.ts';

/** Evaluations: creation, annual, midterm, final and second evaluations of studios, and their rollups. */
export const evaluations: SubgraphModule = {
  name: 'evaluations',
  schema: builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK }),
  entities: [Evaluation, AnnualSubmission, EvaluationScore, Rectification, MemberRating, AuditEntry],
  migrations,
  loadDemo,
  calls: ['studios', 'personnel'],
};
