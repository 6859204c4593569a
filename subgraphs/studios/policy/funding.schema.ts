import { fundingSourceEnum, type FundingSource, type SubgraphContext } from '../../../lib/graphql.ts';
import { regionLevelOf } from '../../../lib/region-code.ts';
import { builder } from '../builder.ts';
import { StudioMember } from '../membership/membership.entity.ts';
import type { Studio } from '../studio/studio.entity.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { rulesOf } from './policy.schema.ts';
import type { Rules } from './rules.ts';

/**
 * What a studio's policy says about its money (funding.standard, funding.matching): the funding subgraph asks
 * for it when money is allocated, so the policy stays the one place the standards live.
 */
export interface FundingStandard {
  source: FundingSource;
  /** Integer fen a year. */
  amountPerYearFen: bigint;
  basis: string;
  seed: string;
  text: string;
}
export interface FundingMatching {
  source: FundingSource;
  of: FundingSource;
  /** e.g. 1 for 1:1. */
  minRatio: number;
  seed: string;
  text: string;
}

/** A city-run school (市直属学校) is registered at its city's (or province's) code; a district school at its district's. */
const hostSchoolKind = (studio: Studio) => (regionLevelOf(studio.regionCode) === 'COUNTY' ? 'DISTRICT' : 'CITY_RUN');

/** The yearly standard from the policy's source; a per-member standard counts the current team, the host not counted. */
export function fundingStandard(rules: Rules, studio: Studio, memberCount: number): FundingStandard | null {
  const rule = rules.get('funding.standard');
  if (!rule) return null;
  const v = rule.value;
  const kind = hostSchoolKind(studio);
  const [yuan, basis] = v.yuanPerYear
    ? [v.yuanPerYear, `每年 ${v.yuanPerYear} 元`]
    : v.yuanPerYearByHostSchool
      ? [
          v.yuanPerYearByHostSchool[kind],
          `${kind === 'CITY_RUN' ? '市直属学校' : '区属学校'}工作室每年 ${v.yuanPerYearByHostSchool[kind]} 元`,
        ]
      : [
          v.yuanPerMemberPerSemester! * memberCount * 2,
          `每学期人均 ${v.yuanPerMemberPerSemester} 元 × ${memberCount} 人 × 2 学期`,
        ];
  return { source: v.source, amountPerYearFen: BigInt(yuan) * 100n, basis, seed: rule.seed, text: rule.text };
}

/** Matching applies to studios in district schools (003 经费办法 第二条: 对本区的市名班主任工作室). */
export function fundingMatching(rules: Rules, studio: Studio): FundingMatching | null {
  const rule = rules.get('funding.matching');
  if (!rule || hostSchoolKind(studio) !== 'DISTRICT') return null;
  return { ...rule.value, seed: rule.seed, text: rule.text };
}

const FundingSourceEnum = fundingSourceEnum(builder);
const FundingStandardRef = builder.objectRef<FundingStandard>('FundingStandard').implement({
  description: "A policy's yearly grant for a studio from one source (资助标准).",
  fields: (t) => ({
    source: t.field({ type: FundingSourceEnum, resolve: (s) => s.source }),
    amountPerYear: t.field({ type: 'Money', resolve: (s) => s.amountPerYearFen }),
    basis: t.exposeString('basis', { description: 'How the sum is reached, e.g. 区属学校工作室每年 40000 元.' }),
    seed: t.exposeString('seed'),
    text: t.exposeString('text'),
  }),
});
const FundingMatchingRef = builder.objectRef<FundingMatching>('FundingMatchingRule').implement({
  description: "Matching funds one source owes against another's grant (配套), e.g. a district matching the city 1:1.",
  fields: (t) => ({
    source: t.field({ type: FundingSourceEnum, resolve: (m) => m.source }),
    of: t.field({ type: FundingSourceEnum, resolve: (m) => m.of }),
    minRatio: t.string({
      description: 'The lowest ratio, as a decimal string ("1" for 1:1).',
      resolve: (m) => String(m.minRatio),
    }),
    seed: t.exposeString('seed'),
    text: t.exposeString('text'),
  }),
});

async function currentTeamSize(ctx: SubgraphContext, studioId: string): Promise<number> {
  return ctx.em.count(StudioMember, { studioId, leftOn: null });
}

builder.objectFields(StudioRef, (t) => ({
  fundingStandard: t.field({
    type: FundingStandardRef,
    nullable: true,
    description: "The yearly grant the studio's policy sets, if it sets one.",
    resolve: async (studio, _a, ctx) => {
      const rules = await rulesOf(ctx, studio.policyId);
      if (!rules.get('funding.standard')) return null;
      return fundingStandard(rules, studio, await currentTeamSize(ctx, studio.id));
    },
  }),
  fundingMatching: t.field({
    type: FundingMatchingRef,
    nullable: true,
    description: 'The matching the policy requires for this studio, if any.',
    resolve: async (studio, _a, ctx) => fundingMatching(await rulesOf(ctx, studio.policyId), studio),
  }),
}));
