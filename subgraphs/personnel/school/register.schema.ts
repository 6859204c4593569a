import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { School } from './school.entity.ts';
import { SchoolRef, StageEnum } from './school.schema.ts';
import { IMPORT_ROWS } from '../../../lib/graphql/input.ts';
import { importSchools, registerSchool, updateSchool } from './register.service.ts';
import { Rows } from '../../../lib/graphql/shapes.ts';

builder.objectFields(SchoolRef, (t) => ({
  version: t.exposeInt('version', { description: 'Send it back to change the school.' }),
}));

const RegisterSchoolInput = builder.inputType('RegisterSchoolInput', {
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

const UpdateSchoolInput = builder.inputType('UpdateSchoolInput', {
  description: 'Changes to a registered school; fields left out stay as they are (修改学校信息).',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The school’s id.' }),
    version: t.int({ required: true, description: "The school's version you read." }),
    name: t.string({ description: 'A new full name. 学校名称' }),
    regionCode: t.string({ description: 'Only while the school has no teachers (their studios and records lie there).' }),
    stage: t.field({ type: StageEnum, description: 'A new stage. 学段' }),
  }),
});

const SchoolRowInput = builder.inputType('SchoolRowInput', {
  description: 'One spreadsheet row of schools, cells as typed.',
  fields: (t) => ({
    row: t.int({ required: true, description: 'The row number in the file, for the report.' }),
    name: t.string({ description: '学校名称' }),
    regionCode: t.string({ description: '行政区划代码（县区代码；局属/市直属学校填市的代码）' }),
    stage: t.string({ description: '学段（小学/初中/高中/中职）' }),
  }),
});

const SchoolImportReportRef = builder.objectRef<{ schools: School[] }>('SchoolImportReport').implement({
  description: 'What a schools import registered (导入结果).',
  fields: (t) => ({
    imported: t.int({ description: 'How many schools were registered.', resolve: (r) => r.schools.length }),
    schools: t.field({ type: [SchoolRef], description: 'The schools registered, in file order.', resolve: (r) => r.schools }),
  }),
});

builder.mutationFields((t) => ({
  registerSchool: t.field({
    deprecationReason: replacedBy('schoolRegister'),
    type: SchoolRef,
    description:
      "Registers a school in a county, or one a city or province runs directly at the city's or province's code (局属/市直属). 登记学校",
    args: { input: t.arg({ type: RegisterSchoolInput, required: true, description: 'The school to register.' }) },
    resolve: (_root, { input }, ctx) => registerSchool(ctx, input),
  }),
  updateSchool: t.field({
    deprecationReason: replacedBy('schoolUpdate'),
    type: SchoolRef,
    description: "Changes a school's name, stage or region (the region only while it has no teachers). 修改学校信息",
    args: { input: t.arg({ type: UpdateSchoolInput, required: true, description: 'The changes, with the version read.' }) },
    resolve: (_root, { input }, ctx) => updateSchool(ctx, input),
  }),
  importSchools: t.field({
    type: SchoolImportReportRef,
    deprecationReason: replacedBy('schoolsImport'),
    description: `Registers schools from a spreadsheet's rows (学校名称, 行政区划代码, 学段), all or nothing; at most ${IMPORT_ROWS.importSchools} rows. 导入学校`,
    args: {
      rows: t.arg({
        type: [SchoolRowInput],
        required: true,
        validate: Rows(IMPORT_ROWS.importSchools),
        description: 'The spreadsheet’s rows, cells as typed.',
      }),
    },
    resolve: (_root, { rows }, ctx) => importSchools(ctx, rows),
  }),
}));

payloadMutation(builder, {
  name: 'schoolRegister',
  field: 'school',
  description:
    "Registers a school in a county, or one a city or province runs directly at the city's or province's code (局属/市直属). 登记学校",
  input: RegisterSchoolInput,
  type: SchoolRef,
  resolve: registerSchool,
});

payloadMutation(builder, {
  name: 'schoolUpdate',
  field: 'school',
  description: "Changes a school's name, stage or region (the region only while it has no teachers). 修改学校信息",
  input: UpdateSchoolInput,
  type: SchoolRef,
  resolve: updateSchool,
});

const ImportSchoolsInput = builder.inputType('ImportSchoolsInput', {
  description: 'A spreadsheet of schools to register (导入学校).',
  fields: (t) => ({
    rows: t.field({
      type: [SchoolRowInput],
      required: true,
      validate: Rows(IMPORT_ROWS.importSchools),
      description: 'The spreadsheet’s rows, cells as typed.',
    }),
  }),
});

payloadMutation(builder, {
  name: 'schoolsImport',
  field: 'report',
  description: `Registers schools from a spreadsheet's rows (学校名称, 行政区划代码, 学段), all or nothing; at most ${IMPORT_ROWS.importSchools} rows; a refused file is a userError quoting its bad cells. 导入学校`,
  input: ImportSchoolsInput,
  type: SchoolImportReportRef,
  resolve: (ctx, { rows }) => importSchools(ctx, rows),
});
