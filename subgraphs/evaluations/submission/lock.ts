import type { EntityManager } from '@mikro-orm/postgresql';
import { userError } from '../../../lib/graphql/errors.ts';
import { regionLevelOf } from '../../../lib/domain/region-code.ts';
import type { EvaluationKind } from '../evaluation/evaluation.entity.ts';
import { AnnualSubmission, LOCKED_STATUSES } from './submission.entity.ts';

/**
 * Who reports annual results to the city (000 五.2 "各县(市、区）教体局、局属学校……上报市教育体育局"): a county
 * (`schoolId` null), or a city-run school (局属学校: its studios are registered at the city's code, with their host
 * school), under its city's code.
 */
export interface SubmissionUnit {
  regionCode: string;
  schoolId: string | null;
}

/** The unit an evaluation's annual results belong to: its county, or its city-run host school; none otherwise. */
export function unitOf(evaluation: { regionCode: string; hostSchoolId?: string | null }): SubmissionUnit | null {
  const level = regionLevelOf(evaluation.regionCode);
  if (level === 'COUNTY') return { regionCode: evaluation.regionCode, schoolId: null };
  if (level === 'CITY' && evaluation.hostSchoolId)
    return { regionCode: evaluation.regionCode, schoolId: evaluation.hostSchoolId };
  return null;
}

export const unitKey = (unit: SubmissionUnit) => (unit.schoolId ? `${unit.regionCode}:${unit.schoolId}` : unit.regionCode);

/** The unit in words: 该县（410422） / 该局属学校（410400 下 <id>）. */
export const unitName = (unit: SubmissionUnit) =>
  unit.schoolId ? `该局属学校（${unit.regionCode} 下 ${unit.schoolId}）` : `该县（${unit.regionCode}）`;

/**
 * Serializes changes to one unit-year's annual results against its submission: changing results takes the lock
 * shared, submitting or deciding takes it exclusively, so a result cannot slip in while the unit submits.
 */
export async function lockUnitYear(tx: EntityManager, unit: SubmissionUnit, year: number, mode: 'shared' | 'exclusive') {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await tx
    .getConnection()
    .execute(
      `select ${fn}(hashtextextended(?, 0))`,
      [`annual_submission:${unitKey(unit)}:${year}`],
      'all',
      tx.getTransactionContext(),
    );
}

/**
 * Refuses a change to an ANNUAL evaluation (scheduling one, recording its result) of a unit and year whose results
 * the unit (a county, or a city-run school) has submitted to its city (000 五.2): locked while the city looks at
 * them, for good once it accepted them; a returned submission is open again. Call it inside the change's transaction.
 */
export async function assertAnnualResultsOpen(
  tx: EntityManager,
  evaluation: { kind: EvaluationKind; regionCode: string; hostSchoolId?: string | null; year: number },
): Promise<void> {
  const unit = evaluation.kind === 'ANNUAL' ? unitOf(evaluation) : null;
  if (!unit) return;
  const { year } = evaluation;
  await lockUnitYear(tx, unit, year, 'shared');
  const submission = await tx.findOne(
    AnnualSubmission,
    { regionCode: unit.regionCode, schoolId: unit.schoolId, year },
    { refresh: true },
  );
  if (!submission || !LOCKED_STATUSES.includes(submission.status)) return;
  const message =
    submission.status === 'ACCEPTED'
      ? `${unitName(unit)}${year} 年年度考核结果已上报市级并被接收，已锁定`
      : `${unitName(unit)}${year} 年年度考核结果已上报市级、待市级审核，已锁定；如需更改，请市级退回后再改`;
  throw userError('CONFLICT', message, {
    rule: 'annualSubmission.locked',
    seed: '000 五.2',
    regionCode: unit.regionCode,
    ...(unit.schoolId ? { schoolId: unit.schoolId } : {}),
    year,
    submissionStatus: submission.status,
  });
}
