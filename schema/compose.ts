/**
 * Composes the supergraph from the four subgraph schemas with @apollo/composition and stores it, with each
 * subgraph's SDL beside it so every schema change shows in review, and the API schema's introspection as types, from
 * which gql.tada types the gateway's own documents (gateway/documents.ts). `npm run compose` writes the files; a test
 * fails when they are stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { printSchema, Supergraph } from '@apollo/federation-internals';
import { printSubgraphSchema } from '@apollo/subgraph';
import { minifyIntrospection, outputIntrospectionFile } from 'gql.tada/internal';
import { buildSchema, introspectionFromSchema, parse } from 'graphql';
import { parseConfig, SUBGRAPH_NAMES, subgraphUrl, type SubgraphName } from '../lib/service/config.ts';
import { SUBGRAPHS } from '../subgraphs/index.ts';
import { SUPERGRAPH_PATH } from './paths.ts';

export { SUPERGRAPH_PATH };

export const subgraphSdlPath = (name: SubgraphName) => new URL(`./subgraphs/${name}.graphql`, import.meta.url);

export function subgraphSdl(name: SubgraphName): string {
  return printSubgraphSchema(SUBGRAPHS[name].schema);
}

export function composeSupergraph(): string {
  // the stored file names the default local URLs; the gateway replaces them with the configured ones
  const defaults = parseConfig({});
  const result = composeServices(
    SUBGRAPH_NAMES.map((name) => ({ name, typeDefs: parse(subgraphSdl(name)), url: subgraphUrl(defaults, name) })),
  );
  if (result.errors) throw new Error(`超图组合失败 (composition failed):\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  return result.supergraphSdl;
}

export const INTROSPECTION_PATH = new URL('./introspection.d.ts', import.meta.url);

/** The API schema clients see (the supergraph without its join directives), introspected as gql.tada's types. */
export function apiIntrospection(supergraphSdl: string): string {
  const api = buildSchema(printSchema(Supergraph.build(supergraphSdl).apiSchema()));
  // named, so that it configures only the `graphql` made from it rather than gql.tada's default one
  const introspection = { ...minifyIntrospection(introspectionFromSchema(api)), name: 'api' };
  const preamble = '/* eslint-disable */\n/* prettier-ignore */\n// Written by `npm run compose` (schema/compose.ts) from supergraph.graphql: do not edit.\n';
  return outputIntrospectionFile(introspection, { fileType: '.d.ts', shouldPreprocess: true, preamble });
}

if (import.meta.main) {
  for (const name of SUBGRAPH_NAMES) writeFileSync(subgraphSdlPath(name), subgraphSdl(name));
  const supergraph = composeSupergraph();
  writeFileSync(SUPERGRAPH_PATH, supergraph);
  writeFileSync(INTROSPECTION_PATH, apiIntrospection(supergraph));
  console.log(`wrote ${fileURLToPath(SUPERGRAPH_PATH)}, schema/introspection.d.ts and schema/subgraphs/*.graphql`);
}
