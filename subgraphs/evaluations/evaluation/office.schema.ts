import { assertMayChange, regionInScope, type Viewer } from '../../../lib/auth.ts';
import { requireRegionCode } from '../../../lib/input.ts';
import { userError } from '../../../lib/errors.ts';
import { regionLevelOf, subtreePrefix, type RegionLevel } from '../../../lib/region-code.ts';
import { RegionLevelEnum } from '../analytics/evaluation-rollup.schema.ts';
import { builder, RegionRef } from '../builder.ts';
import type { Evaluation, EvaluationKind, OfficeLevel } from './evaluation.entity.ts';
import { EvaluationRef } from './evaluation.schema.ts';

/** Evaluations are organised by a province, city or county office, never by the nation. */
interface Office {
  regionCode: string;
  level: OfficeLevel;
}

const LEVEL_NAMES: Record<RegionLevel, string> = { NATION: '国家级', PROVINCE: '省级', CITY: '市级', COUNTY: '县级' };

const EvaluatingOfficeRef = builder.objectRef<Office>('EvaluatingOffice').implement({
  description: 'The office that evaluates (评估机关): an education office of a region at its level.',
  fields: (t) => ({
    region: t.field({ type: RegionRef, description: 'The office’s region. 地区', resolve: (o) => ({ code: o.regionCode }) }),
    level: t.field({ type: RegionLevelEnum, description: 'The office’s level. 层级', resolve: (o) => o.level }),
  }),
});

builder.objectFields(EvaluationRef, (t) => ({
  evaluatingOffice: t.field({
    type: EvaluatingOfficeRef,
    description:
      'Who evaluates: the office that scheduled it, or the one it named. Rows from before it was kept: the annual assessment by the county, others by the city (000 五.1, 五.2).',
    resolve: (e) => ({ regionCode: e.evaluatorRegionCode, level: e.evaluatorLevel }),
  }),
}));

import type { StudioLevel } from '../../../lib/vocabulary.ts';

export type { StudioLevel };

/**
 * The lowest office that may evaluate: the studio's county (or, for a city-run school, its city) for the annual
 * assessment (000 五.2); for the others the office that set the studio up (000 五.1, 五.3: the city for a
 * municipal studio; 004 方案8 八: the county for a county studio).
 */
function lowestEvaluatingOffice(kind: EvaluationKind, studio: { regionCode: string; level: StudioLevel }): string {
  const region = studio.regionCode;
  if (kind === 'ANNUAL' || studio.level === 'COUNTY' || studio.level === 'SCHOOL') return region;
  if (studio.level === 'PROVINCIAL') return `${region.slice(0, 2)}0000`;
  return regionLevelOf(region) === 'COUNTY' ? `${region.slice(0, 4)}00` : region;
}

/**
 * The office a new evaluation names: the one asked for, or else the scheduling viewer's own office. It must be
 * the studio's region or above it, no lower than the office that evaluates this kind of evaluation of this
 * studio (BAD_USER_INPUT when asked for, FORBIDDEN for the viewer's own), and in the viewer's scope (FORBIDDEN).
 */
export function evaluatingOfficeFor(
  viewer: Viewer,
  studio: { regionCode: string; level: StudioLevel },
  kind: EvaluationKind,
  asked: string | null | undefined,
): Office {
  const code = asked ? requireRegionCode(asked, 'evaluatingRegion') : viewer.regionCode;
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
  const lowest = lowestEvaluatingOffice(kind, studio);
  if (!lowest.startsWith(subtreePrefix(code))) {
    throw userError(
      asked ? 'BAD_USER_INPUT' : 'FORBIDDEN',
      `该评估须由 ${lowest} ${LEVEL_NAMES[regionLevelOf(lowest)]}或其上级主管部门组织，${code} 不能作为评估机关`,
      { argumentName: 'evaluatingRegion', lowestEvaluatingRegion: lowest },
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
  assertMayChange(viewer, evaluation, 'COUNTY', ['evaluator'], what);
  if (!regionInScope(viewer, evaluation.evaluatorRegionCode)) {
    throw userError(
      'FORBIDDEN',
      `无权办理${what}：该评估由 ${evaluation.evaluatorRegionCode} ${LEVEL_NAMES[evaluation.evaluatorLevel as RegionLevel]}主管部门组织，须由该部门或其上级办理`,
      { evaluatingRegion: evaluation.evaluatorRegionCode },
    );
  }
}
