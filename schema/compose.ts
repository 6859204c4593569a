/**
 * Composes the supergraph from the four subgraph schemas with @apollo/composition and stores it, with each
 * subgraph's SDL beside it so every schema change shows in review. `npm run compose` writes the files; a test
 * fails when they are stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
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

if (import.meta.main) {
  for (const name of SUBGRAPH_NAMES) writeFileSync(subgraphSdlPath(name), subgraphSdl(name));
  writeFileSync(SUPERGRAPH_PATH, composeSupergraph());
  console.log(`wrote ${fileURLToPath(SUPERGRAPH_PATH)} and schema/subgraphs/*.graphql`);
}
