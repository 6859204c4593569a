import type { FundingSource } from '../../../lib/domain/vocabulary.ts';
import { regionLevelOf } from '../../../lib/domain/region-code.ts';
import type { Studio } from '../studio/studio.entity.ts';
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
const hostSchoolKind = (studio: Pick<Studio, 'regionCode'>) =>
  regionLevelOf(studio.regionCode) === 'COUNTY' ? 'DISTRICT' : 'CITY_RUN';

/** The yearly standard from the policy's source; a per-member standard counts the current team, the host not counted. */
export function fundingStandard(rules: Rules, studio: Pick<Studio, 'regionCode'>, memberCount: number): FundingStandard | null {
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
export function fundingMatching(rules: Rules, studio: Pick<Studio, 'regionCode'>): FundingMatching | null {
  const rule = rules.get('funding.matching');
  if (!rule || hostSchoolKind(studio) !== 'DISTRICT') return null;
  return { ...rule.value, seed: rule.seed, text: rule.text };
}
