/**
 * The documents the project's own tools send (`npm run import`): registered like the exports' (hub.ts), so an
 * office's editor can import under TRUSTED_DOCUMENTS=explorers or enforce, and named, so metrics count them by name.
 */
export const IMPORT_TEACHERS =
  'mutation ImportTeachers($rows: [TeacherRowInput!]!, $mode: TeacherImportMode) { result: importTeachers(rows: $rows, mode: $mode) { imported updated } }';
export const IMPORT_SCHOOLS =
  'mutation ImportSchools($rows: [SchoolRowInput!]!) { result: importSchools(rows: $rows) { imported } }';
export const DRAFT_POLICY =
  'mutation DraftPolicy($input: DraftPolicyInput!) { draftPolicy(input: $input) { id versions { number status rules { code inheritedFrom } } } }';

export const TOOL_DOCUMENTS = [IMPORT_TEACHERS, IMPORT_SCHOOLS, DRAFT_POLICY];
