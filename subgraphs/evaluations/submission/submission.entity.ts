import { defineEntity, p } from '@mikro-orm/core';
import { timestamps } from '../../../lib/data/entity.ts';
import type { AnnualSubmissionStatus } from '../../../lib/domain/vocabulary.ts';

/**
 * Where a unit's annual assessment results stand with its city (000 五.2): a county's, or a city-run school's
 * (局属学校, under its city's code). NOT_STARTED and DRAFT are never stored: without a row a unit-year is a DRAFT once
 * it has an annual evaluation, NOT_STARTED before.
 */
export type { AnnualSubmissionStatus };
export type StoredSubmissionStatus = Exclude<AnnualSubmissionStatus, 'NOT_STARTED'>;

/** Submitted results wait for the city, accepted ones are final: either way nobody changes them. */
export const LOCKED_STATUSES: readonly AnnualSubmissionStatus[] = ['SUBMITTED', 'ACCEPTED'];

const AnnualSubmissionSchema = defineEntity({
  name: 'AnnualSubmission',
  tableName: 'annual_submission',
  properties: {
    id: p.uuid().primary(),
    /** The county whose results these are; for a city-run school, its city. */
    regionCode: p.string().length(6),
    /** The city-run school (局属学校) whose results these are; null for a county's. */
    schoolId: p.uuid().nullable(),
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
