import { randomUUID } from 'node:crypto';
import { findForChange } from '../../../lib/data/loaders.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import type { Role } from '../../../lib/auth/viewer.ts';
import { about } from '../../../lib/data/audit.ts';
import { change } from '../../../lib/data/change.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { formatMoney } from '../../../lib/domain/money.ts';
import { fundedStudio, fundsOf, lockStudioFunds, refuseHeld } from '../allocation/funds.ts';
import { refuseOutsideBudget } from '../budget/budget.service.ts';
import { FORBIDDEN_USES, type ForbiddenUse, type SpendingCategory } from '../../../lib/domain/vocabulary.ts';
import { Expenditure } from './expenditure.entity.ts';
import type { ProposeExpenditureInput, SignExpenditureInput } from './expenditure.inputs.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';

/**
 * Spending under the funding rules of 003 (经费办法): only the allowed uses; never the three public expenses
 * (三公经费), personal consumption or the host school's own public costs; never beyond the studio's funds; and
 * booked only after both the host and the school's legal representative have signed (双方签字后,方可入账核销).
 */
const FORBIDDEN_SEED = '003 经费办法 第三条、第四条';

/** Who signs as whom (003 经费办法 第四条). */
const SIGNERS: Record<'HOST' | 'LEGAL_REPRESENTATIVE', { name: string; roles: Role[] }> = {
  HOST: { name: '工作室主持人', roles: ['editor'] },
  LEGAL_REPRESENTATIVE: { name: '主持人所在学校法定代表人', roles: ['admin'] },
};

/** Enters an expense for signature; refused for a forbidden use or beyond the studio's funds (003 经费办法). */
export async function proposeExpenditure(ctx: SubgraphContext, input: typeof ProposeExpenditureInput.$inferInput) {
  const { spentOn } = input;
  if (input.use in FORBIDDEN_USES) {
    throw userError('POLICY_VIOLATION', `经费不得用于${FORBIDDEN_USES[input.use as ForbiddenUse]}（${FORBIDDEN_SEED}）`, {
      rule: 'funding.forbiddenUse',
      seed: FORBIDDEN_SEED,
    });
  }
  if (input.amount <= 0n) throw userError('BAD_USER_INPUT', '支出金额应大于 0', { argumentName: 'amount' });
  if (!input.purpose.trim() || !input.voucher.trim()) throw userError('BAD_USER_INPUT', '请填写用途说明和凭证号');
  return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
    const fact = await fundedStudio(tx, ctx.viewer, input.studioId);
    assertMayChange(ctx.viewer, fact, 'SCHOOL', ['finance'], '工作室经费');
    await lockStudioFunds(tx, fact.studioId);
    await refuseHeld(tx, fact.studioId, input.year, 'spending');
    const funds = await fundsOf(tx, fact.studioId, input.year);
    const left = funds.allocated - funds.committed;
    if (input.amount > left) {
      throw userError(
        'POLICY_VIOLATION',
        `超出可用经费：${input.year} 年尚可使用 ${formatMoney(left)} 元，本次 ${formatMoney(input.amount)} 元`,
        { rule: 'funding.available', available: formatMoney(left) },
      );
    }
    await refuseOutsideBudget(tx, fact.studioId, input.year, input.use as SpendingCategory, input.amount);
    const expense = tx.create(Expenditure, {
      id: randomUUID(),
      ...fact,
      year: input.year,
      category: input.use as SpendingCategory,
      amountFen: input.amount,
      spentOn,
      voucher: input.voucher.trim(),
      purpose: input.purpose.trim(),
      status: 'PENDING_SIGNATURES',
      hostSignedBy: null,
      legalSignedBy: null,
      createdAt: new Date(),
    });
    audit({
      action: 'proposeExpenditure',
      ...about('Expenditure', expense.id, fact),
      summary: `录入支出 ${formatMoney(input.amount)} 元（${input.purpose.trim()}）`,
    });
    return expense;
  });
}

/** Signs an expense as the host or as the school's legal representative; booked when both have signed (003 经费办法 第四条). */
export function signExpenditure(ctx: SubgraphContext, args: typeof SignExpenditureInput.$inferInput) {
  return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
    const expense = await findForChange(tx, ctx.viewer, Expenditure, args.id, '支出');
    const signer = SIGNERS[args.as];
    // 003 经费办法 第四条 "由工作室主持人和主持人所在学校法人代表双方签字后,方可入账核销": two people of the host
    // school sign, each with their own account: the host (an editor of the school) and its legal representative
    // (the school's administrator, 校长); an office above signs for neither
    if (ctx.viewer.level !== 'SCHOOL' || ctx.viewer.schoolId !== expense.hostSchoolId) {
      throw userError('FORBIDDEN', `${signer.name}须用主持人所在学校的账号签字`, { rule: 'expenditure.signers' });
    }
    assertMayChange(ctx.viewer, expense, 'SCHOOL', signer.roles, `以${signer.name}身份签字`);
    if (expense.status === 'BOOKED') throw userError('BAD_USER_INPUT', '该支出已入账');
    const [mine, theirs] =
      args.as === 'HOST' ? [expense.hostSignedBy, expense.legalSignedBy] : [expense.legalSignedBy, expense.hostSignedBy];
    if (mine) throw userError('CONFLICT', `${signer.name}已签字（${mine}）`, { rule: 'expenditure.signers' });
    if (theirs === ctx.viewer.subject) {
      throw userError('POLICY_VIOLATION', '主持人和法定代表人须由两人分别签字，同一人不能签两次（003 经费办法 第四条）', {
        rule: 'expenditure.signers',
        seed: '003 经费办法 第四条',
      });
    }
    const now = new Date();
    if (args.as === 'HOST') Object.assign(expense, { hostSignedBy: ctx.viewer.subject, hostSignedAt: now });
    else Object.assign(expense, { legalSignedBy: ctx.viewer.subject, legalSignedAt: now });
    if (expense.hostSignedBy && expense.legalSignedBy) expense.status = 'BOOKED';
    audit({
      action: 'signExpenditure',
      ...about('Expenditure', expense.id, expense),
      summary: `${args.as === 'HOST' ? '主持人' : '法定代表人'}签字${expense.status === 'BOOKED' ? '，已入账' : ''}`,
    });
    return expense;
  });
}
