import {
  EVALUATING_OFFICES,
  EVALUATION_KINDS,
  OFFICE_LEVELS,
  type EvaluatingOffice,
  type StudioLevel,
} from '../../../lib/domain/vocabulary.ts';
import { assertMayChange, regionInScope } from '../../../lib/auth/scope.ts';
import type { Viewer } from '../../../lib/auth/viewer.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { regionLevelOf, subtreePrefix } from '../../../lib/domain/region-code.ts';
import type { Evaluation, EvaluationKind } from './evaluation.entity.ts';

/** Evaluations are organised by a province, city or county office, or by the studio's own school; never by the nation. */
export interface Office {
  regionCode: string;
  level: EvaluatingOffice;
}

/** A studio as its evaluating office is decided: where it is, its level, and who its policy says evaluates. */
export interface EvaluatedStudio {
  regionCode: string;
  level: StudioLevel;
  /** evaluation.offices of the studio's policy: who records each kind (a 二次评估 as its creation evaluation). */
  offices: readonly { kind: EvaluationKind; office: EvaluatingOffice; seed: string }[];
}

/** The office of a level over a region: the region's own at or above it (a city-run school's studio has its city). */
function officeOver(region: string, level: Exclude<EvaluatingOffice, 'SCHOOL'>): string {
  if (level === 'PROVINCE') return `${region.slice(0, 2)}0000`;
  if (level === 'CITY' && regionLevelOf(region) === 'COUNTY') return `${region.slice(0, 4)}00`;
  return region;
}

/**
 * The lowest office that may evaluate, as the studio's policy names it (evaluation.offices); for a policy naming
 * none, the studio's county (or, for a city-run school, its city) for the annual assessment (000 五.2) and for the
 * others the office that set the studio up (000 五.1, 五.3: the city for a municipal studio; 004 方案8 八: the county
 * for a county studio). SCHOOL: the studio's own school.
 */
function lowestEvaluatingOffice(
  kind: EvaluationKind,
  studio: EvaluatedStudio,
): { office: EvaluatingOffice | string; seed?: string } {
  const stated = studio.offices.find((o) => o.kind === (kind === 'SECOND_EVALUATION' ? 'CREATION' : kind));
  if (stated) {
    return { office: stated.office === 'SCHOOL' ? 'SCHOOL' : officeOver(studio.regionCode, stated.office), seed: stated.seed };
  }
  const region = studio.regionCode;
  if (kind === 'ANNUAL' || studio.level === 'COUNTY' || studio.level === 'SCHOOL') return { office: region };
  return { office: officeOver(region, studio.level === 'PROVINCIAL' ? 'PROVINCE' : 'CITY') };
}

/**
 * The office a new evaluation names: the one asked for, or else the scheduling viewer's own office (a school user:
 * its school, where the policy has the school evaluate). It must be the studio's region or above it, no lower than
 * the office that evaluates this kind of evaluation of this studio (BAD_USER_INPUT when asked for, FORBIDDEN for the
 * viewer's own), and in the viewer's scope (FORBIDDEN).
 */
export function evaluatingOfficeFor(
  viewer: Viewer,
  studio: EvaluatedStudio,
  kind: EvaluationKind,
  asked: string | null | undefined,
): Office {
  const lowest = lowestEvaluatingOffice(kind, studio);
  const by = lowest.seed ? `（${lowest.seed}）` : '';
  if (viewer.level === 'SCHOOL') {
    // a school evaluates only where the studio's programme names it, and only as itself
    if (lowest.office === 'SCHOOL' && !asked) return { regionCode: studio.regionCode, level: 'SCHOOL' };
    if (lowest.office === 'SCHOOL')
      throw userError('BAD_USER_INPUT', '学校安排的评估由本校组织，不能另行指定评估机关（evaluatingRegion）', {
        argumentName: 'evaluatingRegion',
      });
    throw userError(
      'FORBIDDEN',
      `该工作室执行的政策规定${EVALUATION_KINDS[kind]}由${lowest.office} ${OFFICE_LEVELS[regionLevelOf(lowest.office)]}或其上级主管部门组织${by}，学校不能安排`,
      { argumentName: 'evaluatingRegion', lowestEvaluatingRegion: lowest.office },
    );
  }
  const code = asked || viewer.regionCode;
  const level = regionLevelOf(code);
  if (level === 'NATION') {
    throw userError(
      asked ? 'BAD_USER_INPUT' : 'FORBIDDEN',
      '评估由省、市、县级主管部门组织：请用 evaluatingRegion 指定评估机关',
      {
        argumentName: 'evaluatingRegion',
      },
    );
  }
  const lowestRegion = lowest.office === 'SCHOOL' ? studio.regionCode : lowest.office;
  if (!lowestRegion.startsWith(subtreePrefix(code))) {
    throw userError(
      asked ? 'BAD_USER_INPUT' : 'FORBIDDEN',
      `该评估须由 ${lowestRegion} ${OFFICE_LEVELS[regionLevelOf(lowestRegion)]}或其上级主管部门组织${by}，${code} 不能作为评估机关`,
      { argumentName: 'evaluatingRegion', lowestEvaluatingRegion: lowestRegion },
    );
  }
  if (!regionInScope(viewer, code)) {
    throw userError('FORBIDDEN', `无权以 ${code} 的名义安排评估：您的权限范围是行政区划 ${viewer.regionCode} 及其下级`, {
      regionCode: code,
    });
  }
  return { regionCode: code, level };
}

/**
 * A change only the evaluating office, or an office above it, makes (results, rectification opinions): an
 * evaluator of at least county level with the studio in scope, whose region holds the evaluating office's.
 */
export function assertEvaluatingOffice(viewer: Viewer, evaluation: Evaluation, what: string): void {
  assertMayChange(viewer, evaluation, evaluation.evaluatorLevel === 'SCHOOL' ? 'SCHOOL' : 'COUNTY', ['evaluator'], what);
  if (!regionInScope(viewer, evaluation.evaluatorRegionCode)) {
    throw userError(
      'FORBIDDEN',
      `无权办理${what}：该评估由 ${evaluation.evaluatorRegionCode} ${EVALUATING_OFFICES[evaluation.evaluatorLevel as EvaluatingOffice]}组织，须由该部门或其上级办理`,
      { evaluatingRegion: evaluation.evaluatorRegionCode },
    );
  }
}
