import type { EntityManager } from '@mikro-orm/postgresql';
import { factInScope, notFound } from '../../../lib/auth/scope.ts';
import type { Viewer } from '../../../lib/auth/viewer.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import type { FundingSource } from '../../../lib/domain/vocabulary.ts';
import { Allocation } from './allocation.entity.ts';
import { FundingHold } from './hold.entity.ts';

/** Serializes every change to one studio's money, so two requests cannot both take the last yuan. */
export async function lockStudioFunds(tx: EntityManager, studioId: string): Promise<void> {
  await tx.getConnection().execute('select pg_advisory_xact_lock(hashtext(?))', [studioId], 'all', tx.getTransactionContext());
}

/**
 * Where a funded studio the viewer may see is and who hosts it, from its own allocation rows: NOT_FOUND when it has
 * none, alike for one outside the viewer's scope.
 */
export async function fundedStudio(tx: EntityManager, viewer: Viewer, studioId: string) {
  const allocation = await tx.findOne(Allocation, { studioId }, { orderBy: { year: 'desc' } });
  if (!allocation || !factInScope(viewer, allocation)) throw notFound('工作室的拨款记录', studioId);
  return { studioId: allocation.studioId, regionCode: allocation.regionCode, hostSchoolId: allocation.hostSchoolId };
}

/**
 * Allocated to a studio in a year (from one source, when named; the host's stipends, or by default the studio's
 * grants, which it spends) and committed (booked or awaiting signatures), in integer fen.
 */
export async function fundsOf(
  em: EntityManager,
  studioId: string,
  year: number,
  source: FundingSource | null = null,
  stipend = false,
) {
  const [row] = await em.getConnection().execute<{ allocated: string; committed: string }[]>(
    `select (select coalesce(sum(amount_fen), 0) from allocation
              where studio_id = ? and year = ? and (?::text is null or source = ?::text) and stipend = ?) as allocated,
            (select coalesce(sum(amount_fen), 0) from expenditure where studio_id = ? and year = ?) as committed`,
    [studioId, year, source, source, stipend, studioId, year],
    'all',
    em.getTransactionContext(),
  );
  return { allocated: BigInt(row!.allocated), committed: BigInt(row!.committed) };
}

/**
 * Refuses money for a year a consequence withheld or stopped: `what` says which (拨款 or 支出); a withheld year
 * stops only allocations, a stop stops both.
 */
export async function refuseHeld(tx: EntityManager, studioId: string, year: number, what: 'allocation' | 'spending') {
  const holds = await tx.find(
    FundingHold,
    { studioId, fromYear: { $lte: year }, action: { $ne: 'ARRANGE' } },
    { orderBy: { createdAt: 'asc' } },
  );
  const hold = holds.find((h) => (h.toYear == null || h.toYear >= year) && (what === 'allocation' || h.action === 'STOP'));
  if (!hold) return;
  const stopped = hold.action === 'STOP';
  throw userError('POLICY_VIOLATION', `${year} 年${stopped ? '经费已停止' : '经费不予安排'}：${hold.reason}`, {
    rule: stopped ? 'funding.stopped' : 'funding.withheld',
    evaluationId: hold.evaluationId,
    fromYear: hold.fromYear,
  });
}

/** A decimal ratio ("1", "1.5") as an integer per mille, rounded up: a minimum is never lowered. */
export function perMilleUp(ratio: string): number {
  const [whole = '0', fraction = ''] = ratio.split('.');
  const kept = Number(`${whole}${fraction.slice(0, 3).padEnd(3, '0')}`);
  return /[1-9]/.test(fraction.slice(3)) ? kept + 1 : kept;
}

/**
 * 004 方案8 八(一) "年度考核合格的，安排下一年度经费": under a policy whose funds follow the annual assessment, a year
 * after the cycle's first is funded only once the year before passed its assessment (an ARRANGE row).
 */
export async function refuseUnarranged(tx: EntityManager, studio: { id: string; startYear: number }, year: number, seed: string) {
  if (year <= studio.startYear) return;
  if (await tx.count(FundingHold, { studioId: studio.id, action: 'ARRANGE', fromYear: year })) return;
  throw userError(
    'POLICY_VIOLATION',
    `${year - 1} 年度考核尚未合格，不安排 ${year} 年度经费（${seed}：年度考核合格的，安排下一年度经费）`,
    {
      rule: 'funding.notArranged',
      seed,
    },
  );
}
