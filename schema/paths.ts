/** The stored supergraph (`npm run compose` writes it), read by the gateway without loading the subgraphs' code. */
export const SUPERGRAPH_PATH = new URL('./supergraph.graphql', import.meta.url);
