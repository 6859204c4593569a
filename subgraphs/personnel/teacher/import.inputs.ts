import { importRows, IMPORT_ROWS } from '../../../lib/graphql/input.ts';
import { builder } from '../builder.ts';

export const ImportModeEnum = builder.enumType('TeacherImportMode', {
  description: '导入方式',
  values: {
    CREATE: { description: 'Only new teachers: a row naming a teacher already at the school is refused. 新增' },
    UPDATE: {
      description:
        'A row naming a teacher already at the school (same 姓名 and 单位) updates that teacher; the rest are added. 更新',
    },
  } as const,
});

export const TeacherRowInput = builder.inputType('TeacherRowInput', {
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

export const TEACHER_ROWS = importRows(TeacherRowInput, IMPORT_ROWS.importTeachers);

export const ImportTeachersInput = builder.inputType('ImportTeachersInput', {
  description: 'A spreadsheet of teachers to import (000 附件4). 导入教师',
  fields: (t) => ({
    rows: t.field(TEACHER_ROWS),
    mode: t.field({ type: ImportModeEnum, required: false, description: 'CREATE unless given.' }),
  }),
});
