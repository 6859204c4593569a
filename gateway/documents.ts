import { initGraphQLTada, type DocumentDecoration, type ResultOf, type VariablesOf } from 'gql.tada';
import type { introspection } from '../schema/introspection.d.ts';

/**
 * The gateway's own GraphQL documents (the exports'), typed from the API schema: gql.tada reads a document's text in
 * the type checker against schema/introspection.d.ts (`npm run compose` writes it), so a document's result type is
 * derived from what it selects rather than written by hand, and a selection the schema lacks fails `tsc`.
 * Scalars are typed as the API serializes them: Money a decimal string of yuan, DateTime an ISO 8601 string.
 */
const graphql = initGraphQLTada<{ introspection: introspection; scalars: { Money: string; DateTime: string } }>();

/** A document's text, sent as written, carrying the result and variables types gql.tada infers (any fit `never`). */
export type Document<Result = unknown, Variables = never> = string & DocumentDecoration<Result, Variables>;

/** The text of a document, typed: `ResultOf<typeof DOC>` is what the gateway answers it with. */
export function document<const Text extends string>(text: Text) {
  const _typed = graphql(text); // for its type: gql.tada parses the text in the type checker (and once here, at load)
  return text as Text & DocumentDecoration<ResultOf<typeof _typed>, VariablesOf<typeof _typed>>;
}

export type { ResultOf };
