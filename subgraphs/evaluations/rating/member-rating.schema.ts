import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { builder, GradeEnum, StudioRef, TeacherRef, NodeRef } from '../builder.ts';
import { normalizedField } from '../evaluation/evaluation.schema.ts';
import type { MemberRating } from './member-rating.entity.ts';
import { memberRatingsOf } from './member-rating.queries.ts';
import { RateMemberInput } from './member-rating.inputs.ts';
import { rateMember } from './member-rating.service.ts';
import { Semester } from '../../../lib/graphql/shapes.ts';

export const MemberRatingRef = builder.objectRef<MemberRating>('MemberRating').implement({
  description:
    "A studio member's rating for a semester, on its programme's scale (member.rating; 优秀 or 良好 where it states none, 002 方案2 五(四)3). 成员学期考评",
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The rating’s id.' }),
    studio: t.field({ type: StudioRef, description: 'The studio. 工作室', resolve: (r) => ({ id: r.studioId }) }),
    teacher: t.field({ type: TeacherRef, description: 'The member rated. 成员', resolve: (r) => ({ id: r.teacherId }) }),
    semester: t.exposeString('semester', { description: 'e.g. "2026-2027-1"' }),
    rating: t.field({ type: GradeEnum, description: "On the programme's scale (member.rating).", resolve: (r) => r.rating }),
    normalized: normalizedField(t, (r) => r.rating, 'The rating normalised for reports.'),
    ratedBy: t.exposeString('ratedBy', { description: 'The token subject of who rated last.' }),
    updatedAt: t.field({ type: 'DateTime', description: 'When last rated. 更新时间', resolve: (r) => r.updatedAt }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  memberRatings: t.field({
    type: [MemberRatingRef],
    description: 'Members\' semester ratings, by semester; `semester` (e.g. "2026-2027-1") narrows to one.',
    args: { semester: t.arg.string({ validate: Semester, description: 'Only this semester, e.g. "2026-2027-1".' }) },
    resolve: (studio, { semester }, ctx) => memberRatingsOf(ctx, studio.id, semester),
  }),
}));

builder.mutationField('rateMember', (t) =>
  t.field({
    type: MemberRatingRef,
    deprecationReason: replacedBy('memberRatingRecord'),
    description:
      "Rates a current member of a studio for a semester on its programme's scale (member.rating; 优秀 or 良好 where it states none, 002 方案2 五(四)3; a 不合格 member leaves where it says so): an editor of the host school or of an office above it. Rating the same member and semester again replaces the rating (audited with the one before). 成员学期考评",
    args: {
      studioId: t.arg.id({ required: true, description: 'The studio.' }),
      teacherId: t.arg.id({ required: true, description: 'A current member.' }),
      semester: t.arg.string({
        required: true,
        validate: Semester,
        description: 'e.g. "2026-2027-1"; a semester that has begun.',
      }),
      rating: t.arg({ type: GradeEnum, required: true, description: "On the programme's scale (member.rating)." }),
    },
    resolve: (_root, args, ctx) => rateMember(ctx, args),
  }),
);

payloadMutation(builder, {
  name: 'memberRatingRecord',
  field: 'rating',
  description:
    "Rates a current member of a studio for a semester on its programme's scale (member.rating; 优秀 or 良好 where it states none, 002 方案2 五(四)3; a 不合格 member leaves where it says so): an editor of the host school or of an office above it. Rating the same member and semester again replaces the rating (audited with the one before). 成员学期考评",
  input: RateMemberInput,
  type: MemberRatingRef,
  resolve: rateMember,
});
