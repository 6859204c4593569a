import { z } from 'zod';
import { peerQuery } from '../../lib/service/peers.ts';
import { FUNDING_SOURCES, zodEnum } from '../../lib/domain/vocabulary.ts';

/** What funding asks other subgraphs (lib/service/peers.ts `peerQuery`): each query beside the schema of its answer. */

const source = zodEnum(FUNDING_SOURCES);

/** The studio, its cycle and its policy's funding standards. */
export const STUDIO_FUNDING = peerQuery(
  'studios',
  `query ($id: ID!) { studio(id: $id) { id status startYear endYear region { code } hostSchool { id }
  policy { name effectiveFrom effectiveTo windowClause }
  fundingStandard { source amountPerYear basis seed text } fundingMatching { source of minRatio }
  fundingAfterPlaque { seed text } fundingFollowsAnnualAssessment
  fundingProvided { sources seed text } hostStipend { source amountPerYear seed text } } }`,
  {
    variables: z.object({ id: z.string() }),
    answer: z.object({
      studio: z.object({
        id: z.string(),
        status: z.string(),
        startYear: z.number(),
        endYear: z.number(),
        region: z.object({ code: z.string() }),
        hostSchool: z.object({ id: z.string() }),
        policy: z.object({
          name: z.string(),
          effectiveFrom: z.string().nullable(),
          effectiveTo: z.string().nullable(),
          windowClause: z.string().nullable(),
        }),
        fundingStandard: z
          .object({ source, amountPerYear: z.string(), basis: z.string(), seed: z.string(), text: z.string() })
          .nullable(),
        fundingMatching: z.object({ source, of: source, minRatio: z.string() }).nullable(),
        /** The clause, where funds wait for the plaque (funding.afterPlaque). */
        fundingAfterPlaque: z.object({ seed: z.string(), text: z.string() }).nullable(),
        /** The seed, where each year's funds follow the year before's passed annual assessment. */
        fundingFollowsAnnualAssessment: z.string().nullable(),
        /** Who must fund it, where the policy names no sum (funding.provided). */
        fundingProvided: z.object({ sources: z.array(source), seed: z.string(), text: z.string() }).nullable(),
        /** The host's stipend, where the policy grants one (funding.hostStipend). */
        hostStipend: z.object({ source, amountPerYear: z.string().nullable(), seed: z.string(), text: z.string() }).nullable(),
      }),
    }),
  },
);
