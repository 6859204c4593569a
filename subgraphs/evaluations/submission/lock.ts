import type { EntityManager } from '@mikro-orm/postgresql';
import { userError } from '../../../lib/graphql.ts';
import { regionLevelOf } from '../../../lib/region-code.ts';
import type { EvaluationKind } from '../evaluation/evaluation.entity.ts';
import { AnnualSubmission, LOCKED_STATUSES } from './submission.entity.ts';

/**
 * Serializes changes to one county-year's annual results against its submission: changing results takes the lock
 * shared, submitting or deciding takes it exclusively, so a result cannot slip in while the county submits.
 */
export async function lockCountyYear(tx: EntityManager, regionCode: string, year: number, mode: 'shared' | 'exclusive') {
  const fn = mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock';
  await tx
    .getConnection()
    .execute(
      `select ${fn}(hashtextextended(?, 0))`,
      [`annual_submission:${regionCode}:${year}`],
      'all',
      tx.getTransactionContext(),
    );
}

/**
 * Refuses a change to an ANNUAL evaluation (scheduling one, recording its result) of a county and year whose results
 * the county has submitted to its city (000 五.2): locked while the city looks at them, for good once it accepted
 * them; a returned submission is open again. Call it inside the change's transaction.
 */
export async function assertAnnualResultsOpen(
  tx: EntityManager,
  evaluation: { kind: EvaluationKind; regionCode: string; year: number },
): Promise<void> {
  if (evaluation.kind !== 'ANNUAL' || regionLevelOf(evaluation.regionCode) !== 'COUNTY') return;
  const { regionCode, year } = evaluation;
  await lockCountyYear(tx, regionCode, year, 'shared');
  const submission = await tx.findOne(AnnualSubmission, { regionCode, year }, { refresh: true });
  if (!submission || !LOCKED_STATUSES.includes(submission.status)) return;
  const message =
    submission.status === 'ACCEPTED'
      ? `该县（${regionCode}）${year} 年年度考核结果已上报市级并被接收，已锁定`
      : `该县（${regionCode}）${year} 年年度考核结果已上报市级、待市级审核，已锁定；如需更改，请市级退回后再改`;
  throw userError('CONFLICT', message, {
    rule: 'annualSubmission.locked',
    seed: '000 五.2',
    regionCode,
    year,
    submissionStatus: submission.status,
  });
}
