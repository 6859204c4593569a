import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { connectionRef, pageArgs, pageOf, withinArg } from '../../../lib/graphql/connection.ts';
import { builder, NodeRef, SpendingCategoryEnum, StudioRef } from '../builder.ts';
import type { Expenditure } from './expenditure.entity.ts';
import { expendituresPage } from './expenditure.queries.ts';
import { ProposeExpenditureInput, SignerEnum, SignExpenditureInput } from './expenditure.inputs.ts';
import { proposeExpenditure, signExpenditure } from './expenditure.service.ts';

export const ExpenditureRef = builder.objectRef<Expenditure>('Expenditure').implement({
  description: 'A studio expense (支出), counted as spent once booked.',
  interfaces: [NodeRef],
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

builder.queryFields((t) => ({
  expendituresConnection: t.field({
    type: connectionRef(builder, 'Expenditure', ExpenditureRef, 'expenditures'),
    description:
      "Expenditures of the studios of a region's subtree ordered by (updatedAt, id), for paging and incremental " +
      'sync; a signature moves one to the end. 支出（分页、同步）',
    args: { ...withinArg(t), ...pageArgs(t) },
    resolve: (_root, args, ctx, info) => expendituresPage(ctx, String(args.within), pageOf(args, info)),
  }),
}));

payloadMutation(builder, {
  name: 'expenditurePropose',
  field: 'expenditure',
  description: "Enters an expense for signature; refused for a forbidden use or beyond the studio's funds. 录入支出",
  input: ProposeExpenditureInput,
  type: ExpenditureRef,
  resolve: proposeExpenditure,
  replaces: { name: 'proposeExpenditure', input: 'The spending proposed.' },
});

payloadMutation(builder, {
  name: 'expenditureSign',
  field: 'expenditure',
  description: "Signs an expense as the host or as the school's legal representative; booked when both have signed. 签字",
  input: SignExpenditureInput,
  type: ExpenditureRef,
  resolve: signExpenditure,
  replaces: {
    name: 'signExpenditure',
    input: 'The spending and who signs. 签字',
    positional: { id: 'id', as: SignerEnum },
    required: ['id', 'as'],
  },
});
