import { fundingSourceEnum } from '../../../lib/graphql/enums.ts';
import type { FundingSource } from '../../../lib/domain/vocabulary.ts';
import { builder } from '../builder.ts';
import { StudioRef } from '../studio/studio.schema.ts';
import { rulesOf } from './policy.queries.ts';
import { fundingMatching, type FundingMatching, type FundingStandard } from './funding.ts';
import { studioFundingStandard } from './funding.queries.ts';

const FundingSourceEnum = fundingSourceEnum(builder);
const FundingStandardRef = builder.objectRef<FundingStandard>('FundingStandard').implement({
  description: "A policy's yearly grant for a studio from one source (资助标准).",
  fields: (t) => ({
    source: t.field({ type: FundingSourceEnum, description: 'Who gives it. 经费来源', resolve: (s) => s.source }),
    amountPerYear: t.field({ type: 'Money', description: 'Yuan a year. 每年资助金额', resolve: (s) => s.amountPerYearFen }),
    basis: t.exposeString('basis', { description: 'How the sum is reached, e.g. 区属学校工作室每年 40000 元.' }),
    seed: t.exposeString('seed', { description: 'Seed file and section of the rule.' }),
    text: t.exposeString('text', { description: 'The rule’s words in the seed. 原文' }),
  }),
});
const FundingMatchingRef = builder.objectRef<FundingMatching>('FundingMatchingRule').implement({
  description: "Matching funds one source owes against another's grant (配套), e.g. a district matching the city 1:1.",
  fields: (t) => ({
    source: t.field({ type: FundingSourceEnum, description: 'Who owes the matching. 配套方', resolve: (m) => m.source }),
    of: t.field({ type: FundingSourceEnum, description: 'Whose grant it matches.', resolve: (m) => m.of }),
    minRatio: t.string({
      description: 'The lowest ratio, as a decimal string ("1" for 1:1).',
      resolve: (m) => String(m.minRatio),
    }),
    seed: t.exposeString('seed', { description: 'Seed file and section of the rule.' }),
    text: t.exposeString('text', { description: 'The rule’s words in the seed. 原文' }),
  }),
});

const FundingClauseRef = builder.objectRef<{ seed: string; text: string }>('FundingClause').implement({
  description: 'The clause of a policy that states a funding rule, and its words.',
  fields: (t) => ({
    seed: t.exposeString('seed', { description: 'Seed file and section of the rule.' }),
    text: t.exposeString('text', { description: 'The rule’s words in the seed. 原文' }),
  }),
});

const FundingProvidedRef = builder
  .objectRef<{ value: { sources: FundingSource[] }; seed: string; text: string }>('FundingProvided')
  .implement({
    description: 'Who must fund the studio where the policy names no sum (建设经费由所在学校提供保障).',
    fields: (t) => ({
      sources: t.field({ type: [FundingSourceEnum], description: 'The sources named. 出资方', resolve: (r) => r.value.sources }),
      seed: t.exposeString('seed', { description: 'Seed file and section of the rule.' }),
      text: t.exposeString('text', { description: 'The rule’s words in the seed. 原文' }),
    }),
  });
const HostStipendRef = builder
  .objectRef<{ value: { source: FundingSource; yuanPerYear?: number }; seed: string; text: string }>('HostStipendRule')
  .implement({
    description: "The host's work stipend the policy grants (主持人工作补助).",
    fields: (t) => ({
      source: t.field({ type: FundingSourceEnum, description: 'Who pays it. 经费来源', resolve: (r) => r.value.source }),
      amountPerYear: t.field({
        type: 'Money',
        nullable: true,
        description: 'Yuan a year at most; null where the clause gives no sum. 每年补助上限',
        resolve: (r) => (r.value.yuanPerYear ? BigInt(r.value.yuanPerYear) * 100n : null),
      }),
      seed: t.exposeString('seed', { description: 'Seed file and section of the rule.' }),
      text: t.exposeString('text', { description: 'The rule’s words in the seed. 原文' }),
    }),
  });

builder.objectFields(StudioRef, (t) => ({
  fundingStandard: t.field({
    type: FundingStandardRef,
    nullable: true,
    description: "The yearly grant the studio's policy sets, if it sets one.",
    resolve: (studio, _a, ctx) => studioFundingStandard(ctx, studio),
  }),
  fundingMatching: t.field({
    type: FundingMatchingRef,
    nullable: true,
    description: 'The matching the policy requires for this studio, if any.',
    resolve: async (studio, _a, ctx) => fundingMatching(await rulesOf(ctx, studio.policyId, studio.policyVersion), studio),
  }),
  fundingAfterPlaque: t.field({
    type: FundingClauseRef,
    nullable: true,
    description:
      "The clause, where the studio's policy funds it only once it is plaqued (funding.afterPlaque: 000 五.3, 004 方案8 五(一)3); null where it funds a studio from its founding.",
    resolve: async (studio, _a, ctx) =>
      (await rulesOf(ctx, studio.policyId, studio.policyVersion)).get('funding.afterPlaque') ?? null,
  }),
  fundingProvided: t.field({
    type: FundingProvidedRef,
    nullable: true,
    description:
      'Who must fund the studio, where its policy names the sources without a sum (funding.provided: 000 四.4, 001 八(三)); grants from other sources are refused. Null where it does not.',
    resolve: async (studio, _a, ctx) =>
      (await rulesOf(ctx, studio.policyId, studio.policyVersion)).get('funding.provided') ?? null,
  }),
  hostStipend: t.field({
    type: HostStipendRef,
    nullable: true,
    description:
      "The host's work stipend, where the studio's policy grants one (funding.hostStipend: 004 方案9 四.3); null where it does not, and no stipend may be allocated.",
    resolve: async (studio, _a, ctx) =>
      (await rulesOf(ctx, studio.policyId, studio.policyVersion)).get('funding.hostStipend') ?? null,
  }),
  yearlyBudgetClause: t.string({
    nullable: true,
    description:
      "The seed, where the studio's policy asks for a budget every year (funding.budget.yearly: 003 经费办法 第一条); funding judges it as `budgetObligation`. Else null.",
    resolve: async (studio, _a, ctx) =>
      (await rulesOf(ctx, studio.policyId, studio.policyVersion)).get('funding.budget.yearly')?.seed ?? null,
  }),
  fundingFollowsAnnualAssessment: t.string({
    nullable: true,
    description:
      "The seed, where the policy funds each year after the cycle's first only once the year before passed its annual assessment (004 方案8 八(一)); else null.",
    resolve: async (studio, _a, ctx) =>
      (await rulesOf(ctx, studio.policyId, studio.policyVersion)).get('consequence.annualFail.withholdNextYear')?.seed ?? null,
  }),
}));
