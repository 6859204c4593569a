import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/data/change.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { about } from '../../../lib/data/audit.ts';
import { assertVersion } from '../../../lib/data/concurrency.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { formatMoney } from '../../../lib/domain/money.ts';
import { fundedStudio, fundsOf, lockStudioFunds } from '../allocation/funds.ts';
import { SPENDING_CATEGORIES, type SpendingCategory } from '../../../lib/domain/vocabulary.ts';
import { readBudget } from './budget.queries.ts';
import { Budget, BudgetLine } from './budget.entity.ts';
import type { SetBudgetInput } from './budget.inputs.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The host's yearly spending budget (003 经费办法 第四条: 工作室主持人按照年度支出预算，确定支出方向). The budget
 * never exceeds what is allocated for the year; once a year has a budget, each expense must fit its category's
 * line.
 */
const BUDGET_SEED = '003 经费办法 第四条';

/** Refuses an expense outside the year's budget, when the year has one. */
export async function refuseOutsideBudget(
  tx: EntityManager,
  studioId: string,
  year: number,
  category: SpendingCategory,
  amount: bigint,
): Promise<void> {
  const view = await readBudget(tx, studioId, year);
  if (!view) return;
  const line = view.lines.find((l) => l.category === category);
  const left = line ? line.amountFen - line.committedFen : 0n;
  if (amount > left) {
    throw userError(
      'POLICY_VIOLATION',
      line
        ? `超出年度预算：该类别预算尚余 ${formatMoney(left)} 元，本次 ${formatMoney(amount)} 元（${BUDGET_SEED}）`
        : `年度预算中没有这一类别的支出（${BUDGET_SEED}：按照年度支出预算确定支出方向）`,
      { rule: 'funding.budget', seed: BUDGET_SEED, available: formatMoney(left) },
    );
  }
}

/** Sets a studio's spending budget for a year, replacing its lines; never beyond what is allocated for the year. */
export async function setBudget(ctx: SubgraphContext, input: typeof SetBudgetInput.$inferInput) {
  const seen = new Set<string>();
  for (const line of input.lines) {
    if (seen.has(line.category)) throw userError('BAD_USER_INPUT', '预算中同一类别只能出现一次', { category: line.category });
    seen.add(line.category);
    if (line.amount <= 0n) throw userError('BAD_USER_INPUT', '预算金额应大于 0', { category: line.category });
  }
  if (!input.lines.length) throw userError('BAD_USER_INPUT', '预算至少要有一项', { argumentName: 'lines' });
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const fact = await fundedStudio(tx, ctx.viewer, input.studioId);
      assertMayChange(ctx.viewer, fact, 'SCHOOL', ['finance'], '工作室预算');
      await lockStudioFunds(tx, fact.studioId);
      const { allocated } = await fundsOf(tx, fact.studioId, input.year);
      const total = input.lines.reduce((sum, l) => sum + l.amount, 0n);
      if (total > allocated) {
        throw userError(
          'POLICY_VIOLATION',
          `预算合计 ${formatMoney(total)} 元超过 ${input.year} 年已拨经费 ${formatMoney(allocated)} 元`,
          { rule: 'funding.budget.total', allocated: formatMoney(allocated) },
        );
      }
      // a line never falls below what is already spent or awaiting signatures in its category
      const committed = await tx
        .getConnection()
        .execute<{ category: SpendingCategory; committed: string }[]>(
          'select category, sum(amount_fen) as committed from expenditure where studio_id = ? and year = ? group by category',
          [fact.studioId, input.year],
          'all',
          tx.getTransactionContext(),
        );
      for (const row of committed) {
        const line = input.lines.find((l) => l.category === row.category);
        if (!line || line.amount < BigInt(row.committed)) {
          throw userError(
            'POLICY_VIOLATION',
            `${SPENDING_CATEGORIES[row.category]}已录入支出 ${formatMoney(BigInt(row.committed))} 元，预算不能低于此数`,
            { rule: 'funding.budget.committed', category: row.category, committed: formatMoney(BigInt(row.committed)) },
          );
        }
      }
      let budget = await tx.findOne(Budget, { studioId: fact.studioId, year: input.year });
      if (budget) {
        if (input.version == null) throw userError('BAD_USER_INPUT', '修改已有预算时请提供 version', { argumentName: 'version' });
        assertVersion('预算', input.version, budget.version);
        await tx.nativeDelete(BudgetLine, { budgetId: budget.id });
        budget.updatedAt = new Date();
      } else {
        budget = tx.create(Budget, { id: randomUUID(), ...fact, year: input.year, version: 1 });
      }
      await tx.flush();
      for (const line of input.lines) {
        tx.create(BudgetLine, { id: randomUUID(), budgetId: budget.id, category: line.category, amountFen: line.amount });
      }
      audit({
        action: 'setBudget',
        ...about('Budget', budget.id, fact),
        summary: `${input.year} 年预算 ${formatMoney(total)} 元（${input.lines.length} 项）`,
      });
      await tx.flush();
      return (await readBudget(tx, fact.studioId, input.year))!;
    },
    '预算',
  );
}
