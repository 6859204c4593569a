import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { connectionRef, pageArgs, pageOf, withinArg } from '../../../lib/graphql/connection.ts';
import { builder, FundingSourceEnum, NodeRef, StudioRef } from '../builder.ts';
import type { Allocation } from './allocation.entity.ts';
import { allocationsOf, allocationsPage, fundingArranged, fundingHolds } from './allocation.queries.ts';
import type { FundingHold } from './hold.entity.ts';
import { AllocateFundsInput } from './allocation.inputs.ts';
import { allocateFunds } from './allocation.service.ts';

export const AllocationRef = builder.objectRef<Allocation>('Allocation').implement({
  description: 'Money allocated to a studio for a year from one source (拨款).',
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The allocation’s id.' }),
    studio: t.field({ type: StudioRef, description: 'The studio funded. 工作室', resolve: (a) => ({ id: a.studioId }) }),
    year: t.exposeInt('year', { description: 'The year funded. 年度' }),
    source: t.field({ type: FundingSourceEnum, description: '经费来源', resolve: (a) => a.source }),
    amount: t.field({ type: 'Money', description: 'Amount. 金额', resolve: (a) => a.amountFen }),
    matching: t.exposeBoolean('matching', { description: 'Local matching funds (配套).' }),
    stipend: t.exposeBoolean('stipend', { description: "The host's work stipend (主持人工作补助), not a grant to the studio." }),
    note: t.exposeString('note', { description: 'The allocating office’s note. 备注' }),
    updatedAt: t.field({
      type: 'DateTime',
      description: 'Last change, for incremental sync. 更新时间',
      resolve: (a) => a.updatedAt,
    }),
  }),
});

builder.queryFields((t) => ({
  allocationsConnection: t.field({
    type: connectionRef(builder, 'Allocation', AllocationRef, 'allocations'),
    description:
      "Allocations to the studios of a region's subtree ordered by (updatedAt, id), for paging and incremental sync. " +
      '拨款（分页、同步）',
    args: { ...withinArg(t), ...pageArgs(t) },
    resolve: (_root, args, ctx, info) => allocationsPage(ctx, String(args.within), pageOf(args, info)),
  }),
}));

const FundingHoldRef = builder.objectRef<FundingHold>('FundingHold').implement({
  description: "A studio's funds withheld for a year or stopped, by an evaluation's consequence or a revocation.",
  fields: (t) => ({
    action: t.exposeString('action', {
      description: 'WITHHOLD (不再安排该年度经费), STOP (停止经费支持) or ARRANGE (年度考核合格，安排该年度经费).',
    }),
    fromYear: t.exposeInt('fromYear', { description: 'First year affected. 起始年度' }),
    toYear: t.exposeInt('toYear', { nullable: true, description: 'Null for a stop.' }),
    reason: t.exposeString('reason', { description: 'The evaluation and the rule, as the studios subgraph stated them.' }),
    evaluationId: t.exposeID('evaluationId', { nullable: true, description: 'The evaluation behind it, if any.' }),
    at: t.field({ type: 'DateTime', description: 'When decided. 时间', resolve: (h) => h.createdAt }),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  allocations: t.field({
    type: [AllocationRef],
    description: 'Allocations to the studio, by year and source; `year` keeps one year.',
    args: { year: t.arg.int({ description: 'Only this year. 年度' }) },
    resolve: (studio, { year }, ctx) => allocationsOf(ctx, studio.id, year),
  }),
  fundingHolds: t.field({
    type: [FundingHoldRef],
    description: "Years the studio's funds are withheld, or the year they stopped.",
    resolve: (studio, _a, ctx) => fundingHolds(ctx, studio.id),
  }),
  fundingArranged: t.field({
    type: [FundingHoldRef],
    description: 'Years whose funds a passed annual assessment arranged (004 方案8 八(一) 安排下一年度经费).',
    resolve: (studio, _a, ctx) => fundingArranged(ctx, studio.id),
  }),
}));

payloadMutation(builder, {
  name: 'fundsAllocate',
  field: 'allocation',
  description:
    "Allocates money to a studio for a year from one source, by that source's finance office. Refused outside the construction cycle, for a revoked studio, for a year a consequence withheld or stopped, and beyond the policy's standard for that source (e.g. 003: 80,000 / 40,000 yuan a year). 拨款",
  input: AllocateFundsInput,
  type: AllocationRef,
  resolve: allocateFunds,
  replaces: { name: 'allocateFunds', input: 'The allocation.' },
});
