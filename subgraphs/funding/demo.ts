import type { EntityManager } from '@mikro-orm/postgresql';
import { demoId, demoWorld } from '../../demo/world.ts';
import { thisYear, today } from '../../lib/domain/clock.ts';
import { FundingHold } from './allocation/hold.entity.ts';
import { Allocation } from './allocation/allocation.entity.ts';
import type { SpendingCategory } from '../../lib/domain/vocabulary.ts';
import { Expenditure } from './expenditure/expenditure.entity.ts';

const CATEGORIES: SpendingCategory[] = ['RESEARCH', 'SEMINAR', 'BOOKS', 'EXPERT_FEES', 'GUIDANCE', 'PUBLICATION'];

/** Funding's slice of the demo: allocations, and for years before this one spending of part of them. */
export async function loadDemo(em: EntityManager): Promise<boolean> {
  if ((await em.count(Allocation)) > 0) return false;
  const { allocations, evaluations, studios } = demoWorld(today());
  await em.transactional(async (tx) => {
    allocations.forEach((a, i) => {
      tx.create(Allocation, a);
      if (a.year >= thisYear()) return;
      // 55%–85% of each past allocation spent, in whole yuan
      const spentFen = ((a.amountFen * BigInt(55 + ((i * 7) % 31))) / 100n / 100n) * 100n;
      tx.create(Expenditure, {
        id: demoId('expenditure', a.id),
        studioId: a.studioId,
        regionCode: a.regionCode,
        hostSchoolId: a.hostSchoolId,
        year: a.year,
        category: CATEGORIES[i % CATEGORIES.length]!,
        amountFen: spentFen,
        spentOn: `${a.year}-11-15`,
        voucher: `记-${a.year}-${String(i + 1).padStart(4, '0')}`,
        status: 'BOOKED',
        purpose: null,
        hostSignedBy: 'demo',
        legalSignedBy: 'demo',
      });
    });
    // the demo's revoked studios have had their funds stopped since the year of their last evaluation
    for (const studio of studios.filter((s) => s.status === 'REVOKED')) {
      const year = Math.max(studio.startYear, ...evaluations.filter((e) => e.studioId === studio.id).map((e) => e.year));
      tx.create(FundingHold, {
        id: demoId('funding-hold', studio.id),
        studioId: studio.id,
        regionCode: studio.regionCode,
        hostSchoolId: studio.hostSchoolId,
        action: 'STOP',
        fromYear: year,
        toYear: null,
        reason: `工作室撤销建制（${year} 年评估后）`,
        evaluationId: null,
        eventId: demoId('funding-hold-event', studio.id),
      });
    }
  });
  return true;
}
