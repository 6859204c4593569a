import { defineEntity, p } from '@mikro-orm/core';
import { studioFact } from '../../../lib/data/entity.ts';

import type { SpendingCategory } from '../../../lib/domain/vocabulary.ts';

const ExpenditureSchema = defineEntity({
  name: 'Expenditure',
  tableName: 'expenditure',
  properties: {
    ...studioFact(),
    year: p.integer(),
    category: p.string().$type<SpendingCategory>(),
    /** Integer fen. */
    amountFen: p.bigint(),
    spentOn: p.string().columnType('date'),
    voucher: p.string(),
    /** Counted as spent only when BOOKED: both signatures given (003 经费办法). */
    status: p.string().$type<'PENDING_SIGNATURES' | 'BOOKED'>(),
    purpose: p.string().nullable(),
    /** Who signed (the token's subject) and when: the host, and the host school's legal representative. */
    hostSignedBy: p.string().nullable(),
    hostSignedAt: p.datetime().nullable(),
    legalSignedBy: p.string().nullable(),
    legalSignedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    /** Moves with every change (a signature), for incremental sync. */
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Expenditure extends ExpenditureSchema.class {}
ExpenditureSchema.setClass(Expenditure);
