import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { auditField } from '../../../lib/data/audit.ts';
import { builder, NodeRef } from '../builder.ts';
import { RegionRef } from '../region/region.schema.ts';
import { Teacher } from './teacher.entity.ts';
import { TeacherRef } from './teacher.schema.ts';
import { IMPORT_ROWS } from '../../../lib/graphql/input.ts';
import { importTeachers } from './import.service.ts';
import { Rows } from '../../../lib/graphql/shapes.ts';

const ImportModeEnum = builder.enumType('TeacherImportMode', {
  description: '导入方式',
  values: {
    CREATE: { description: 'Only new teachers: a row naming a teacher already at the school is refused. 新增' },
    UPDATE: {
      description:
        'A row naming a teacher already at the school (same 姓名 and 单位) updates that teacher; the rest are added. 更新',
    },
  } as const,
});

const TeacherRow = builder.inputType('TeacherRowInput', {
  description: 'One spreadsheet row, cells as typed (000 附件4).',
  fields: (t) => ({
    row: t.int({ required: true, description: 'The row number in the file, for the report.' }),
    name: t.string({ description: '姓名' }),
    school: t.string({ description: "单位 (the school's full name)" }),
    age: t.string({ description: '年龄' }),
    gender: t.string({ description: '性别（男/女，000 附件3）' }),
    birthDate: t.string({ description: '出生日期（如 1980-05-12 或 1980/5/12，000 附件3）' }),
    headTeacherYears: t.string({ description: '班主任工作年限' }),
    title: t.string({ description: '职称' }),
    stage: t.string({ description: '学段' }),
    subject: t.string({ description: '任教学科' }),
    municipalExcellent: t.string({ description: '市级优秀班主任（是/否）' }),
  }),
});

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
      rows: t.arg({
        type: [TeacherRow],
        required: true,
        validate: Rows(IMPORT_ROWS.importTeachers),
        description: 'The spreadsheet’s rows, cells as typed.',
      }),
      mode: t.arg({ type: ImportModeEnum, required: false, description: 'CREATE unless given.' }),
    },
    resolve: (_root, { rows, mode }, ctx) => importTeachers(ctx, rows, mode ?? 'CREATE'),
  }),
);

auditField(builder, RegionRef, NodeRef, 'personnelChanges', 'schools and teachers');

const ImportTeachersInput = builder.inputType('ImportTeachersInput', {
  description: 'A spreadsheet of teachers to import (000 附件4). 导入教师',
  fields: (t) => ({
    rows: t.field({
      type: [TeacherRow],
      required: true,
      validate: Rows(IMPORT_ROWS.importTeachers),
      description: 'The spreadsheet’s rows, cells as typed.',
    }),
    mode: t.field({ type: ImportModeEnum, required: false, description: 'CREATE unless given.' }),
  }),
});

payloadMutation(builder, {
  name: 'teachersImport',
  field: 'report',
  description: `Imports teachers from a spreadsheet's rows (000 附件4), all or nothing; at most ${IMPORT_ROWS.importTeachers} rows. 导入教师`,
  input: ImportTeachersInput,
  type: ImportReportRef,
  resolve: (ctx, { rows, mode }) => importTeachers(ctx, rows, mode ?? 'CREATE'),
});
