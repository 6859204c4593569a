import { Semester } from '../../../lib/graphql/shapes.ts';
import { builder, GradeEnum } from '../builder.ts';

export const RateMemberInput = builder.inputType('RateMemberInput', {
  description: "A member's rating for a semester. 成员学期考评",
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    teacherId: t.id({ required: true, description: 'A current member.' }),
    semester: t.string({ required: true, validate: Semester, description: 'e.g. "2026-2027-1"; a semester that has begun.' }),
    rating: t.field({ type: GradeEnum, required: true, description: "On the programme's scale (member.rating)." }),
  }),
});
