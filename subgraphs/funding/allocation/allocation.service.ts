import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/data/change.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { about } from '../../../lib/data/audit.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { FUNDING_SOURCES } from '../../../lib/domain/vocabulary.ts';
import { type SubgraphContext } from '../../../lib/graphql/context.ts';
import { formatMoney, parseMoney } from '../../../lib/domain/money.ts';
import { refuseOutsideWindow } from '../../../lib/domain/programme-window.ts';
import type { PeerAnswer } from '../../../lib/service/peers.ts';
import { STUDIO_FUNDING } from '../peers.ts';
import { Allocation } from './allocation.entity.ts';
import type { AllocateFundsInput } from './allocation.inputs.ts';
import { fundsOf, lockStudioFunds, perMilleUp, refuseHeld, refuseUnarranged } from './funds.ts';

/**
 * Where the studio's policy states it (funding.afterPlaque, e.g. 000 五.3 "评估合格的，颁发牌匾"; 004 方案8 "并予挂牌"),
 * funds follow the plaque: a studio still applying, under review, in publicity or on hold (暂缓授牌) gets none.
 */
const FUNDED_STATUSES = ['ESTABLISHED', 'RUNNING', 'WARNED', 'COMPLETED', 'RENEWED'];

const STATUS_NAMES: Record<string, string> = {
  APPLIED: '已申报',
  UNDER_REVIEW: '评审中',
  IN_PUBLICITY: '公示中',
  ON_HOLD: '暂缓授牌',
};

type StudioFunding = PeerAnswer<typeof STUDIO_FUNDING>['studio'];
type AllocateFunds = typeof AllocateFundsInput.$inferInput;

/**
 * Who may give: where the policy names who funds a studio without a sum (funding.provided, e.g. 000 四.4 建设经费由
 * 所在学校提供保障), a grant from a source it does not name (nor its standard's or matching's) is refused; a host's
 * stipend only where the policy grants one (funding.hostStipend), from the source it names.
 */
function refuseUnnamedSource(studio: StudioFunding, input: AllocateFunds) {
  if (input.stipend) {
    const stipend = studio.hostStipend;
    if (!stipend)
      throw userError('POLICY_VIOLATION', '该工作室执行的政策没有规定主持人工作补助，不能拨付补助', {
        rule: 'funding.hostStipend',
      });
    if (input.matching)
      throw userError('BAD_USER_INPUT', '主持人工作补助不是配套经费', { argumentName: 'matching', rule: 'funding.hostStipend' });
    if (stipend.source !== input.source)
      throw userError(
        'POLICY_VIOLATION',
        `主持人工作补助应由${FUNDING_SOURCES[stipend.source]}拨付（${stipend.seed}：${stipend.text}）`,
        { rule: 'funding.hostStipend', seed: stipend.seed },
      );
    return;
  }
  const provided = studio.fundingProvided;
  if (!provided) return;
  const named = new Set([...provided.sources, studio.fundingStandard?.source, studio.fundingMatching?.source]);
  if (!named.has(input.source)) {
    const who = [...named].flatMap((s) => (s ? [FUNDING_SOURCES[s]] : [])).join('、');
    throw userError(
      'POLICY_VIOLATION',
      `该工作室的经费由${who}提供（${provided.seed}：${provided.text}），不能由${FUNDING_SOURCES[input.source]}拨款`,
      { rule: 'funding.provided', seed: provided.seed, argumentName: 'source' },
    );
  }
}

/**
 * Allocates money to a studio for a year from one source, by that source's finance office, within the construction
 * cycle and the policy's standard for the source, never for a year a consequence withheld or stopped.
 */
export async function allocateFunds(ctx: SubgraphContext, input: AllocateFunds) {
  if (input.amount <= 0n) throw userError('BAD_USER_INPUT', '拨款金额应大于 0', { argumentName: 'amount' });
  // the studio, its cycle and its policy's standards, from the studios subgraph as this user
  const { studio } = await ctx.peers.ask(STUDIO_FUNDING, ctx.viewer, { id: input.studioId });
  const fact = { studioId: studio.id, regionCode: studio.region.code, hostSchoolId: studio.hostSchool.id };
  // a source is the budget of the office of its level: that office gives from it, or one above it
  assertMayChange(ctx.viewer, fact, input.source, ['finance'], '拨款');
  if (input.year < studio.startYear || input.year > studio.endYear) {
    throw userError('BAD_USER_INPUT', `${input.year} 年不在该工作室的建设周期（${studio.startYear}—${studio.endYear}）内`, {
      argumentName: 'year',
    });
  }
  // a grant is made under the programme: only for a year of its window
  refuseOutsideWindow(studio.policy, { year: input.year }, `拨付 ${input.year} 年经费`);
  const owed = studio.fundingMatching;
  // only the source the policy names matches (配套), and a matching row is never itself a grant to match
  if (input.matching && owed?.source !== input.source) {
    throw userError(
      'BAD_USER_INPUT',
      owed ? `配套经费应由${FUNDING_SOURCES[owed.source]}拨付` : '该工作室执行的政策没有配套经费的规定',
      { argumentName: 'matching', rule: 'funding.matching' },
    );
  }
  // a district's matching is the district's own to record: an office above cannot vouch for it
  if (input.matching && ctx.viewer.level !== input.source) {
    throw userError('FORBIDDEN', `配套经费须由拨付的${FUNDING_SOURCES[input.source]}主管部门自行录入`, {
      requiredLevel: input.source,
    });
  }
  refuseUnnamedSource(studio, input);
  return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
    await lockStudioFunds(tx, studio.id);
    if (studio.status === 'REVOKED') {
      throw userError('POLICY_VIOLATION', '工作室已撤销建制，不再拨款', { rule: 'funding.stopped' });
    }
    const plaque = studio.fundingAfterPlaque;
    if (plaque && !FUNDED_STATUSES.includes(studio.status)) {
      throw userError(
        'POLICY_VIOLATION',
        `工作室尚未授牌（当前状态：${STATUS_NAMES[studio.status] ?? studio.status}），经费在授牌后拨付（${plaque.seed}：${plaque.text}）`,
        { rule: 'funding.afterPlaque', seed: plaque.seed, status: studio.status },
      );
    }
    await refuseHeld(tx, studio.id, input.year, 'allocation');
    if (studio.fundingFollowsAnnualAssessment)
      await refuseUnarranged(tx, studio, input.year, studio.fundingFollowsAnnualAssessment);
    const stipend = studio.hostStipend;
    if (input.stipend && stipend?.amountPerYear) {
      const given = (await fundsOf(tx, studio.id, input.year, input.source, true)).allocated;
      if (given + input.amount > parseMoney(stipend.amountPerYear)) {
        throw userError(
          'POLICY_VIOLATION',
          `超出主持人工作补助标准：每年 ${stipend.amountPerYear} 元（${stipend.seed}），${input.year} 年已拨 ${formatMoney(given)} 元，本次 ${formatMoney(input.amount)} 元`,
          { rule: 'funding.hostStipend', seed: stipend.seed, standard: stipend.amountPerYear, allocated: formatMoney(given) },
        );
      }
    }
    const standard = studio.fundingStandard;
    if (!input.stipend && standard && standard.source === input.source) {
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
      stipend: input.stipend ?? false,
      matchRatioPermille:
        owed && owed.of === input.source && !input.matching && !input.stipend ? perMilleUp(owed.minRatio) : null,
      note: input.note?.trim() ?? '',
    });
    audit({
      action: 'allocateFunds',
      ...about('Allocation', allocation.id, fact),
      summary: `${input.year} 年${input.stipend ? '主持人工作补助' : '拨款'} ${formatMoney(input.amount)} 元（${input.source}${input.matching ? '，配套' : ''}）`,
    });
    return allocation;
  });
}
