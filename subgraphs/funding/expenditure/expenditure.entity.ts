import { defineEntity, p } from '@mikro-orm/core';
import { aboutStudio } from '../../../lib/entity.ts';

/** The allowed uses of studio funds (003 attachment). */
export type SpendingCategory =
  | 'RESEARCH'
  | 'SEMINAR'
  | 'BOOKS'
  | 'EQUIPMENT'
  | 'EXPERT_FEES'
  | 'CONFERENCE'
  | 'NETWORK'
  | 'GUIDANCE'
  | 'PUBLICATION'
  | 'OTHER';

const ExpenditureSchema = defineEntity({
  name: 'Expenditure',
  tableName: 'expenditure',
  properties: {
    id: p.uuid().primary(),
    ...aboutStudio(),
    year: p.integer(),
    category: p.string().$type<SpendingCategory>(),
    /** Integer fen. */
    amountFen: p.bigint(),
    spentOn: p.string().columnType('date'),
    voucher: p.string(),
    /** Counted as spent only when BOOKED: both signatures given (003 经费办法). */
    status: p.string().$type<'PENDING_SIGNATURES' | 'BOOKED'>(),
    purpose: p.string().nullable(),
    hostSignedBy: p.string().nullable(),
    legalSignedBy: p.string().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Expenditure extends ExpenditureSchema.class {}
ExpenditureSchema.setClass(Expenditure);
