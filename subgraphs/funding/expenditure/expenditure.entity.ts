import { defineEntity, p } from '@mikro-orm/core';
import { aboutStudio } from '../../../lib/entity.ts';

/** The allowed uses of studio funds (003 经费办法 第三条), with their names. */
export const SPENDING_CATEGORIES = {
  RESEARCH: '教育科研',
  SEMINAR: '研讨交流',
  BOOKS: '图书资料',
  EQUIPMENT: '办公设备',
  EXPERT_FEES: '专家劳务',
  CONFERENCE: '会务',
  NETWORK: '网络建设',
  GUIDANCE: '指导考察',
  PUBLICATION: '成果出版',
  OTHER: '其他集体开支',
} as const;
export type SpendingCategory = keyof typeof SPENDING_CATEGORIES;

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
