import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { factsOf, rowsLoader } from '../../../lib/data/loaders.ts';
import { obligationState, type ObligationState } from '../../../lib/domain/vocabulary.ts';
import { Budget } from './budget.entity.ts';

/** What studios says of a studio for its yearly budget (`@requires`): the rule's clause and the studio's start. */
export interface BudgetDue {
  id: string;
  /** The clause of `funding.budget.yearly`, where the studio's policy states it; else null. */
  yearlyBudgetClause: string | null;
  /** The first day its obligations count from (studios' `Studio.obligationsFrom`). */
  obligationsFrom: string;
  /** The last year of its cycle. */
  endYear: number;
}

/** The yearly budget as an obligation of the year containing a day. */
export interface BudgetObligation {
  year: number;
  budgeted: boolean;
  /** Whether the year before has a budget; null where it began before the studio did. */
  previousBudgeted: boolean | null;
  state: ObligationState;
  seed: string;
  reason: string;
}

const budgetsOfStudio = rowsLoader(Budget, 'studioId', { orderBy: { year: 'asc' } });

/**
 * 003 经费办法 第一条 “制定名班主任工作室年度经费预算” (funding.budget.yearly): each calendar year of a studio needs its
 * budget (setBudget), judged as studios judges a yearly obligation (lib/domain/vocabulary.ts `obligationState`): MET once
 * the year has one, OVERDUE when the year before ended without one, BEHIND otherwise; a year that began before the
 * studio did is not held against it. The budgets are those of its cycle's years (003 经费办法 第二条: 创建周期内每年):
 * after the cycle, its last year is judged, OVERDUE if it has none. Null where the studio's policy asks for none.
 */
export async function budgetObligation(ctx: SubgraphContext, studio: BudgetDue, asOf: string): Promise<BudgetObligation | null> {
  const seed = studio.yearlyBudgetClause;
  if (!seed) return null;
  const budgets = await factsOf(ctx, ctx.loaders.get(budgetsOfStudio), studio.id, '工作室预算');
  const years = new Set(budgets.map((b) => b.year));
  const year = Math.min(Number(asOf.slice(0, 4)), studio.endYear);
  const budgeted = years.has(year);
  const previousBudgeted = `${year - 1}-01-01` >= studio.obligationsFrom ? years.has(year - 1) : null;
  const over = asOf > `${studio.endYear}-12-31`;
  const state = obligationState(Number(budgeted), 1, previousBudgeted === null ? null : Number(previousBudgeted), over);
  const reason = {
    MET: `${year} 年经费预算已编制`,
    BEHIND: `${year} 年经费预算尚未编制（${seed}：制定年度经费预算）`,
    OVERDUE: over
      ? `建设周期最后一年（${year} 年）未编制经费预算（${seed}：制定年度经费预算）`
      : `${year - 1} 年未编制经费预算，${year} 年也尚未编制（${seed}：制定年度经费预算）`,
  }[state];
  return { year, budgeted, previousBudgeted, state, seed, reason };
}
