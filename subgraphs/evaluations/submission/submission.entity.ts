import { defineEntity, p } from '@mikro-orm/core';
import { timestamps } from '../../../lib/entity.ts';

/**
 * Where a county's annual assessment results stand with its city (000 五.2). NOT_STARTED and DRAFT are never
 * stored: without a row a county-year is a DRAFT once it has an annual evaluation, NOT_STARTED before.
 */
export type AnnualSubmissionStatus = 'NOT_STARTED' | 'DRAFT' | 'SUBMITTED' | 'ACCEPTED' | 'RETURNED';
export type StoredSubmissionStatus = Exclude<AnnualSubmissionStatus, 'NOT_STARTED'>;

/** Submitted results wait for the city, accepted ones are final: either way nobody changes them. */
export const LOCKED_STATUSES: readonly AnnualSubmissionStatus[] = ['SUBMITTED', 'ACCEPTED'];

const AnnualSubmissionSchema = defineEntity({
  name: 'AnnualSubmission',
  tableName: 'annual_submission',
  properties: {
    id: p.uuid().primary(),
    /** The county whose results these are. */
    regionCode: p.string().length(6),
    year: p.integer(),
    status: p.string().$type<StoredSubmissionStatus>(),
    /** Why the city returned them; only while RETURNED. */
    returnReason: p.text().nullable(),
    submittedBy: p.string().nullable(),
    submittedAt: p.datetime().nullable(),
    /** Who at the city (or province) accepted or returned them, and when. */
    decidedBy: p.string().nullable(),
    decidedAt: p.datetime().nullable(),
    version: p.integer().version(),
    ...timestamps(),
  },
});

export class AnnualSubmission extends AnnualSubmissionSchema.class {}
AnnualSubmissionSchema.setClass(AnnualSubmission);
