import { RegionCode, Year } from '../../../lib/graphql/shapes.ts';
import type { HubTypes } from '../../../lib/graphql/context.ts';
import { builder } from '../builder.ts';

type Types = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;
/** Whose annual results, for which year, as each step's input and (submission.schema.ts) its deprecated arguments. */
export const COUNTY_CODE = {
  required: true,
  validate: RegionCode,
  description: "The county's code; for a city-run school, its city's.",
} as const;
export const YEAR = { required: true, validate: Year, description: 'The year of the annual assessment. 年度' } as const;
export const SCHOOL = 'The city-run school (局属学校) whose results.';
export const VERSION_READ = { required: true, description: 'The version you read.' } as const;

/** Whose annual results, for which year: the fields of each step's input. */
const annualFields = (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  countyCode: t.id(COUNTY_CODE),
  schoolId: t.id({ required: false, description: SCHOOL }),
  year: t.int(YEAR),
});

export const SubmitAnnualResultsInput = builder.inputType('SubmitAnnualResultsInput', {
  description: "A county's (or city-run school's) annual results to submit. 上报年度考核结果",
  fields: (t) => ({
    ...annualFields(t),
    version: t.int({ description: 'The version you read (0 before the first submission).' }),
  }),
});
export const AcceptAnnualResultsInput = builder.inputType('AcceptAnnualResultsInput', {
  description: 'Submitted annual results to accept. 接收年度考核结果',
  fields: (t) => ({ ...annualFields(t), version: t.int(VERSION_READ) }),
});
export const ReturnAnnualResultsInput = builder.inputType('ReturnAnnualResultsInput', {
  description: 'Submitted annual results to return, with the reason. 退回年度考核结果',
  fields: (t) => ({
    ...annualFields(t),
    version: t.int(VERSION_READ),
    reason: t.string({ required: true, description: '退回原因：写明须修改什么' }),
  }),
});
