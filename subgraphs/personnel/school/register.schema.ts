import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { builder } from '../builder.ts';
import { School } from './school.entity.ts';
import { SchoolRef } from './school.schema.ts';
import { IMPORT_ROWS } from '../../../lib/graphql/input.ts';
import { ImportSchoolsInput, RegisterSchoolInput, SCHOOL_ROWS, UpdateSchoolInput } from './register.inputs.ts';
import { importSchools, registerSchool, updateSchool } from './register.service.ts';

builder.objectFields(SchoolRef, (t) => ({
  version: t.exposeInt('version', { description: 'Send it back to change the school.' }),
}));

const SchoolImportReportRef = builder.objectRef<{ schools: School[] }>('SchoolImportReport').implement({
  description: 'What a schools import registered (导入结果).',
  fields: (t) => ({
    imported: t.int({ description: 'How many schools were registered.', resolve: (r) => r.schools.length }),
    schools: t.field({ type: [SchoolRef], description: 'The schools registered, in file order.', resolve: (r) => r.schools }),
  }),
});

builder.mutationFields((t) => ({
  importSchools: t.field({
    type: SchoolImportReportRef,
    deprecationReason: replacedBy('schoolsImport'),
    description: `Registers schools from a spreadsheet's rows (学校名称, 行政区划代码, 学段), all or nothing; at most ${IMPORT_ROWS.importSchools} rows. 导入学校`,
    args: { rows: t.arg(SCHOOL_ROWS) },
    resolve: (_root, args, ctx) => importSchools(ctx, args),
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
  replaces: { name: 'registerSchool', input: 'The school to register.' },
});

payloadMutation(builder, {
  name: 'schoolUpdate',
  field: 'school',
  description: "Changes a school's name, stage or region (the region only while it has no teachers). 修改学校信息",
  input: UpdateSchoolInput,
  type: SchoolRef,
  resolve: updateSchool,
  replaces: { name: 'updateSchool', input: 'The changes, with the version read.' },
});

payloadMutation(builder, {
  name: 'schoolsImport',
  field: 'report',
  description: `Registers schools from a spreadsheet's rows (学校名称, 行政区划代码, 学段), all or nothing; at most ${IMPORT_ROWS.importSchools} rows; a refused file is a userError quoting its bad cells. 导入学校`,
  input: ImportSchoolsInput,
  type: SchoolImportReportRef,
  resolve: importSchools,
});
