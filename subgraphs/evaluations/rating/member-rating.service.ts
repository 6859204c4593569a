import { randomUUID } from 'node:crypto';
import { assertMayChange, notFound } from '../../../lib/auth/scope.ts';
import { change } from '../../../lib/data/change.ts';
import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { atLeastGrade, GRADES } from '../../../lib/domain/vocabulary.ts';
import { publish } from '../../../lib/events/outbox.ts';
import { assertOnScale, MEMBER_RATING_SCALE } from '../evaluation/grades.ts';
import { STUDIO_TEAM } from '../peers.ts';
import { MemberRating } from './member-rating.entity.ts';
import type { RateMemberInput } from './member-rating.inputs.ts';
import { SEMESTER } from '../../../lib/graphql/shapes.ts';

/** The day a semester starts: the first on 1 September of its school year, the second on 1 February after. */
export function semesterStart(semester: string): string {
  const [, from, , half] = SEMESTER.exec(semester)!;
  return half === '1' ? `${from}-09-01` : `${Number(from) + 1}-02-01`;
}

/**
 * Rates a current member of a studio for a semester that has begun, on its programme's scale (member.rating; 优秀
 * or 良好 where it states none, 002 方案2 五(四)3); rating the same member and semester again replaces the rating,
 * audited with the one before. A rating the programme commends (commendation.member) says so; a 不合格 under a
 * programme whose members so rated leave (failLeaves) tells studios, which ends the membership.
 */
export async function rateMember(ctx: SubgraphContext, input: typeof RateMemberInput.$inferInput): Promise<MemberRating> {
  const { semester } = input;
  if (semesterStart(semester) > today()) {
    throw userError('BAD_USER_INPUT', `学期 ${semester} 尚未开始（${semesterStart(semester)} 开学），不能考评`, {
      argumentName: 'semester',
    });
  }
  const { rating, teacherId } = input;
  // the studio's region, host school, current members and rules, from the studios subgraph (as this user)
  const { studio } = await ctx.peers.ask(STUDIO_TEAM, ctx.viewer, { id: input.studioId });
  if (!studio) throw notFound('工作室', input.studioId);
  const scaleRule = studio.memberRatingRule;
  assertOnScale(
    rating,
    scaleRule?.value.scale ?? MEMBER_RATING_SCALE,
    scaleRule ? `该工作室执行的政策（${scaleRule.seed}）规定成员考核` : '成员学期考评',
    'rating',
  );
  const praise = studio.memberCommendationRule;
  const commendation =
    praise && atLeastGrade(rating, praise.value.minGrade)
      ? {
          commendationSeed: praise.seed,
          commendationText: `${semester} 学期成员考核${GRADES[rating]}，予以表彰（${praise.text}）`,
        }
      : { commendationSeed: null, commendationText: null };
  const leaves = rating === 'FAIL' && scaleRule?.value.failLeaves === true;
  const fact = { regionCode: studio.region.code, hostSchoolId: studio.hostSchool.id };
  assertMayChange(ctx.viewer, fact, 'SCHOOL', ['editor'], '成员考评');
  if (!studio.members.some((m) => m.teacher.id === teacherId)) {
    throw userError('BAD_USER_INPUT', '该教师不是该工作室的现有成员，不能考评', { argumentName: 'teacherId' });
  }
  // two first ratings of the same member and semester at once: one wins, the other is told (CONFLICT)
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const existing = await tx.findOne(MemberRating, { studioId: studio.id, teacherId, semester });
      const base = { entity: 'MemberRating', action: 'rateMember' as const, ...fact };
      const rated = async (row: MemberRating) => {
        if (leaves) await publish(tx, 'evaluations.memberFailed', { ratingId: row.id, studioId: studio.id, teacherId, semester });
        return row;
      };
      if (existing) {
        const before = existing.rating;
        existing.rating = rating;
        existing.ratedBy = ctx.viewer.subject;
        Object.assign(existing, commendation);
        audit({
          ...base,
          entityId: existing.id,
          summary: `${semester} 学期成员考评改为${GRADES[rating]}（原为${GRADES[before]}）`,
          before: { rating: before },
          after: { rating },
        });
        return rated(existing);
      }
      const created = tx.create(MemberRating, {
        id: randomUUID(),
        studioId: studio.id,
        teacherId,
        semester,
        rating,
        ratedBy: ctx.viewer.subject,
        ...commendation,
        ...fact,
        version: 1,
      });
      audit({
        ...base,
        entityId: created.id,
        summary: `${semester} 学期成员考评：${GRADES[rating]}`,
        after: { teacherId, semester, rating },
      });
      return rated(created);
    },
    '成员考评',
  );
}
