import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { describe, expect, test } from 'vitest';
import type { PeerQuery } from '../lib/service/peers.ts';
import * as evaluations from '../subgraphs/evaluations/peers.ts';
import * as funding from '../subgraphs/funding/peers.ts';
import * as studios from '../subgraphs/studios/peers.ts';

/**
 * One typed way to ask a peer subgraph (lib/service/peers.ts `peerQuery`): every declared query is valid against the
 * peer's checked-in SDL, so a peer's schema change that breaks an asker fails here, not at a clerk's desk.
 */
// @apollo/subgraph is CommonJS: validate with the same (CommonJS) graphql module it builds schemas with
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const sdl = (name: string) =>
  readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'schema', 'subgraphs', `${name}.graphql`), 'utf8');

const declared = Object.entries({ ...studios, ...evaluations, ...funding }) as [
  string,
  PeerQuery<Record<string, unknown>, unknown>,
][];

describe('peer queries, declared once with the schema of their answer (lib/service/peers.ts)', () => {
  test('there are the seven the subgraphs ask', () => {
    expect(declared.map(([name]) => name).sort()).toEqual([
      'STUDIO_EVALUATIONS',
      'STUDIO_FUNDING',
      'STUDIO_PLAN',
      'STUDIO_TEAM',
      'TEACHERS_FACTS',
      'TEACHER_FACTS',
      'TEACHER_PLACE',
    ]);
  });

  test.each(declared)('%s is valid against the peer subgraph it asks', (_name, q) => {
    const schema = buildSubgraphSchema(parse(sdl(q.peer)));
    expect(validate(schema, parse(q.query)).map((e) => e.message)).toEqual([]);
  });

  test('an answer is read by its schema: the declared shape passes, one out of shape is refused', () => {
    const answer = {
      studio: {
        id: 's',
        level: 'COUNTY',
        region: { code: '410422' },
        hostSchool: { id: 'h' },
        startYear: 2026,
        endYear: 2028,
        evaluationPlan: [{ kind: 'FINAL', year: 2028, seed: '001 七' }],
        evaluatingOffices: [{ kind: 'FINAL', office: 'CITY', seed: '000 五.8' }],
        studioCommendationRule: null,
        evaluationGradesRule: null,
      },
    };
    expect(evaluations.STUDIO_PLAN.answer.safeParse(answer).success).toBe(true);
    expect(evaluations.STUDIO_PLAN.answer.safeParse({ studio: { ...answer.studio, level: 'CITY' } }).success).toBe(false);
  });
});
