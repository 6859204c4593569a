import { defineEntity, p } from '@mikro-orm/core';
import { studioFact, timestamps } from '../../../lib/data/entity.ts';
import type { Grade } from '../evaluation/evaluation.entity.ts';

/**
 * A member's rating for a semester on the programme's scale (member.rating; 优秀 or 良好 where it states none, 002
 * 方案2 五(四)3); one per studio, teacher and semester.
 */
const MemberRatingSchema = defineEntity({
  name: 'MemberRating',
  tableName: 'member_rating',
  properties: {
    ...studioFact(),
    teacherId: p.uuid(),
    /** e.g. "2026-2027-1": the school year and its first (autumn) or second (spring) semester. */
    semester: p.string(),
    rating: p.string().$type<Grade>(),
    /** The clause under which the result is due a commendation (表彰), and why; null when none is due. */
    commendationSeed: p.string().nullable(),
    commendationText: p.string().nullable(),
    ratedBy: p.string(),
    version: p.integer().version(),
    ...timestamps(),
  },
});

export class MemberRating extends MemberRatingSchema.class {}
MemberRatingSchema.setClass(MemberRating);
