import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { auditField } from '../../../lib/data/audit.ts';
import { builder, NodeRef } from '../builder.ts';
import { RegionRef } from '../region/region.schema.ts';
import { Teacher } from './teacher.entity.ts';
import { TeacherRef } from './teacher.schema.ts';
import { IMPORT_ROWS } from '../../../lib/graphql/input.ts';
import { ImportModeEnum, ImportTeachersInput, TEACHER_ROWS } from './import.inputs.ts';
import { importTeachers } from './import.service.ts';

const ImportReportRef = builder.objectRef<{ teachers: Teacher[]; updated: Teacher[] }>('TeacherImportReport').implement({
  description: 'What a teachers import recorded (导入结果).',
  fields: (t) => ({
    imported: t.int({ description: 'How many teachers were added.', resolve: (r) => r.teachers.length }),
    teachers: t.field({ type: [TeacherRef], description: 'The teachers added, in file order.', resolve: (r) => r.teachers }),
    updated: t.int({ description: 'How many teachers were updated (UPDATE mode).', resolve: (r) => r.updated.length }),
  }),
});

builder.mutationField('importTeachers', (t) =>
  t.field({
    type: ImportReportRef,
    deprecationReason: replacedBy('teachersImport'),
    description: `Imports teachers from a spreadsheet's rows (000 附件4), all or nothing; at most ${IMPORT_ROWS.importTeachers} rows. 导入教师`,
    args: {
      rows: t.arg(TEACHER_ROWS),
      mode: t.arg({ type: ImportModeEnum, required: false, description: 'CREATE unless given.' }),
    },
    resolve: (_root, args, ctx) => importTeachers(ctx, args),
  }),
);

auditField(builder, RegionRef, NodeRef, 'personnelChanges', 'schools and teachers');

payloadMutation(builder, {
  name: 'teachersImport',
  field: 'report',
  description: `Imports teachers from a spreadsheet's rows (000 附件4), all or nothing; at most ${IMPORT_ROWS.importTeachers} rows. 导入教师`,
  input: ImportTeachersInput,
  type: ImportReportRef,
  resolve: importTeachers,
});
