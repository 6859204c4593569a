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

/** A GraphQL enum of a vocabulary: its values those of `names`, each described by its Chinese name. */
export const vocabularyEnum = <V extends string>(builder: Builder, name: string, description: string, names: Record<V, string>) =>
  builder.enumType(name, { description, values: enumValues(names) });

/** Several vocabularies' enums at once, by name: `{ Grade: ['评估结果', GRADES] }` gives `{ Grade: EnumRef }`. */
export function vocabularyEnums<T extends Record<string, readonly [description: string, names: Record<string, string>]>>(
  builder: Builder,
  enums: T,
) {
  return Object.fromEntries(
    Object.entries(enums).map(([name, [description, names]]) => [name, vocabularyEnum(builder, name, description, names)]),
  ) as { [K in keyof T]: ReturnType<typeof vocabularyEnum<Extract<keyof T[K][1], string>>> };
}

/** An enum of the shared vocabulary, declared alike in every subgraph that uses it, so they compose. */
const sharedEnum =
  <V extends string>(name: string, description: string, names: Record<V, string>) =>
  (builder: Builder) =>
    vocabularyEnum(builder, name, description, names);

/** 学段. */
export const stageEnum = sharedEnum('Stage', 'School stage. 学段', STAGES);

/** 性别. */
export const genderEnum = sharedEnum('Gender', 'A teacher’s sex, as on the recommendation form (000 附件3). 性别', GENDERS);

/** 荣誉级别. */
export const honorLevelEnum = sharedEnum(
  'HonorLevel',
  'The level of the office that gave an honor or approved a project. 荣誉级别',
  HONOR_LEVELS,
);

/** 经费来源. */
export const fundingSourceEnum = sharedEnum('FundingSource', 'Which level’s budget money comes from. 经费来源', FUNDING_SOURCES);

/** 工作室级别. */
export const studioLevelEnum = sharedEnum(
  'StudioLevel',
  'The level of the office that set the studio up. 工作室级别',
  STUDIO_LEVELS,
);

/** 完成情况: the same enum in studios (obligations) and funding (the yearly budget). */
export const obligationStateEnum = sharedEnum('ObligationState', 'How an obligation stands. 完成情况', OBLIGATION_STATES);
