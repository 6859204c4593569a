import type { EntityManager } from '@mikro-orm/postgresql';
import { about, audit } from '../../../lib/data/audit.ts';
import { today } from '../../../lib/domain/clock.ts';
import { eventActor } from '../lifecycle/consequences.ts';
import type { Event } from '../../../lib/events/topics.ts';
import { PolicyRule } from '../policy/policy.entity.ts';
import { Rules } from '../policy/rules.ts';
import { Studio } from '../studio/studio.entity.ts';
import { StudioMember } from './membership.entity.ts';

/**
 * A member rated 不合格 leaves the studio when its policy says so (member.rating `failLeaves`: 考核不合格者调整出,
 * 004 方案8 八(一), 方案9 四.2): the membership ends today, its reason naming the rating and the clause. A member who
 * has left already, or a policy that no longer says so (the studio moved version), changes nothing.
 */
export async function leaveOnFailedRating(em: EntityManager, event: Event<'evaluations.memberFailed'>): Promise<void> {
  const { studioId, teacherId, semester } = event.payload;
  const studio = await em.findOne(Studio, { id: studioId });
  if (!studio) return;
  const of = { policyId: studio.policyId, version: studio.policyVersion };
  const rule = new Rules(of, await em.find(PolicyRule, of)).get('member.rating');
  if (!rule?.value.failLeaves) return;
  const member = await em.findOne(StudioMember, { studioId, teacherId, leftOn: null });
  if (!member) return;
  member.leftOn = today();
  member.leftReason = `${semester} 学期成员考核不合格，调整出工作室（${rule.seed}：${rule.text}）`;
  audit(em, eventActor(event, studio.regionCode), {
    ...about('Studio', studio.id, studio),
    action: 'memberRatedOut',
    summary: `${studio.name}：${member.leftReason}`,
    after: { teacherId, semester },
  });
  await em.flush();
}
