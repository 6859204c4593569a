import type { Builder } from './context.ts';
import { FUNDING_SOURCES, GENDERS, HONOR_LEVELS, OBLIGATION_STATES, STAGES, STUDIO_LEVELS } from '../domain/vocabulary.ts';

/** The GraphQL enums of the shared vocabulary (lib/domain/vocabulary.ts), the same in every subgraph that uses them. */

/** Enum values described by their Chinese names, in order: `{ PASS: '合格' }` → `{ PASS: { description: '合格' } }`. */
export function enumValues<V extends string>(names: Record<V, string>): Record<V, { description: string }> {
  return Object.fromEntries(Object.entries(names).map(([value, description]) => [value, { description }])) as Record<
    V,
    { description: string }
  >;
}

/** 学段: the same enum in every subgraph that uses it, so they compose. */
export const stageEnum = (builder: Builder) =>
  builder.enumType('Stage', { description: 'School stage. 学段', values: enumValues(STAGES) });

export const genderEnum = (builder: Builder) =>
  builder.enumType('Gender', {
    description: 'A teacher’s sex, as on the recommendation form (000 附件3). 性别',
    values: enumValues(GENDERS),
  });

/** 荣誉级别: the same enum in every subgraph that uses it, so they compose. */
export const honorLevelEnum = (builder: Builder) =>
  builder.enumType('HonorLevel', {
    description: 'The level of the office that gave an honor or approved a project. 荣誉级别',
    values: enumValues(HONOR_LEVELS),
  });

/** 经费来源: the same enum in every subgraph that uses it, so they compose. */
export const fundingSourceEnum = (builder: Builder) =>
  builder.enumType('FundingSource', {
    description: 'Which level’s budget money comes from. 经费来源',
    values: enumValues(FUNDING_SOURCES),
  });

/** 工作室级别. */
export const studioLevelEnum = (builder: Builder) =>
  builder.enumType('StudioLevel', {
    description: 'The level of the office that set the studio up. 工作室级别',
    values: enumValues(STUDIO_LEVELS),
  });

/** 完成情况: the same enum in studios (obligations) and funding (the yearly budget), so they compose. */
export const obligationStateEnum = (builder: Builder) =>
  builder.enumType('ObligationState', {
    description: 'How an obligation stands. 完成情况',
    values: enumValues(OBLIGATION_STATES),
  });
