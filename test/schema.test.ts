import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Supergraph } from '@apollo/federation-internals';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../lib/config.ts';
import { composeSupergraph, SUPERGRAPH_PATH, subgraphSdl, subgraphSdlPath } from '../schema/compose.ts';
import { contractOperations } from './support/contract.ts';

// @apollo/federation-internals is CommonJS: validate with the same (CommonJS) graphql module it builds schemas with
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

describe('the stored supergraph (schema/)', () => {
  it('is what composing the four subgraphs gives now: run `npm run compose` after a schema change', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it.each(SUBGRAPH_NAMES)('holds the current SDL of the %s subgraph, so schema changes show in review', (name) => {
    expect(readFileSync(subgraphSdlPath(name), 'utf8')).toBe(subgraphSdl(name));
  });

  it.each(contractOperations())('validates the contract operation $file', ({ text }) => {
    const api = Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();
    expect(validate(api, parse(text)).map((e) => e.message)).toEqual([]);
  });

  it('spells the contract vocabulary as the contract README says', () => {
    const sdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
    const values = (name: string) => {
      const block = new RegExp(`enum ${name}[^{]*\\{([^}]*)\\}`).exec(sdl)![1]!;
      return block
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^[A-Z_]+(\s|$)/.test(l))
        .map((l) => l.split(/\s/)[0]);
    };
    expect(values('Level')).toEqual(['NATION', 'PROVINCE', 'CITY', 'COUNTY', 'SCHOOL']);
    expect(values('StudioLevel')).toEqual(['PROVINCIAL', 'MUNICIPAL', 'COUNTY', 'SCHOOL']);
    expect(values('EvaluationKind')).toEqual(['CREATION', 'ANNUAL', 'MIDTERM', 'FINAL', 'SECOND_EVALUATION']);
    expect(values('EvaluationStatus')).toEqual(['PENDING', 'COMPLETED', 'CANCELLED']);
    expect(values('Grade')).toEqual(['EXCELLENT', 'GOOD', 'PASS', 'FAIL']);
    expect(sdl).toMatch(/scalar Money/);
  });
});
