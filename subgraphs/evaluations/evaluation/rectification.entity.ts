import { defineEntity, p } from '@mikro-orm/core';
import { aboutStudio, timestamps } from '../../../lib/data/entity.ts';

/**
 * A rectification opinion (整改意见) the evaluators gave on a completed evaluation, with its deadline, and how the
 * studio's side resolved it (000 五.3: 根据专家整改意见及时整改). Open until resolved; overdue is computed.
 */
const RectificationSchema = defineEntity({
  name: 'Rectification',
  tableName: 'evaluation_rectification',
  properties: {
    id: p.uuid().primary(),
    evaluationId: p.uuid(),
    ...aboutStudio(),
    opinion: p.text(),
    deadline: p.string().columnType('date'),
    createdBy: p.string(),
    resolvedAt: p.datetime().nullable(),
    resolvedBy: p.string().nullable(),
    note: p.text().nullable(),
    version: p.integer().version(),
    ...timestamps(),
  },
});

export class Rectification extends RectificationSchema.class {}
RectificationSchema.setClass(Rectification);
