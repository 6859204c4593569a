import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { prettyFormatQueryPlan, QueryPlanner } from '@apollo/query-planner';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isSpecifiedScalarType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { SUBGRAPH_NAMES } from '../lib/service/config.ts';
import {
  apiIntrospection,
  composeSupergraph,
  INTROSPECTION_PATH,
  SUPERGRAPH_PATH,
  subgraphSdl,
  subgraphSdlPath,
} from '../schema/compose.ts';
import { contractOperations } from './support/contract.ts';

// @apollo/federation-internals is CommonJS: validate with the same (CommonJS) graphql module it builds schemas with
const { parse, validate } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

describe('the stored supergraph (schema/)', () => {
  it('is what composing the four subgraphs gives now: run `npm run compose` after a schema change', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it("holds the API schema's introspection that types the gateway's documents (gateway/documents.ts): run `npm run compose`", () => {
    expect(readFileSync(INTROSPECTION_PATH, 'utf8')).toBe(apiIntrospection(readFileSync(SUPERGRAPH_PATH, 'utf8')));
  });

  it.each(SUBGRAPH_NAMES)('holds the current SDL of the %s subgraph, so schema changes show in review', (name) => {
    expect(readFileSync(subgraphSdlPath(name), 'utf8')).toBe(subgraphSdl(name));
  });

  it.each(contractOperations())('validates the contract operation $file', ({ text }) => {
    const api = Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema().toGraphQLJSSchema();
    expect(validate(api, parse(text)).map((e) => e.message)).toEqual([]);
  });

  // Regions are reference data every subgraph holds and answers (@shareable, lib/graphql/region-schema.ts), so the planner
  // needs no call to personnel for the tree and asks each subgraph once for a region and its children together.
  it.each([
    ['pending-second-evaluations-by-county.graphql', { evaluations: 1 }, 1],
    ['region-overview.graphql', { studios: 1, evaluations: 1, funding: 1 }, 1],
    ['studio-page.graphql', { studios: 1, personnel: 1, evaluations: 1, funding: 1 }, 2],
  ] as const)(
    'plans the contract operation %s with at most one call per subgraph (a lighter path past the cache, issue 23)',
    (file, calls, waves) => {
      const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8'));
      const { text } = contractOperations().find((o) => o.file === file)!;
      const plan = prettyFormatQueryPlan(
        new QueryPlanner(supergraph).buildQueryPlan(operationFromDocument(supergraph.schema, parse(text))),
      );
      const fetched: Record<string, number> = {};
      for (const [, service] of plan.matchAll(/Fetch\(service: "(\w+)"\)/g)) fetched[service!] = (fetched[service!] ?? 0) + 1;
      expect(fetched).toEqual(calls);
      // waves: the root fetch(es), then one for each level of entity fetches that waits on it
      expect(plan.includes('Sequence {') ? 2 : 1).toBe(waves);
    },
  );

  it('describes every type, field, argument and enum value of the composed schema (STYLE: the Chinese term in the description)', () => {
    const schema = buildSchema(readFileSync(SUPERGRAPH_PATH, 'utf8'), { assumeValidSDL: true });
    const undocumented: string[] = [];
    const check = (what: string, description: string | null | undefined) => {
      if (!description?.trim()) undocumented.push(what);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      // federation's own types (_Service, _Entity, join__*, link__*) and graphql's (__Type, String, …) are not ours
      if (/^_|^join__|^link__/.test(type.name) || isSpecifiedScalarType(type) || isIntrospectionType(type)) continue;
      check(`type ${type.name}`, type.description);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))
        for (const field of Object.values(type.getFields())) {
          check(`${type.name}.${field.name}`, field.description);
          for (const arg of 'args' in field ? field.args : []) check(`${type.name}.${field.name}(${arg.name})`, arg.description);
        }
      if (isEnumType(type)) for (const value of type.getValues()) check(`${type.name}.${value.name}`, value.description);
    }
    expect(undocumented).toEqual([]);
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
