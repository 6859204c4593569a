import type { EntityManager } from '@mikro-orm/postgresql';
import { about, audit } from '../../../lib/data/audit.ts';
import type { Event } from '../../../lib/events/topics.ts';
import { PolicyRule } from '../policy/policy.entity.ts';
import { versionLabel } from '../policy/rules.ts';
import { Studio } from '../studio/studio.entity.ts';
import { applyConsequence, eventActor } from './consequences.ts';

/**
 * A host's move, heard from personnel (000 五.6): inside the studio's county the studio stays and follows the
 * host to the new school; out of it, a policy with the rule revokes the studio. Each consequence names the event
 * and the rule; the inbox makes sure a redelivered event changes nothing.
 */
export async function followHostTransfer(em: EntityManager, event: Event<'personnel.teacherTransferred'>): Promise<void> {
  const move = event.payload;
  const hosted = await em.find(Studio, { hostTeacherId: move.teacherId, status: { $nin: ['REVOKED', 'COMPLETED'] } });
  for (const studio of hosted) {
    const system = eventActor(event, studio.regionCode);
    const base = about('Studio', studio.id, studio);
    if (move.toRegionCode === studio.regionCode) {
      // one entry at each school, each naming only its own (lib/data/audit.ts)
      audit(em, system, {
        ...base,
        action: 'hostMovedWithinCounty',
        summary: `${studio.name}：主持人调往县区内其他学校，工作室保留并随之转出（000 五.6）`,
        before: { hostSchoolId: studio.hostSchoolId },
      });
      audit(em, system, {
        ...base,
        hostSchoolId: move.toSchoolId,
        action: 'hostMovedWithinCounty',
        summary: `${studio.name}：主持人在县区内调入本校，工作室保留并随之转入（000 五.6）`,
        after: { hostSchoolId: move.toSchoolId },
      });
      studio.hostSchoolId = move.toSchoolId;
      continue;
    }
    const rule = await em.findOne(PolicyRule, {
      policyId: studio.policyId,
      version: studio.policyVersion,
      code: 'host.leavesCounty.revoke',
    });
    if (!rule) {
      audit(em, system, {
        ...base,
        action: 'hostLeftCounty',
        summary: `${studio.name}：主持人调离 ${studio.regionCode}，所执行的政策对此无规定，未作处理`,
      });
      continue;
    }
    const reason = `主持人于 ${move.movedOn} 调离原所在县区（${move.fromRegionCode} → ${move.toRegionCode}），按 ${versionLabel({ policyId: studio.policyId, version: studio.policyVersion })} ${rule.seed}：${rule.text}`;
    await applyConsequence(em, event, studio, 'REVOKED', reason, Number(move.movedOn.slice(0, 4)));
  }
}
