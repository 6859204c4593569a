import { FORBIDDEN_USES, SPENDING_CATEGORIES } from '../../../lib/domain/vocabulary.ts';
import { vocabularyEnum } from '../../../lib/graphql/enums.ts';
import { LocalDate, Year } from '../../../lib/graphql/shapes.ts';
import { builder } from '../builder.ts';

const UseEnum = vocabularyEnum(
  builder,
  'ExpenditureUse',
  'What money is spent on: the allowed uses (003 经费办法 第三条) and the forbidden ones, refused. 支出用途',
  { ...SPENDING_CATEGORIES, ...FORBIDDEN_USES },
);
export const SignerEnum = builder.enumType('ExpenditureSigner', {
  description: 'Whom a signature on spending is given as (003 经费办法 第四条). 签字人',
  values: { HOST: { description: '工作室主持人' }, LEGAL_REPRESENTATIVE: { description: '主持人所在单位法定代表人' } } as const,
});

export const ProposeExpenditureInput = builder.inputType('ProposeExpenditureInput', {
  description: 'Spending to propose for signature. 支出申请',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    year: t.int({ required: true, validate: Year, description: 'The budget year. 年度' }),
    use: t.field({ type: UseEnum, required: true, description: 'What it is for. 用途类别' }),
    amount: t.field({ type: 'Money', required: true, description: 'Amount, at most two decimals. 金额' }),
    purpose: t.string({ required: true, description: 'What it pays for. 用途' }),
    voucher: t.string({ required: true, description: '凭证号' }),
    spentOn: t.string({ required: true, validate: LocalDate, description: 'YYYY-MM-DD' }),
  }),
});

export const SignExpenditureInput = builder.inputType('SignExpenditureInput', {
  description: 'Who signs which expense. 支出签字',
  fields: (t) => ({
    id: t.id({ required: true, description: "The expense's id." }),
    as: t.field({ type: SignerEnum, required: true, description: 'As the host or as the legal representative.' }),
  }),
});
