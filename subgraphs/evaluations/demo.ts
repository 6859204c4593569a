import type { EntityManager } from '@mikro-orm/postgresql';
import { demoWorld } from '../../demo/world.ts';
import { today } from '../../lib/domain/clock.ts';
import { Evaluation } from './evaluation/evaluation.entity.ts';

/** Evaluations' slice of the demo, pending 二次评估 after failed creation evaluations included. */
export async function loadDemo(em: EntityManager): Promise<boolean> {
  if ((await em.count(Evaluation)) > 0) return false;
  const { evaluations } = demoWorld(today());
  await em.transactional(async (tx) => {
    for (const e of evaluations) tx.create(Evaluation, { ...e, version: 1 });
  });
  return true;
}
