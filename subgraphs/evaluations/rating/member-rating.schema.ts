import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { audit } from '../../../lib/audit.ts';
import { assertFactInScope, assertMayChange, notFound } from '../../../lib/auth.ts';
import { guardConflicts } from '../../../lib/concurrency.ts';
import { today } from '../../../lib/clock.ts';
import { userError } from '../../../lib/errors.ts';
import { rowsLoader } from '../../../lib/loaders.ts';
import { builder, StudioRef, TeacherRef } from '../builder.ts';
import { STUDIO_TEAM } from '../peers.ts';
import { GradeEnum, NormalizedGradeEnum } from '../evaluation/evaluation.schema.ts';
import { GRADES } from '../../../lib/vocabulary.ts';
import { assertOnScale, MEMBER_RATING_SCALE, NORMALIZED } from '../evaluation/grades.ts';
import { MemberRating } from './member-rating.entity.ts';

const SEMESTER = /^(\d{4})-(\d{4})-([12])$/;

/** The day a semester starts: the first on 1 September of its school year, the second on 1 February after. */
export function semesterStart(semester: string): string {
  const [, from, , half] = SEMESTER.exec(semester)!;
  return half === '1' ? `${from}-09-01` : `${Number(from) + 1}-02-01`;
}

/** A semester like "2026-2027-1" (school year 2026–2027, first semester): BAD_USER_INPUT otherwise. */
export function requireSemester(value: string, argumentName = 'semester'): string {
  const m = SEMESTER.exec(value);
  if (!m || Number(m[2]) !== Number(m[1]) + 1 || Number(m[1]) < 2000 || Number(m[1]) > 2099) {
    throw userError(
      'BAD_USER_INPUT',
      `学期“${value}”格式不正确：应为“学年起-学年止-学期”，例如 2026-2027-1（2026—2027 学年第一学期）`,
      {
        argumentName,
      },
    );
  }
  return value;
}

const MemberRatingRef = builder.objectRef<MemberRating>('MemberRating').implement({
  description: "A studio member's rating for a semester: 优秀 or 良好 (002 方案2 五(四)3). 成员学期考评",
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The rating’s id.' }),
    studio: t.field({ type: StudioRef, description: 'The studio. 工作室', resolve: (r) => ({ id: r.studioId }) }),
    teacher: t.field({ type: TeacherRef, description: 'The member rated. 成员', resolve: (r) => ({ id: r.teacherId }) }),
    semester: t.exposeString('semester', { description: 'e.g. "2026-2027-1"' }),
    rating: t.field({ type: GradeEnum, description: 'EXCELLENT (优秀) or GOOD (良好).', resolve: (r) => r.rating }),
    normalized: t.field({
      type: NormalizedGradeEnum,
      description: 'The rating normalised for reports.',
      resolve: (r) => NORMALIZED[r.rating],
    }),
    ratedBy: t.exposeString('ratedBy', { description: 'The token subject of who rated last.' }),
    updatedAt: t.field({ type: 'DateTime', description: 'When last rated. 更新时间', resolve: (r) => r.updatedAt }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  memberRatings: t.field({
    type: [MemberRatingRef],
    description: 'Members\' semester ratings, by semester; `semester` (e.g. "2026-2027-1") narrows to one.',
    args: { semester: t.arg.string({ description: 'Only this semester, e.g. "2026-2027-1".' }) },
    resolve: async (studio, { semester }, ctx) => {
      const rows = await rowsLoader(ctx, MemberRating, 'studioId', {
        where: semester ? { semester: requireSemester(semester) } : {},
        orderBy: { semester: 'asc', teacherId: 'asc' },
      }).load(studio.id);
      for (const row of rows) assertFactInScope(ctx.viewer, row, '工作室的成员考评');
      return rows;
    },
  }),
}));

builder.mutationField('rateMember', (t) =>
  t.field({
    type: MemberRatingRef,
    description:
      'Rates a current member of a studio for a semester 优秀 or 良好 (002 方案2 五(四)3): an editor of the host school or of an office above it. Rating the same member and semester again replaces the rating (audited with the one before). 成员学期考评',
    args: {
      studioId: t.arg.id({ required: true, description: 'The studio.' }),
      teacherId: t.arg.id({ required: true, description: 'A current member.' }),
      semester: t.arg.string({ required: true, description: 'e.g. "2026-2027-1"; a semester that has begun.' }),
      rating: t.arg({ type: GradeEnum, required: true, description: 'EXCELLENT (优秀) or GOOD (良好).' }),
    },
    resolve: async (_root, args, ctx) => {
      const semester = requireSemester(args.semester);
      if (semesterStart(semester) > today()) {
        throw userError('BAD_USER_INPUT', `学期 ${semester} 尚未开始（${semesterStart(semester)} 开学），不能考评`, {
          argumentName: 'semester',
        });
      }
      assertOnScale(args.rating, MEMBER_RATING_SCALE, '成员学期考评', 'rating');
      const rating = args.rating as 'EXCELLENT' | 'GOOD';
      const teacherId = String(args.teacherId);
      // the studio's region, host school and current members, from the studios subgraph (as this user)
      const { studio } = await ctx.peers.ask(STUDIO_TEAM, ctx.viewer, { id: String(args.studioId) });
      if (!studio) throw notFound('工作室', String(args.studioId));
      const fact = { regionCode: studio.region.code, hostSchoolId: studio.hostSchool.id };
      assertMayChange(ctx.viewer, fact, 'SCHOOL', ['editor'], '成员考评');
      if (!studio.members.some((m) => m.teacher.id === teacherId)) {
        throw userError('BAD_USER_INPUT', '该教师不是该工作室的现有成员，不能考评', { argumentName: 'teacherId' });
      }
      try {
        return await guardConflicts('成员考评', () =>
          ctx.em.transactional(async (tx) => {
            const existing = await tx.findOne(MemberRating, { studioId: studio.id, teacherId, semester });
            const base = { entity: 'MemberRating', ...fact };
            if (existing) {
              const before = existing.rating;
              existing.rating = rating;
              existing.ratedBy = ctx.viewer.subject;
              audit(tx, ctx.viewer, {
                ...base,
                action: 'rateMember',
                entityId: existing.id,
                summary: `${semester} 学期成员考评改为${GRADES[rating]}（原为${GRADES[before]}）`,
                before: { rating: before },
                after: { rating },
              });
              return existing;
            }
            const created = tx.create(MemberRating, {
              id: randomUUID(),
              studioId: studio.id,
              teacherId,
              semester,
              rating,
              ratedBy: ctx.viewer.subject,
              ...fact,
              version: 1,
            });
            audit(tx, ctx.viewer, {
              ...base,
              action: 'rateMember',
              entityId: created.id,
              summary: `${semester} 学期成员考评：${GRADES[rating]}`,
              after: { teacherId, semester, rating },
            });
            return created;
          }),
        );
      } catch (error) {
        // two first ratings of the same member and semester at once: one wins, the other is told to look again
        if (error instanceof UniqueConstraintViolationException)
          throw userError('CONFLICT', '该成员本学期的考评刚被他人录入，请刷新后重试');
        throw error;
      }
    },
  }),
);
