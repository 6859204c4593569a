import { randomUUID } from 'node:crypto';
import { assertMayChange } from '../../../lib/auth.ts';
import { audit } from '../../../lib/audit.ts';
import { requireDate } from '../../../lib/input.ts';
import { userError } from '../../../lib/errors.ts';
import { findForChange, rowsLoader } from '../../../lib/loaders.ts';
import { publish } from '../../../lib/outbox.ts';
import { builder } from '../builder.ts';
import { findSchool, SchoolRef, teacherPlace } from '../school/school.schema.ts';
import { Teacher, TeacherTransfer } from './teacher.entity.ts';
import { TeacherRef } from './teacher.schema.ts';

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
    resolve: (x, _a, ctx) => rowsLoader(ctx, TeacherTransfer, 'teacherId', { orderBy: { movedOn: 'asc', at: 'asc' } }).load(x.id),
  }),
}));

builder.mutationField('transferTeacher', (t) =>
  t.field({
    type: TeacherRef,
    description:
      'Moves a teacher to another school on a date. Studios hear of it: a host who leaves the county loses the studio where the policy says so (000 五.6). 教师调动',
    args: {
      teacherId: t.arg.id({ required: true, description: 'The teacher who moves.' }),
      toSchoolId: t.arg.id({ required: true, description: 'The school they move to. 调入学校' }),
      movedOn: t.arg.string({ required: true, description: 'YYYY-MM-DD' }),
      reason: t.arg.string({ required: true, description: 'Why, for the record. 调动原因' }),
    },
    resolve: async (_root, args, ctx) => {
      requireDate(args.movedOn, 'movedOn');
      const reason = args.reason.trim();
      if (!reason) throw userError('BAD_USER_INPUT', '请填写调动原因', { argumentName: 'reason' });
      return ctx.em.transactional(async (tx) => {
        const teacher = await findForChange(tx, ctx.viewer, Teacher, String(args.teacherId), '教师', teacherPlace(ctx, tx));
        const txCtx = { ...ctx, em: tx };
        const from = await findSchool(txCtx, teacher.schoolId);
        const to = await findSchool(txCtx, String(args.toSchoolId));
        if (from.id === to.id) throw userError('BAD_USER_INPUT', '调入学校与现所在学校相同');
        // both ends must be the office's own: a county office moves teachers within its county, a city between its counties
        for (const school of [from, to]) {
          assertMayChange(
            ctx.viewer,
            { regionCode: school.regionCode, hostSchoolId: school.id },
            'COUNTY',
            ['editor'],
            '教师调动',
          );
        }
        teacher.schoolId = to.id;
        const transfer = tx.create(TeacherTransfer, {
          id: randomUUID(),
          teacherId: teacher.id,
          fromSchoolId: from.id,
          toSchoolId: to.id,
          movedOn: args.movedOn,
          reason,
          actor: ctx.viewer.subject,
          at: new Date(),
        });
        await tx.flush();
        // in the same transaction: the studios subgraph hears of it once, even if it is down right now
        await publish(tx, 'personnel.teacherTransferred', {
          transferId: transfer.id,
          teacherId: teacher.id,
          fromSchoolId: from.id,
          toSchoolId: to.id,
          fromRegionCode: from.regionCode,
          toRegionCode: to.regionCode,
          movedOn: args.movedOn,
        });
        // one entry at each end, each naming only its own school: an office sees the ends in its scope
        const moved = { action: 'transferTeacher', entity: 'Teacher', entityId: teacher.id };
        audit(tx, ctx.viewer, {
          ...moved,
          regionCode: from.regionCode,
          hostSchoolId: from.id,
          summary: `${teacher.name}：调出${from.name}（${args.movedOn}，${reason}）`,
          before: { schoolId: from.id },
        });
        audit(tx, ctx.viewer, {
          ...moved,
          regionCode: to.regionCode,
          hostSchoolId: to.id,
          summary: `${teacher.name}：调入${to.name}（${args.movedOn}，${reason}）`,
          after: { schoolId: to.id },
        });
        return teacher;
      });
    },
  }),
);
