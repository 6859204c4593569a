import type { EntityManager } from '@mikro-orm/postgresql';
import { demoWorld } from '../../demo/world.ts';
import { today } from '../../lib/domain/clock.ts';
import { School } from './school/school.entity.ts';
import { Teacher, TeacherHonor, TeacherPublication, TeacherResearch } from './teacher/teacher.entity.ts';

/** Personnel's slice of the demo: schools, teachers, their honors, research and publications (regions are reference data, loaded by migration). */
export async function loadDemo(em: EntityManager): Promise<boolean> {
  if ((await em.count(School)) > 0) return false;
  const { honors, research, publications, schools, teachers } = demoWorld(today());
  await em.transactional(async (tx) => {
    for (const s of schools) tx.create(School, s);
    await tx.flush(); // teachers reference schools by a plain column, so the ORM cannot order the inserts itself
    for (const t of teachers)
      tx.create(Teacher, {
        ...t,
        phone: null,
        email: null,
        declaredAge: null,
        declaredOn: null,
        ethnicity: '汉族',
        politicalStatus: null,
        education: '本科',
        position: '班主任',
        version: 1,
      });
    await tx.flush(); // honors, research and publications reference teachers by a plain column
    for (const h of honors) tx.create(TeacherHonor, h);
    for (const r of research) tx.create(TeacherResearch, r);
    for (const p of publications) tx.create(TeacherPublication, p);
  });
  return true;
}
