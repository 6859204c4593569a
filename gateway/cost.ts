import type { ApolloServerPlugin } from '@apollo/server';
import {
  Kind,
  valueFromASTUntyped,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { refusal } from '../lib/graphql/errors.ts';

/**
 * What an operation may cost: about how many values its answer can hold. Every field counts 1, and meta fields
 * (`__typename`, which Apollo Client adds to every selection, and introspection) nothing; what a list field
 * selects counts once per item the list may hold: its page size (`first`, inline or as a variable) for a paged
 * list, counted on the `edges` of a connection (totalCount and pageInfo come once a page), and
 * `UNPAGED_LIST_ITEMS` for a list without paging. So a page of 500 studios with a few nested fields fits, and
 * lists nested in lists grow the cost as their answers grow.
 */
export const COST = { limit: 25_000, unpagedListItems: 5 } as const;

/**
 * Types are read by their shape, not with graphql-js's `isObjectType` and the like: the gateway's schema may be built
 * by another copy of graphql-js (@apollo/gateway's), and those checks refuse types from another copy.
 */
interface Composite {
  name: string;
  getFields?: () => Record<string, GraphQLField<unknown, unknown>>;
}
const composite = (walk: Walk, name: string): Composite | null => {
  const type = walk.schema.getType(name) as unknown as (Composite & { getTypes?: unknown }) | undefined;
  return type && (type.getFields || type.getTypes) ? type : null;
};
/** `[Studio!]!` → list, `Studio`. */
const shape = (type: unknown) => {
  const text = String(type).replace(/!$/, '');
  return { list: text.startsWith('['), named: text.replace(/[[\]!]/g, '') };
};

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  visiting: Set<string>;
}

/** `perEdge`: the page size of the connection whose selection this is, or null. */
function selectionCost(walk: Walk, type: Composite, set: SelectionSetNode, perEdge: number | null = null): number {
  let cost = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition ? composite(walk, selection.typeCondition.name.value) : type;
      if (on) cost += selectionCost(walk, on, selection.selectionSet, perEdge);
      continue;
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = walk.fragments.get(selection.name.value);
      if (!fragment || walk.visiting.has(fragment.name.value)) continue; // validation refuses cycles
      const on = composite(walk, fragment.typeCondition.name.value);
      walk.visiting.add(fragment.name.value);
      if (on) cost += selectionCost(walk, on, fragment.selectionSet, perEdge);
      walk.visiting.delete(fragment.name.value);
      continue;
    }
    const name = selection.name.value;
    // meta fields (`__typename`, which Apollo Client adds to every selection) cost nothing
    if (name.startsWith('__')) continue;
    const field = type.getFields?.()[name];
    // a connection's edges (or nodes) are as many as its page holds
    const edges = perEdge !== null && (name === 'edges' || name === 'nodes');
    const items = edges ? perEdge : 1;
    if (!field || !selection.selectionSet) {
      cost += items;
      continue;
    }
    const { list, named: typeName } = shape(field.type);
    const named = composite(walk, typeName);
    const firstArg = selection.arguments?.find((a) => a.name.value === 'first');
    const first = firstArg
      ? Number(valueFromASTUntyped(firstArg.value, walk.variables))
      : Number(field.args.find((a) => a.name === 'first')?.defaultValue ?? NaN);
    const pageSize = Number.isFinite(first) && first > 0 ? first : null;
    const isConnection = selection.selectionSet.selections.some(
      (s) => s.kind === Kind.FIELD && (s.name.value === 'edges' || s.name.value === 'nodes'),
    );
    if (!named) {
      cost += items;
    } else if (isConnection) {
      cost += items * (1 + selectionCost(walk, named, selection.selectionSet, pageSize ?? COST.unpagedListItems));
    } else {
      const perItem = list && !edges ? (pageSize ?? COST.unpagedListItems) : 1;
      cost += items * (1 + perItem * selectionCost(walk, named, selection.selectionSet));
    }
  }
  return cost;
}

export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: readonly FragmentDefinitionNode[],
  variables: Record<string, unknown> = {},
): number {
  const walk: Walk = { schema, fragments: new Map(fragments.map((f) => [f.name.value, f])), variables, visiting: new Set() };
  const root = composite(walk, operation.operation === 'mutation' ? 'Mutation' : 'Query');
  if (!root) return 0;
  // introspection (`__schema`, `__type`) is free, as every meta field
  return selectionCost(walk, root, operation.selectionSet);
}

/** Refuses, before planning, an operation whose cost passes the limit (its variables known by then). */
export function costLimit(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const fragments = document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
          const cost = operationCost(schema, operation, fragments, request.variables ?? {});
          if (cost > COST.limit) {
            throw refusal(
              'OPERATION_LIMIT_EXCEEDED',
              `查询开销过大（上限 ${COST.limit}，本次约 ${Math.ceil(cost)}）：请减小每页条数 first 或少选嵌套的列表`,
              { detail: `operation cost ${Math.ceil(cost)} exceeds the limit of ${COST.limit}` },
            );
          }
        },
      };
    },
  };
}
