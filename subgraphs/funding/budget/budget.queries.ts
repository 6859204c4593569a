import type { EntityManager } from '@mikro-orm/postgresql';
import { assertFactInScope } from '../../../lib/auth/scope.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { findInScope } from '../../../lib/data/loaders.ts';
import type { SpendingCategory } from '../../../lib/domain/vocabulary.ts';
import { fundsOf } from '../allocation/funds.ts';
import { Budget } from './budget.entity.ts';

export interface BudgetView {
  budget: Budget;
  lines: { category: SpendingCategory; amountFen: bigint; committedFen: bigint; bookedFen: bigint }[];
  allocatedFen: bigint;
}

export async function readBudget(em: EntityManager, studioId: string, year: number): Promise<BudgetView | null> {
  const budget = await em.findOne(Budget, { studioId, year });
  if (!budget) return null;
  const rows = await em
    .getConnection()
    .execute<{ category: SpendingCategory; amount_fen: string; committed: string; booked: string }[]>(
      `select l.category, l.amount_fen,
            coalesce(sum(x.amount_fen), 0) as committed,
            coalesce(sum(x.amount_fen) filter (where x.status = 'BOOKED'), 0) as booked
       from budget_line l
       left join expenditure x on x.studio_id = ? and x.year = ? and x.category = l.category
      where l.budget_id = ?
      group by l.category, l.amount_fen
      order by l.category`,
      [studioId, year, budget.id],
      'all',
      em.getTransactionContext(),
    );
  return {
    budget,
    lines: rows.map((r) => ({
      category: r.category,
      amountFen: BigInt(r.amount_fen),
      committedFen: BigInt(r.committed),
      bookedFen: BigInt(r.booked),
    })),
    allocatedFen: (await fundsOf(em, studioId, year)).allocated,
  };
}

/** A studio's budget for a year, if the viewer may see it; null when none is set. */
export async function studioBudget(ctx: SubgraphContext, studioId: string, year: number) {
  const view = await readBudget(ctx.em, studioId, year);
  if (view) assertFactInScope(ctx.viewer, view.budget, '工作室预算');
  return view;
}

/** A studio's budget for a year by its id, as `Studio.budget` reads it. */
export async function findBudget(ctx: SubgraphContext, id: string) {
  const budget = await findInScope(ctx, Budget, id, '工作室预算');
  return (await readBudget(ctx.em, budget.studioId, budget.year))!;
}
