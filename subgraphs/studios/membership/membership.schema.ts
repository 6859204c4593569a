import type { SubgraphContext } from '../../../lib/context.ts';
import { rowsLoader } from '../../../lib/loaders.ts';
import { builder, TeacherRef } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { StudioMember } from './membership.entity.ts';

export const MemberRoleEnum = builder.enumType('MemberRole', {
  values: {
    LEAD: { description: '领衔人（主持人之外的第二名领衔人，001 四(一)：1—2名领衔人）' },
    MENTOR: { description: '导师' },
    ASSISTANT: { description: '主持人助理' },
    CORE: { description: '核心成员' },
    MEMBER: { description: '成员/学员' },
  } as const,
});

/** Current members (not yet left) of each studio asked for, in one statement. */
const currentMembers = (ctx: SubgraphContext) =>
  rowsLoader(ctx, StudioMember, 'studioId', { where: { leftOn: null }, orderBy: { joinedOn: 'asc', id: 'asc' } });

/** How many current members each studio asked for has, counted in one statement without loading the rows. */
const memberCounts = (ctx: SubgraphContext) =>
  ctx.loaders.get<string, number>('studio.memberCount', async (ids) => {
    const rows = await ctx.em.getConnection().execute<{ studio_id: string; members: string }[]>(
      `select studio_id, count(*) as members from studio_member
          where left_on is null and studio_id in (${ids.map(() => '?').join(', ')}) group by studio_id`,
      [...ids],
    );
    const counts = new Map(rows.map((r) => [r.studio_id, Number(r.members)]));
    return ids.map((id) => counts.get(id) ?? 0);
  });

const StudioMemberRef = builder.objectRef<StudioMember>('StudioMember').implement({
  fields: (t) => ({
    teacher: t.field({ type: TeacherRef, resolve: (m) => ({ id: m.teacherId }) }),
    role: t.field({ type: MemberRoleEnum, resolve: (m) => m.role }),
    joinedOn: t.exposeString('joinedOn', { description: 'Date joined, YYYY-MM-DD.' }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  members: t.field({
    type: [StudioMemberRef],
    description: 'Current members, the host excluded.',
    resolve: (s, _args, ctx) => currentMembers(ctx).load(s.id),
  }),
  memberCount: t.int({
    description: 'How many current members (the host excluded).',
    resolve: (s, _args, ctx) => memberCounts(ctx).load(s.id),
  }),
}));
