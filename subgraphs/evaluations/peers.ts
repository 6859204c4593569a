import { z } from 'zod';
import { peerQuery } from '../../lib/service/peers.ts';
import { EVALUATING_OFFICES, EVALUATION_KINDS, GRADES, STUDIO_LEVELS, zodEnum } from '../../lib/domain/vocabulary.ts';

/** What evaluations asks other subgraphs (lib/service/peers.ts `peerQuery`): each query beside the schema of its answer. */

const id = z.string();
const byId = z.object({ id });
const scheduled = { id, level: zodEnum(STUDIO_LEVELS), region: z.object({ code: z.string() }), hostSchool: z.object({ id }) };
const SCHEDULED = 'id level region { code } hostSchool { id }';

/** A rule of the studio's policy as studios states it (StatedRule): its value, JSON, read by `value`. */
const statedRule = <T extends z.ZodType>(value: T) =>
  z
    .object({
      value: z
        .string()
        .transform((v) => JSON.parse(v) as unknown)
        .pipe(value),
      seed: z.string(),
      text: z.string(),
    })
    .nullable();
const STATED = '{ value seed text }';
const grade = zodEnum(GRADES);

/** A studio to evaluate: its level, region, host school and cycle, and its policy's evaluation plan, offices, commendation and grades. */
export const STUDIO_PLAN = peerQuery(
  'studios',
  `query ($id: ID!) { studio(id: $id) { ${SCHEDULED} startYear endYear evaluationPlan { kind year seed } evaluatingOffices { kind office seed } studioCommendationRule ${STATED} evaluationGradesRule ${STATED} } }`,
  {
    variables: byId,
    answer: z.object({
      studio: z.object({
        ...scheduled,
        startYear: z.number(),
        endYear: z.number(),
        evaluationPlan: z.array(z.object({ kind: zodEnum(EVALUATION_KINDS), year: z.number(), seed: z.string() })),
        evaluatingOffices: z.array(
          z.object({ kind: zodEnum(EVALUATION_KINDS), office: zodEnum(EVALUATING_OFFICES), seed: z.string() }),
        ),
        studioCommendationRule: statedRule(z.object({ kind: zodEnum(EVALUATION_KINDS), minGrade: grade })),
        evaluationGradesRule: statedRule(z.partialRecord(zodEnum(EVALUATION_KINDS), z.array(grade))),
      }),
    }),
  },
);

/** A studio's region, host school and current members, and its policy's member rating and commendation rules. */
export const STUDIO_TEAM = peerQuery(
  'studios',
  `query ($id: ID!) { studio(id: $id) { id region { code } hostSchool { id } members { teacher { id } } memberRatingRule ${STATED} memberCommendationRule ${STATED} } }`,
  {
    variables: byId,
    answer: z.object({
      studio: z
        .object({
          id,
          region: z.object({ code: z.string() }),
          hostSchool: z.object({ id }),
          members: z.array(z.object({ teacher: z.object({ id }) })),
          memberRatingRule: statedRule(z.object({ scale: z.array(grade), failLeaves: z.boolean().optional() })),
          memberCommendationRule: statedRule(z.object({ minGrade: grade })),
        })
        .nullable(),
    }),
  },
);
