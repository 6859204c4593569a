import { importRows, IMPORT_ROWS } from '../../../lib/graphql/input.ts';
import { builder, StageEnum } from '../builder.ts';

export const RegisterSchoolInput = builder.inputType('RegisterSchoolInput', {
  description: 'A school to register (登记学校).',
  fields: (t) => ({
    name: t.string({ required: true, description: "The school's full name (学校全称)." }),
    regionCode: t.string({
      required: true,
      description: "A county's code; a city's or province's for a school it runs directly (局属/市直属/省属).",
    }),
    stage: t.field({ type: StageEnum, required: true, description: 'The stage it teaches. 学段' }),
  }),
});

export const UpdateSchoolInput = builder.inputType('UpdateSchoolInput', {
  description: 'Changes to a registered school; fields left out stay as they are (修改学校信息).',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The school’s id.' }),
    version: t.int({ required: true, description: "The school's version you read." }),
    name: t.string({ description: 'A new full name. 学校名称' }),
    regionCode: t.string({ description: 'Only while the school has no teachers (their studios and records lie there).' }),
    stage: t.field({ type: StageEnum, description: 'A new stage. 学段' }),
  }),
});

export const SchoolRowInput = builder.inputType('SchoolRowInput', {
  description: 'One spreadsheet row of schools, cells as typed.',
  fields: (t) => ({
    row: t.int({ required: true, description: 'The row number in the file, for the report.' }),
    name: t.string({ description: '学校名称' }),
    regionCode: t.string({ description: '行政区划代码（县区代码；局属/市直属学校填市的代码）' }),
    stage: t.string({ description: '学段（小学/初中/高中/中职）' }),
  }),
});

export const SCHOOL_ROWS = importRows(SchoolRowInput, IMPORT_ROWS.importSchools);

export const ImportSchoolsInput = builder.inputType('ImportSchoolsInput', {
  description: 'A spreadsheet of schools to register (导入学校).',
  fields: (t) => ({ rows: t.field(SCHOOL_ROWS) }),
});
