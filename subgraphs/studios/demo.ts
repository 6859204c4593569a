import type { EntityManager } from '@mikro-orm/postgresql';
import { demoId, demoWorld } from '../../demo/world.ts';
import { today } from '../../lib/domain/clock.ts';
import { StudioMember } from './membership/membership.entity.ts';
import { Studio } from './studio/studio.entity.ts';

/** Studios' slice of the demo: the studios and their current members. */
export async function loadDemo(em: EntityManager): Promise<boolean> {
  if ((await em.count(Studio)) > 0) return false;
  const { studios, teachers } = demoWorld(today());
  await em.transactional(async (tx) => {
    for (const { members: _members, ...studio } of studios) tx.create(Studio, { ...studio, policyVersion: 1, version: 1 });
    await tx.flush(); // members reference studios by a plain column
    for (const studio of studios) {
      for (const m of studio.members) {
        tx.create(StudioMember, {
          id: demoId('member', `${studio.id}:${m.teacherId}`),
          studioId: studio.id,
          ...m,
          schoolId: teachers.find((t) => t.id === m.teacherId)!.schoolId,
          leftOn: null,
          leftReason: null,
        });
      }
    }
  });
  return true;
}
