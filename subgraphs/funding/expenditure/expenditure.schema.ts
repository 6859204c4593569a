import { randomUUID } from 'node:crypto';
import { findForChange } from '../../../lib/loaders.ts';
import { assertMayChange, type Role } from '../../../lib/auth.ts';
import { about } from '../../../lib/audit.ts';
import { change } from '../../../lib/change.ts';
import { enumValues } from '../../../lib/enums.ts';
import { inputOrArguments, POSITIONAL, requireDate, requireYear } from '../../../lib/input.ts';
import { userError } from '../../../lib/errors.ts';
import { connectionRef, pageArgs, studioFactsPage, withinArg } from '../../../lib/connection.ts';
import { formatMoney } from '../../../lib/money.ts';
import { builder, StudioRef } from '../builder.ts';
import { SpendingCategoryEnum } from '../analytics/funding-rollup.schema.ts';
import { fundedStudio, fundsOf, lockStudioFunds, refuseHeld } from '../allocation/funds.ts';
import { refuseOutsideBudget } from '../budget/budget.service.ts';
import { SPENDING_CATEGORIES, type SpendingCategory } from '../../../lib/vocabulary.ts';
import { Expenditure } from './expenditure.entity.ts';

/**
 * Spending under the funding rules of 003 (经费办法): only the allowed uses; never the three public expenses
 * (三公经费), personal consumption or the host school's own public costs; never beyond the studio's funds; and
 * booked only after both the host and the school's legal representative have signed (双方签字后,方可入账核销).
 */
type ForbiddenUse =
  'OFFICIAL_RECEPTION' | 'OFFICIAL_VEHICLE' | 'OFFICIAL_OVERSEAS_TRAVEL' | 'PERSONAL_CONSUMPTION' | 'HOST_SCHOOL_PUBLIC_EXPENSE';
const FORBIDDEN: Record<ForbiddenUse, string> = {
  OFFICIAL_RECEPTION: '公务接待（三公经费）',
  OFFICIAL_VEHICLE: '公务用车（三公经费）',
  OFFICIAL_OVERSEAS_TRAVEL: '因公出国（境）（三公经费）',
  PERSONAL_CONSUMPTION: '个人消费支出',
  HOST_SCHOOL_PUBLIC_EXPENSE: '主持人所在单位的公用经费',
};
const FORBIDDEN_SEED = '003 经费办法 第三条、第四条';

const UseEnum = builder.enumType('ExpenditureUse', {
  description: 'What money is spent on: the allowed uses (003 经费办法 第三条) and the forbidden ones, refused. 支出用途',
  values: enumValues<SpendingCategory | ForbiddenUse>({
    ...SPENDING_CATEGORIES,
    ...FORBIDDEN,
  }),
});
const SignerEnum = builder.enumType('ExpenditureSigner', {
  description: 'Whom a signature on spending is given as (003 经费办法 第四条). 签字人',
  values: { HOST: { description: '工作室主持人' }, LEGAL_REPRESENTATIVE: { description: '主持人所在单位法定代表人' } } as const,
});

/** Who signs as whom (003 经费办法 第四条). */
const SIGNERS: Record<'HOST' | 'LEGAL_REPRESENTATIVE', { name: string; roles: Role[] }> = {
  HOST: { name: '工作室主持人', roles: ['editor'] },
  LEGAL_REPRESENTATIVE: { name: '主持人所在学校法定代表人', roles: ['admin'] },
};

const ExpenditureRef = builder.objectRef<Expenditure>('Expenditure').implement({
  description: 'A studio expense (支出), counted as spent once booked.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The spending’s id.' }),
    year: t.exposeInt('year', { description: 'The budget year it counts in. 年度' }),
    category: t.field({ type: SpendingCategoryEnum, description: 'Spending category. 支出类别', resolve: (e) => e.category }),
    amount: t.field({ type: 'Money', description: 'Amount. 金额', resolve: (e) => e.amountFen }),
    purpose: t.exposeString('purpose', { nullable: true, description: 'What it pays for. 用途' }),
    voucher: t.exposeString('voucher', { description: 'The voucher number. 凭证号' }),
    studio: t.field({
      type: StudioRef,
      description: 'The studio it was spent for. 工作室',
      resolve: (e) => ({ id: e.studioId }),
    }),
    status: t.exposeString('status', { description: 'PENDING_SIGNATURES, or BOOKED once both have signed.' }),
    hostSigned: t.boolean({ description: 'Signed by the host. 主持人已签字', resolve: (e) => Boolean(e.hostSignedBy) }),
    legalRepresentativeSigned: t.boolean({
      description: 'Signed by the host school’s legal representative. 法定代表人已签字',
      resolve: (e) => Boolean(e.legalSignedBy),
    }),
    hostSignedBy: t.exposeString('hostSignedBy', { nullable: true, description: '主持人签字人（账号）' }),
    hostSignedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: '主持人签字时间',
      resolve: (e) => e.hostSignedAt ?? null,
    }),
    legalRepresentativeSignedBy: t.exposeString('legalSignedBy', { nullable: true, description: '法定代表人签字人（账号）' }),
    legalRepresentativeSignedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: '法定代表人签字时间',
      resolve: (e) => e.legalSignedAt ?? null,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change, for incremental sync. 更新时间',
      resolve: (e) => e.updatedAt,
    }),
  }),
});

const ProposeInput = builder.inputType('ProposeExpenditureInput', {
  description: 'Spending to propose for signature. 支出申请',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    year: t.int({ required: true, description: 'The budget year. 年度' }),
    use: t.field({ type: UseEnum, required: true, description: 'What it is for. 用途类别' }),
    amount: t.field({ type: 'Money', required: true, description: 'Amount, at most two decimals. 金额' }),
    purpose: t.string({ required: true, description: 'What it pays for. 用途' }),
    voucher: t.string({ required: true, description: '凭证号' }),
    spentOn: t.string({ required: true, description: 'YYYY-MM-DD' }),
  }),
});

builder.queryFields((t) => ({
  expendituresConnection: t.field({
    type: connectionRef(builder, 'Expenditure', ExpenditureRef, 'expenditures'),
    description:
      "Expenditures of the studios of a region's subtree ordered by (updatedAt, id), for paging and incremental " +
      'sync; a signature moves one to the end. 支出（分页、同步）',
    args: { ...withinArg(t), ...pageArgs(t) },
    resolve: (_root, { within, ...page }, ctx) => studioFactsPage(ctx, Expenditure, 'expenditure', String(within), page),
  }),
}));

const SignExpenditureInput = builder.inputType('SignExpenditureInput', {
  description: 'Who signs which expense. 支出签字',
  fields: (t) => ({
    id: t.id({ required: true, description: "The expense's id." }),
    as: t.field({ type: SignerEnum, required: true, description: 'As the host or as the legal representative.' }),
  }),
});

builder.mutationFields((t) => ({
  proposeExpenditure: t.field({
    type: ExpenditureRef,
    description: "Enters an expense for signature; refused for a forbidden use or beyond the studio's funds. 录入支出",
    args: { input: t.arg({ type: ProposeInput, required: true, description: 'The spending proposed.' }) },
    resolve: async (_root, { input }, ctx) => {
      requireYear(input.year);
      const spentOn = requireDate(input.spentOn, 'spentOn');
      if (input.use in FORBIDDEN) {
        throw userError('POLICY_VIOLATION', `经费不得用于${FORBIDDEN[input.use as ForbiddenUse]}（${FORBIDDEN_SEED}）`, {
          rule: 'funding.forbiddenUse',
          seed: FORBIDDEN_SEED,
        });
      }
      if (input.amount <= 0n) throw userError('BAD_USER_INPUT', '支出金额应大于 0', { argumentName: 'amount' });
      if (!input.purpose.trim() || !input.voucher.trim()) throw userError('BAD_USER_INPUT', '请填写用途说明和凭证号');
      return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
        const fact = await fundedStudio(tx, ctx.viewer, String(input.studioId));
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
    },
  }),
  signExpenditure: t.field({
    type: ExpenditureRef,
    description: "Signs an expense as the host or as the school's legal representative; booked when both have signed. 签字",
    args: {
      input: t.arg({ type: SignExpenditureInput, description: 'The spending and who signs. 签字' }),
      id: t.arg.id({ description: POSITIONAL }),
      as: t.arg({ type: SignerEnum, description: POSITIONAL }),
    },
    resolve: (_root, given, ctx) =>
      change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
        const args = inputOrArguments<typeof SignExpenditureInput.$inferInput>(given, ['id', 'as']);
        const expense = await findForChange(tx, ctx.viewer, Expenditure, String(args.id), '支出');
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
      }),
  }),
}));
