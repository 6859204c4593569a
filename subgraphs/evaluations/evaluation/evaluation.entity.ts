import { defineEntity, p } from '@mikro-orm/core';
import { studioFact, timestamps } from '../../../lib/data/entity.ts';
import { regionLevelOf } from '../../../lib/domain/region-code.ts';
import type { EvaluatingOffice, EvaluationKind, EvaluationStatus, Grade } from '../../../lib/domain/vocabulary.ts';

export type { EvaluationKind, EvaluationStatus, Grade };

/**
 * The office that evaluates when nobody said which (rows from before the office was kept, the demo): the annual
 * assessment by the studio's county (000 五.2: 各县(市、区)教体局…进行年度考核), every other evaluation by the
 * studio's city (000 五.1: 市教育体育局…创建评估与届满考核); a studio of a city- or province-run school by that city
 * or province itself. Migration20261123020000_depth backfills with the same rule in SQL.
 */
export function defaultEvaluatingOffice(
  kind: EvaluationKind,
  regionCode: string,
): { regionCode: string; level: EvaluatingOffice } {
  const code = kind === 'ANNUAL' || regionLevelOf(regionCode) !== 'COUNTY' ? regionCode : `${regionCode.slice(0, 4)}00`;
  // a studio's region is a province, city or county, never the nation
  return { regionCode: code, level: regionLevelOf(code) as EvaluatingOffice };
}

/** What grade of this evaluation the studio's programme commends (commendation.studio), and its clause. */
export interface CommendationRule {
  minGrade: Grade;
  seed: string;
  text: string;
}

/** The grades the studio's programme gives this kind of evaluation (evaluation.grades), and its clause. */
export interface GradesRule {
  grades: Grade[];
  seed: string;
  text: string;
}

const EvaluationSchema = defineEntity({
  name: 'Evaluation',
  tableName: 'evaluation',
  properties: {
    ...studioFact(),
    kind: p.string().$type<EvaluationKind>(),
    year: p.integer(),
    status: p.string().$type<EvaluationStatus>(),
    result: p.string().$type<Grade>().nullable(),
    /** The evaluating office (评估机关): its region and level; set when scheduled, else `defaultEvaluatingOffice`. */
    evaluatorRegionCode: p
      .string()
      .length(6)
      .onCreate((e: { kind: EvaluationKind; regionCode: string }) => defaultEvaluatingOffice(e.kind, e.regionCode).regionCode),
    evaluatorLevel: p
      .string()
      .$type<EvaluatingOffice>()
      .onCreate((e: { kind: EvaluationKind; regionCode: string }) => defaultEvaluatingOffice(e.kind, e.regionCode).level),
    /** The programme's commendation rule for this evaluation when it was scheduled (commendation.studio); null: none. */
    commendationRule: p.json<CommendationRule>().nullable(),
    /** The programme's scale for this kind when it was scheduled (evaluation.grades); null: the hub's (grades.ts). */
    gradesRule: p.json<GradesRule>().nullable(),
    /** The clause under which the result is due a commendation (表彰), and why; null when none is due. */
    commendationSeed: p.string().nullable(),
    commendationText: p.string().nullable(),
    /** The day the result was recorded; null on results recorded before it was kept (and the demo's). */
    completedOn: p.string().columnType('date').nullable(),
    version: p.integer().version(),
    ...timestamps(),
  },
});

export class Evaluation extends EvaluationSchema.class {}
EvaluationSchema.setClass(Evaluation);
