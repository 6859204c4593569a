import { defineEntity, p } from '@mikro-orm/core';

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
    studioId: p.uuid(),
    regionCode: p.string().length(6),
    /** The studio's host school, for school users' scope; null on rows recorded before it was kept. */
    hostSchoolId: p.uuid().nullable(),
    year: p.integer(),
    category: p.string().$type<SpendingCategory>(),
    /** Integer fen. */
    amountFen: p.bigint(),
    spentOn: p.string().columnType('date'),
    voucher: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});

export class Expenditure extends ExpenditureSchema.class {}
ExpenditureSchema.setClass(Expenditure);
