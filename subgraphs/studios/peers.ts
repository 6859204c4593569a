import { z } from 'zod';
import { peerQuery } from '../../lib/service/peers.ts';
import { FACTS } from './policy/eligibility.ts';
import { EVALUATION_KINDS, EVALUATION_STATUSES, GRADES, HONOR_LEVELS, STAGES, zodEnum } from '../../lib/domain/vocabulary.ts';

/** What studios asks other subgraphs (lib/service/peers.ts `peerQuery`): each query beside the schema of its answer. */

const id = z.string();
const byId = z.object({ id });
const place = z.object({ id, region: z.object({ code: z.string() }) });

const level = zodEnum(HONOR_LEVELS);

/** A teacher's facts as eligibility reads them, in the shape of their field list (`FACTS`). */
const facts = {
  headTeacherYears: z.number(),
  title: z.string().nullable(),
  activeHeadTeacher: z.boolean(),
  age: z.number().nullable(),
  retirementMonth: z.string().nullable(),
  stage: zodEnum(STAGES),
  highestHonorLevel: zodEnum(HONOR_LEVELS).nullable(),
  highestClassHonorLevel: zodEnum(HONOR_LEVELS).nullable(),
  school: z.object({ region: z.object({ code: z.string() }) }),
  honors: z.array(z.object({ title: z.string(), level, kind: z.string() })),
  researchProjects: z.array(z.object({ level, role: z.string() })),
  publications: z.array(z.object({ level: level.nullable(), monograph: z.boolean(), coreJournal: z.boolean() })),
};

/**
 * A teacher before a change judges them (applying for a studio, joining one, renewing): name, school and region,
 * with their facts.
 */
export const TEACHER_FACTS = peerQuery(
  'personnel',
  `query ($id: ID!) { teacher(id: $id) { id name school { id region { code } } ${FACTS} } }`,
  {
    variables: byId,
    answer: z.object({ teacher: z.object({ id, name: z.string(), ...facts, school: place }) }),
  },
);

/**
 * Several teachers' facts at once (a policy's impact on every host and member of its studios: which of them fail
 * depends on the facts of all, so no entity field can carry them; see ARCHITECTURE.md).
 */
export const TEACHERS_FACTS = peerQuery(
  'personnel',
  `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Teacher { id ${FACTS} } } }`,
  {
    variables: z.object({ r: z.array(z.object({ __typename: z.literal('Teacher'), id })) }),
    answer: z.object({ _entities: z.array(z.object({ id, ...facts }).nullable()) }),
  },
);

/** Where a teacher works: school and region (before a nomination, a waiver or an application to join a studio). */
export const TEACHER_PLACE = peerQuery(
  'personnel',
  'query ($id: ID!) { teacher(id: $id) { id school { id region { code } } } }',
  {
    variables: byId,
    answer: z.object({ teacher: z.object({ id, school: place }) }),
  },
);

/** A studio's evaluations, from their owner. */
export const STUDIO_EVALUATIONS = peerQuery(
  'evaluations',
  `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Studio { evaluations { kind year status result } } } }`,
  {
    variables: z.object({ r: z.array(z.object({ __typename: z.literal('Studio'), id })) }),
    answer: z.object({
      _entities: z.array(
        z
          .object({
            evaluations: z
              .array(
                z.object({
                  kind: zodEnum(EVALUATION_KINDS),
                  year: z.number(),
                  status: zodEnum(EVALUATION_STATUSES),
                  result: zodEnum(GRADES).nullable(),
                }),
              )
              .nullable(),
          })
          .nullable(),
      ),
    }),
  },
);
