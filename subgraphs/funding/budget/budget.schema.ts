import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { ID_DESCRIPTION } from '../../../lib/graphql/builder.ts';
import { builder, NodeRef, SpendingCategoryEnum, StudioRef } from '../builder.ts';
import { studioBudget, type BudgetView } from './budget.queries.ts';
import { SetBudgetInput } from './budget.inputs.ts';
import { setBudget } from './budget.service.ts';
import { LocalDate } from '../../../lib/graphql/shapes.ts';
import { today } from '../../../lib/domain/clock.ts';
import { obligationStateEnum } from '../../../lib/graphql/enums.ts';
import { budgetObligation, type BudgetDue, type BudgetObligation } from './budget-obligation.ts';

const BudgetLineRef = builder.objectRef<BudgetView['lines'][number]>('BudgetLine').implement({
  description: 'One category of a year’s budget. 预算科目',
  fields: (t) => ({
    category: t.field({ type: SpendingCategoryEnum, description: 'Spending category. 支出类别', resolve: (l) => l.category }),
    amount: t.field({ type: 'Money', description: '预算', resolve: (l) => l.amountFen }),
    committed: t.field({ type: 'Money', description: '已录入（含待签字）', resolve: (l) => l.committedFen }),
    booked: t.field({ type: 'Money', description: '已入账', resolve: (l) => l.bookedFen }),
    left: t.field({ type: 'Money', description: '尚可支出 = 预算 − 已录入', resolve: (l) => l.amountFen - l.committedFen }),
  }),
});
export const BudgetRef = builder.objectRef<BudgetView>('Budget').implement({
  description: "A studio's spending budget for a year, by category (年度支出预算).",
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.id({ description: ID_DESCRIPTION, resolve: (b) => b.budget.id }),
    year: t.int({ description: 'The budget year. 年度', resolve: (b) => b.budget.year }),
    version: t.int({ description: 'Send it back to change the budget.', resolve: (b) => b.budget.version }),
    lines: t.field({ type: [BudgetLineRef], description: 'By category. 各科目', resolve: (b) => b.lines }),
    total: t.field({
      type: 'Money',
      description: 'All lines. 预算合计',
      resolve: (b) => b.lines.reduce((sum, l) => sum + l.amountFen, 0n),
    }),
    allocated: t.field({ type: 'Money', description: 'Allocated for the year, all sources.', resolve: (b) => b.allocatedFen }),
  }),
});

const ObligationStateEnum = obligationStateEnum(builder);
const BudgetObligationRef = builder.objectRef<BudgetObligation>('BudgetObligation').implement({
  description:
    'The yearly budget the studio’s policy asks for (funding.budget.yearly), in the year asked about. 年度预算编制情况',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'The year. 年度' }),
    budgeted: t.exposeBoolean('budgeted', { description: 'The year has its budget. 已编制' }),
    previousBudgeted: t.exposeBoolean('previousBudgeted', {
      nullable: true,
      description: 'The year before has its budget; null where it began before the studio did.',
    }),
    state: t.field({ type: ObligationStateEnum, description: 'MET, BEHIND or OVERDUE. 完成情况', resolve: (o) => o.state }),
    seed: t.exposeString('seed', { description: 'Seed file and section of the rule.' }),
    reason: t.exposeString('reason', { description: 'How it stands, in Chinese. 说明' }),
  }),
});

StudioRef.implement({
  externalFields: (t) => ({
    yearlyBudgetClause: t.string({ nullable: true }),
    obligationsFrom: t.string(),
    endYear: t.int(),
  }),
  fields: (t) => ({
    id: t.exposeID('id', { description: ID_DESCRIPTION }),
    budgetObligation: t.field({
      type: BudgetObligationRef,
      nullable: true,
      description:
        "The yearly budget as an obligation (funding.budget.yearly: 003 经费办法 第一条) in the year containing `asOf` (today when left out), counted from the studio's start; null where its policy asks for none.",
      args: { asOf: t.arg.string({ validate: LocalDate, description: 'The day to judge at, YYYY-MM-DD; today when left out.' }) },
      requires: builder.selection<Omit<BudgetDue, 'id'>>('yearlyBudgetClause obligationsFrom endYear'),
      resolve: (studio, { asOf }, ctx) => budgetObligation(ctx, studio, asOf ?? today()),
    }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  budget: t.field({
    type: BudgetRef,
    nullable: true,
    description: "The studio's budget for a year; null when none is set.",
    args: { year: t.arg.int({ required: true, description: 'The budget year. 年度' }) },
    resolve: (studio, { year }, ctx) => studioBudget(ctx, studio.id, year),
  }),
}));

payloadMutation(builder, {
  name: 'budgetSet',
  field: 'budget',
  description:
    "Sets a studio's spending budget for a year, replacing its lines; never beyond what is allocated for the year. 编制年度预算",
  input: SetBudgetInput,
  type: BudgetRef,
  resolve: setBudget,
  replaces: { name: 'setBudget', input: 'The budget.' },
});
