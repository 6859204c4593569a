import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/change.ts';
import { assertMayChange, type OfficeLevel } from '../../../lib/auth.ts';
import { about } from '../../../lib/audit.ts';
import { fundingSourceEnum } from '../../../lib/enums.ts';
import { requireYear } from '../../../lib/input.ts';
import { userError } from '../../../lib/errors.ts';
import { type FundingSource } from '../../../lib/vocabulary.ts';
import { type SubgraphContext } from '../../../lib/context.ts';
import { connectionRef, pageArgs, studioFactsPage, withinArg } from '../../../lib/connection.ts';
import { factsOf } from '../../../lib/loaders.ts';
import { formatMoney, parseMoney } from '../../../lib/money.ts';
import { builder, StudioRef } from '../builder.ts';
import { STUDIO_FUNDING } from '../peers.ts';
import { Allocation } from './allocation.entity.ts';
import { fundsOf, lockStudioFunds, perMilleUp, refuseHeld, refuseUnarranged } from './funds.ts';
import { FundingHold } from './hold.entity.ts';

export const FundingSourceEnum = fundingSourceEnum(builder);

const AllocationRef = builder.objectRef<Allocation>('Allocation').implement({
  description: 'Money allocated to a studio for a year from one source (拨款).',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The allocation’s id.' }),
    studio: t.field({ type: StudioRef, description: 'The studio funded. 工作室', resolve: (a) => ({ id: a.studioId }) }),
    year: t.exposeInt('year', { description: 'The year funded. 年度' }),
    source: t.field({ type: FundingSourceEnum, description: '经费来源', resolve: (a) => a.source }),
    amount: t.field({ type: 'Money', description: 'Amount. 金额', resolve: (a) => a.amountFen }),
    matching: t.exposeBoolean('matching', { description: 'Local matching funds (配套).' }),
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
    resolve: (_root, { within, ...page }, ctx) => studioFactsPage(ctx, Allocation, 'allocation', String(within), page),
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

/** What the studios subgraph decided about a studio's funds (withheld, stopped, arranged), oldest first. */
async function fundingDecisions(ctx: SubgraphContext, studioId: string): Promise<FundingHold[]> {
  return factsOf(ctx, FundingHold, 'studioId', { orderBy: { createdAt: 'asc', id: 'asc' } }, studioId, '工作室的经费');
}

builder.objectFields(StudioRef, (t) => ({
  allocations: t.field({
    type: [AllocationRef],
    description: 'Allocations to the studio, by year and source; `year` keeps one year.',
    args: { year: t.arg.int({ description: 'Only this year. 年度' }) },
    resolve: (studio, { year }, ctx) =>
      factsOf(
        ctx,
        Allocation,
        'studioId',
        { where: year ? { year } : {}, orderBy: { year: 'asc', source: 'asc', id: 'asc' } },
        studio.id,
        '工作室的拨款',
      ),
  }),
  fundingHolds: t.field({
    type: [FundingHoldRef],
    description: "Years the studio's funds are withheld, or the year they stopped.",
    resolve: async (studio, _a, ctx) => (await fundingDecisions(ctx, studio.id)).filter((r) => r.action !== 'ARRANGE'),
  }),
  fundingArranged: t.field({
    type: [FundingHoldRef],
    description: 'Years whose funds a passed annual assessment arranged (004 方案8 八(一) 安排下一年度经费).',
    resolve: async (studio, _a, ctx) => (await fundingDecisions(ctx, studio.id)).filter((r) => r.action === 'ARRANGE'),
  }),
}));

const SOURCE_NAMES: Record<FundingSource, string> = { PROVINCE: '省级', CITY: '市级', COUNTY: '区县', SCHOOL: '学校' };

/** The office that gives money from each source, or one above it. */
const SOURCE_OFFICE: Record<FundingSource, OfficeLevel> = {
  PROVINCE: 'PROVINCE',
  CITY: 'CITY',
  COUNTY: 'COUNTY',
  SCHOOL: 'SCHOOL',
};

/**
 * Funds follow the plaque (000 五.3 "评估合格的，颁发牌匾；评估不合格的，暂缓授牌"; 002/004 "挂牌运行"): a studio
 * still applying, under review, in publicity or on hold (暂缓授牌) gets none; no seed funds a studio before it.
 */
const FUNDED_STATUSES = ['ESTABLISHED', 'RUNNING', 'WARNED', 'COMPLETED', 'RENEWED'];
const STATUS_NAMES: Record<string, string> = {
  APPLIED: '已申报',
  UNDER_REVIEW: '评审中',
  IN_PUBLICITY: '公示中',
  ON_HOLD: '暂缓授牌',
};

const AllocateInput = builder.inputType('AllocateFundsInput', {
  description: 'Money to allocate to a studio. 拨款',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    year: t.int({ required: true, description: 'The year funded, within its construction cycle. 年度' }),
    source: t.field({ type: FundingSourceEnum, required: true, description: 'Whose budget it comes from. 经费来源' }),
    amount: t.field({ type: 'Money', required: true, description: 'Amount, at most the policy’s standard. 金额' }),
    matching: t.boolean({ description: 'Local matching funds (配套) against another source’s grant.', defaultValue: false }),
    note: t.string({ description: '文号或说明' }),
  }),
});

builder.mutationField('allocateFunds', (t) =>
  t.field({
    type: AllocationRef,
    description:
      "Allocates money to a studio for a year from one source, by that source's finance office. Refused outside the construction cycle, for a revoked studio, for a year a consequence withheld or stopped, and beyond the policy's standard for that source (e.g. 003: 80,000 / 40,000 yuan a year). 拨款",
    args: { input: t.arg({ type: AllocateInput, required: true, description: 'The allocation.' }) },
    resolve: async (_root, { input }, ctx) => {
      requireYear(input.year);
      if (input.amount <= 0n) throw userError('BAD_USER_INPUT', '拨款金额应大于 0', { argumentName: 'amount' });
      // the studio, its cycle and its policy's standards, from the studios subgraph as this user
      const { studio } = await ctx.peers.ask(STUDIO_FUNDING, ctx.viewer, { id: String(input.studioId) });
      const fact = { studioId: studio.id, regionCode: studio.region.code, hostSchoolId: studio.hostSchool.id };
      assertMayChange(ctx.viewer, fact, SOURCE_OFFICE[input.source], ['finance'], '拨款');
      if (input.year < studio.startYear || input.year > studio.endYear) {
        throw userError('BAD_USER_INPUT', `${input.year} 年不在该工作室的建设周期（${studio.startYear}—${studio.endYear}）内`, {
          argumentName: 'year',
        });
      }
      const owed = studio.fundingMatching;
      // only the source the policy names matches (配套), and a matching row is never itself a grant to match
      if (input.matching && owed?.source !== input.source) {
        throw userError(
          'BAD_USER_INPUT',
          owed ? `配套经费应由${SOURCE_NAMES[owed.source]}拨付` : '该工作室执行的政策没有配套经费的规定',
          { argumentName: 'matching', rule: 'funding.matching' },
        );
      }
      // a district's matching is the district's own to record: an office above cannot vouch for it
      if (input.matching && ctx.viewer.level !== SOURCE_OFFICE[input.source]) {
        throw userError('FORBIDDEN', `配套经费须由拨付的${SOURCE_NAMES[input.source]}主管部门自行录入`, {
          requiredLevel: SOURCE_OFFICE[input.source],
        });
      }
      return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
        await lockStudioFunds(tx, studio.id);
        if (studio.status === 'REVOKED') {
          throw userError('POLICY_VIOLATION', '工作室已撤销建制，不再拨款', { rule: 'funding.stopped' });
        }
        if (!FUNDED_STATUSES.includes(studio.status)) {
          throw userError(
            'POLICY_VIOLATION',
            `工作室尚未授牌（当前状态：${STATUS_NAMES[studio.status] ?? studio.status}），经费在授牌后拨付（000 五.3：评估合格的，颁发牌匾）`,
            { rule: 'funding.afterPlaque', seed: '000 五.3', status: studio.status },
          );
        }
        await refuseHeld(tx, studio.id, input.year, 'allocation');
        if (studio.fundingFollowsAnnualAssessment)
          await refuseUnarranged(tx, studio, input.year, studio.fundingFollowsAnnualAssessment);
        const standard = studio.fundingStandard;
        if (standard && standard.source === input.source) {
          const given = (await fundsOf(tx, studio.id, input.year, input.source)).allocated;
          const limit = parseMoney(standard.amountPerYear);
          if (given + input.amount > limit) {
            throw userError(
              'POLICY_VIOLATION',
              `超出资助标准：${standard.basis}（${standard.seed}），${input.year} 年已拨 ${formatMoney(given)} 元，本次 ${formatMoney(input.amount)} 元`,
              { rule: 'funding.standard', seed: standard.seed, standard: standard.amountPerYear, allocated: formatMoney(given) },
            );
          }
        }
        const allocation = tx.create(Allocation, {
          id: randomUUID(),
          ...fact,
          year: input.year,
          source: input.source,
          amountFen: input.amount,
          matching: input.matching ?? false,
          matchRatioPermille: owed && owed.of === input.source && !input.matching ? perMilleUp(owed.minRatio) : null,
          note: input.note?.trim() ?? '',
        });
        audit({
          action: 'allocateFunds',
          ...about('Allocation', allocation.id, fact),
          summary: `${input.year} 年拨款 ${formatMoney(input.amount)} 元（${input.source}${input.matching ? '，配套' : ''}）`,
        });
        return allocation;
      });
    },
  }),
);
