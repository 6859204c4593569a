import { z } from 'zod';
import { peerQuery } from '../../lib/peers.ts';
import { EVALUATION_KINDS, STUDIO_LEVELS, zodEnum } from '../../lib/vocabulary.ts';

/** What evaluations asks other subgraphs (lib/peers.ts `peerQuery`): each query beside the schema of its answer. */

const id = z.string();
const byId = z.object({ id });
const scheduled = { id, level: zodEnum(STUDIO_LEVELS), region: z.object({ code: z.string() }), hostSchool: z.object({ id }) };
const SCHEDULED = 'id level region { code } hostSchool { id }';

/** A studio to evaluate: its level, region, host school and cycle, and its policy's evaluation plan. */
export const STUDIO_PLAN = peerQuery(
  'studios',
  `query ($id: ID!) { studio(id: $id) { ${SCHEDULED} startYear endYear evaluationPlan { kind year seed } } }`,
  {
    variables: byId,
    answer: z.object({
      studio: z.object({
        ...scheduled,
        startYear: z.number(),
        endYear: z.number(),
        evaluationPlan: z.array(z.object({ kind: zodEnum(EVALUATION_KINDS), year: z.number(), seed: z.string() })),
      }),
    }),
  },
);

/** A studio's region, host school and current members. */
export const STUDIO_TEAM = peerQuery(
  'studios',
  'query ($id: ID!) { studio(id: $id) { id region { code } hostSchool { id } members { teacher { id } } } }',
  {
    variables: byId,
    answer: z.object({
      studio: z
        .object({
          id,
          region: z.object({ code: z.string() }),
          hostSchool: z.object({ id }),
          members: z.array(z.object({ teacher: z.object({ id }) })),
        })
        .nullable(),
    }),
  },
);
