import { createBuilder } from '../../lib/graphql.ts';

export const builder = createBuilder();
builder.mutationType({});
