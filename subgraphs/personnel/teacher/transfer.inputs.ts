import { LocalDate } from '../../../lib/graphql/shapes.ts';
import { builder } from '../builder.ts';

export const TransferTeacherInput = builder.inputType('TransferTeacherInput', {
  description: 'A teacher moving to another school. 教师调动',
  fields: (t) => ({
    teacherId: t.id({ required: true, description: 'The teacher who moves.' }),
    toSchoolId: t.id({ required: true, description: 'The school they move to. 调入学校' }),
    movedOn: t.string({ required: true, validate: LocalDate, description: 'YYYY-MM-DD' }),
    reason: t.string({ required: true, description: 'Why, for the record. 调动原因' }),
  }),
});
