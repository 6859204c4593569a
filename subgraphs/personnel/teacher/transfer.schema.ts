import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { findSchool } from '../school/school.queries.ts';
import { SchoolRef } from '../school/school.schema.ts';
import type { TeacherTransfer } from './teacher.entity.ts';
import { transfersOf } from './teacher.queries.ts';
import { TeacherRef } from './teacher.schema.ts';
import { TransferTeacherInput } from './transfer.inputs.ts';
import { transferTeacher } from './transfer.service.ts';
import { LocalDate } from '../../../lib/graphql/shapes.ts';

const TransferRef = builder.objectRef<TeacherTransfer>('TeacherTransfer').implement({
  description: 'A move between schools (调动).',
  fields: (t) => ({
    from: t.field({
      type: SchoolRef,
      description: 'The school left. 调出学校',
      resolve: (x, _a, ctx) => findSchool(ctx, x.fromSchoolId),
    }),
    to: t.field({
      type: SchoolRef,
      description: 'The school joined. 调入学校',
      resolve: (x, _a, ctx) => findSchool(ctx, x.toSchoolId),
    }),
    movedOn: t.exposeString('movedOn', { description: 'The day of the move, YYYY-MM-DD. 调动日期' }),
    reason: t.exposeString('reason', { description: 'Why, as recorded. 调动原因' }),
  }),
});

builder.objectFields(TeacherRef, (t) => ({
  transfers: t.field({
    type: [TransferRef],
    description: 'Moves between schools, oldest first.',
    resolve: (x, _a, ctx) => transfersOf(ctx, x.id),
  }),
}));

builder.mutationField('transferTeacher', (t) =>
  t.field({
    type: TeacherRef,
    deprecationReason: replacedBy('teacherTransfer'),
    description:
      'Moves a teacher to another school on a date. Studios hear of it: a host who leaves the county loses the studio where the policy says so (000 五.6). 教师调动',
    args: {
      teacherId: t.arg.id({ required: true, description: 'The teacher who moves.' }),
      toSchoolId: t.arg.id({ required: true, description: 'The school they move to. 调入学校' }),
      movedOn: t.arg.string({ required: true, validate: LocalDate, description: 'YYYY-MM-DD' }),
      reason: t.arg.string({ required: true, description: 'Why, for the record. 调动原因' }),
    },
    resolve: (_root, args, ctx) => transferTeacher(ctx, args),
  }),
);

payloadMutation(builder, {
  name: 'teacherTransfer',
  field: 'teacher',
  description:
    'Moves a teacher to another school on a date. Studios hear of it: a host who leaves the county loses the studio where the policy says so (000 五.6). 教师调动',
  input: TransferTeacherInput,
  type: TeacherRef,
  resolve: transferTeacher,
});
