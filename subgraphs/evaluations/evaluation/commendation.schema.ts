import { builder } from '../builder.ts';
import { MemberRatingRef } from '../rating/member-rating.schema.ts';
import { commendationsDue } from './evaluation.queries.ts';
import { EvaluationRef } from './evaluation.schema.ts';
import { RegionCode } from '../../../lib/graphql/shapes.ts';

/** A commendation (表彰) due under the studio's programme, kept with the result it is due for. */
interface Commendation {
  seed: string;
  reason: string;
}

const CommendationRef = builder.objectRef<Commendation>('Commendation').implement({
  description:
    "A commendation (表彰) due under the studio's programme (commendation.studio, commendation.member), for the result it is kept with.",
  fields: (t) => ({
    seed: t.exposeString('seed', { description: 'The clause that says so, e.g. "000 五.4".' }),
    reason: t.exposeString('reason', { description: 'Why, in Chinese: the result and the clause’s words. 表彰理由' }),
  }),
});

const commendationOf = (row: { commendationSeed?: string | null; commendationText?: string | null }) =>
  row.commendationSeed && row.commendationText ? { seed: row.commendationSeed, reason: row.commendationText } : null;

builder.objectFields(EvaluationRef, (t) => ({
  commendation: t.field({
    type: CommendationRef,
    nullable: true,
    description: 'The commendation the result is due under the studio’s programme; null when none is. 表彰',
    resolve: commendationOf,
  }),
}));

builder.objectFields(MemberRatingRef, (t) => ({
  commendation: t.field({
    type: CommendationRef,
    nullable: true,
    description: 'The commendation the rating is due under the studio’s programme; null when none is. 表彰',
    resolve: commendationOf,
  }),
}));

builder.queryField('commendationsDue', (t) =>
  t.field({
    type: [EvaluationRef],
    description:
      "The evaluations of a region's subtree whose results are due a commendation under their studios' programmes (commendation.studio), newest year first; a school sees its own. 应予表彰的工作室",
    args: {
      within: t.arg.id({
        required: true,
        validate: RegionCode,
        description: 'A region code; evaluations of its whole subtree. 行政区划代码',
      }),
      year: t.arg.int({ description: 'Only evaluations of this year. 年度' }),
    },
    resolve: (_root, args, ctx) => commendationsDue(ctx, String(args.within), args.year),
  }),
);
