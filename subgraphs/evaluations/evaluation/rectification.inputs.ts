import { LocalDate } from '../../../lib/graphql/shapes.ts';
import { builder } from '../builder.ts';

export const AddRectificationOpinionInput = builder.inputType('AddRectificationOpinionInput', {
  description: 'A rectification opinion on a completed evaluation. 整改意见',
  fields: (t) => ({
    evaluationId: t.id({ required: true, description: 'A completed evaluation.' }),
    opinion: t.string({ required: true, description: 'What must be put right. 整改意见' }),
    deadline: t.string({ required: true, validate: LocalDate, description: 'YYYY-MM-DD, today or later.' }),
  }),
});

export const ResolveRectificationInput = builder.inputType('ResolveRectificationInput', {
  description: 'A rectification reported done. 整改完成',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The rectification opinion.' }),
    note: t.string({ required: true, description: 'What was done.' }),
  }),
});
