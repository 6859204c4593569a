import { GraphQLError } from 'graphql';
import { z } from 'zod';
import { notFound } from '../auth/scope.ts';
import type { Builder, SubgraphContext } from './context.ts';
import { peerQuery } from '../service/peers.ts';
import type { SubgraphName } from '../service/config.ts';
import { NodeId, NodeIds } from './shapes.ts';

/**
 * Relay's object identification across the subgraphs. Every `id` the hub gives is already unique across types (a
 * UUID; a policy's code; a region's six-digit code), so it is the global id as it is: `node(id:)` takes the `id`
 * any object returned. The studios subgraph answers `node` and `nodes`: it finds its own types, and asks each other
 * subgraph which of its types an id is (`nodeTypes`, hidden from the gateway's API); each subgraph looks only in
 * its own tables and in the viewer's scope, and then answers the fields asked of its object as usual.
 */
const NODE_DESCRIPTION = 'An object with an id, for `node(id:)` and clients’ caches (Relay). 可按编号查询的对象';

/** One type a subgraph answers `node` for: its finder, NOT_FOUND when the id is missing or outside the scope. */
export interface NodeType {
  name: string;
  /** Whether the text can be this type's id at all (a UUID, a region code…), before any statement. */
  accepts: (id: string) => boolean;
  find: (ctx: SubgraphContext, id: string) => Promise<object>;
  /**
   * A type several subgraphs serve alike, each from its own rows (an audit entry): not an entity the gateway could
   * complete from one owner, so the subgraph that finds it hands the whole object (`sharedNodes`) to the one
   * answering `node`.
   */
  shared?: true;
}

/** The type of each object `node` found among its own subgraph's rows (the others' come as `{ __typename, id }`). */
const typeOf = new WeakMap<object, string>();

export type NodeInterface = ReturnType<typeof nodeInterface>;

/** The interface every subgraph declares the same way, so that they compose. */
export const nodeInterface = (builder: Builder) =>
  builder.interfaceRef<object>('Node').implement({
    description: NODE_DESCRIPTION,
    // every node type gives its own `id` (a region's is its code)
    fields: (t) => ({
      id: t.id({
        description: 'Unique across the hub; `node(id:)` finds it again. 编号',
        resolve: (node) => (node as { id: string }).id,
      }),
    }),
    resolveType: (node) => typeOf.get(node) ?? (node as { __typename?: string }).__typename ?? null,
  });

/** The id's object among `types` in the viewer's scope, or null: missing and outside the scope alike. */
export async function ownNode(ctx: SubgraphContext, types: readonly NodeType[], id: string) {
  for (const type of types) {
    if (!type.accepts(id)) continue;
    try {
      return { type: type.name, value: await type.find(ctx, id) };
    } catch (error) {
      if (error instanceof GraphQLError && ['NOT_FOUND', 'FORBIDDEN'].includes(String(error.extensions.code))) continue;
      throw error;
    }
  }
  return null;
}

/** At most this many ids in one `nodes(ids:)`. */
export const NODES_MAX = 100;

/**
 * `nodeTypes(ids:)`, hidden from the API (@inaccessible): for each id, the name of this subgraph's type it is in
 * the viewer's scope, or null. The subgraph that answers `node` asks it of the others.
 */
export function nodeTypesField(builder: Builder, types: readonly NodeType[]) {
  /** An internal field (@inaccessible) answering one string, or null, for each of up to NODES_MAX ids. */
  const byId = (name: string, description: string, answer: (ctx: SubgraphContext, id: string) => Promise<string | null>) =>
    builder.queryField(name, (t) =>
      t.field({
        type: ['String'],
        nullable: { list: false, items: true },
        inaccessible: true,
        shareable: true,
        description,
        args: { ids: t.arg.stringList({ required: true, description: 'Ids as `node(id:)` takes them.' }) },
        resolve: (_root, { ids }, ctx) => Promise.all(ids.slice(0, NODES_MAX).map((id) => answer(ctx, id))),
      }),
    );
  byId(
    'nodeTypes',
    'Internal: which of this subgraph’s types each id is, in your scope (for `node`).',
    async (ctx, id) => (await ownNode(ctx, types, id))?.type ?? null,
  );
  const shared = types.filter((type) => type.shared);
  if (!shared.length) return;
  byId(
    'sharedNodes',
    'Internal: each id’s object of a type several subgraphs serve alike, as JSON, in your scope (for `node`).',
    async (ctx, id) => {
      const found = await ownNode(ctx, shared, id);
      return found ? JSON.stringify(found.value) : null;
    },
  );
}

const nodeTypesOf = (peer: SubgraphName) =>
  peerQuery(peer, 'query ($ids: [String!]!) { nodeTypes(ids: $ids) }', {
    variables: z.object({ ids: z.array(z.string()) }),
    answer: z.object({ nodeTypes: z.array(z.string().nullable()) }),
  });
const sharedNodesOf = (peer: SubgraphName) =>
  peerQuery(peer, 'query ($ids: [String!]!) { sharedNodes(ids: $ids) }', {
    variables: z.object({ ids: z.array(z.string()) }),
    answer: z.object({ sharedNodes: z.array(z.string().nullable()) }),
  });

/**
 * `node(id:)` and `nodes(ids:)` on the subgraph that answers them: its own types found here, the others' as
 * references `{ __typename, id }` the gateway completes from their owner (which checks the scope again).
 * The other subgraphs' node types must implement `Node` here too, as the references this subgraph holds of them.
 */
export function nodeFields(builder: Builder, NodeRef: NodeInterface, own: readonly NodeType[], peers: readonly SubgraphName[]) {
  const shared = new Set(own.filter((type) => type.shared).map((type) => type.name));
  const find = async (ctx: SubgraphContext, ids: readonly string[]): Promise<(object | null)[]> => {
    const [mine, ...theirs] = await Promise.all([
      Promise.all(ids.map((id) => ownNode(ctx, own, id))),
      ...peers.map((peer) => ctx.peers.ask(nodeTypesOf(peer), ctx.viewer, { ids: [...ids] })),
    ]);
    // a shared type's object found by a peer comes whole from that peer
    const whole = await Promise.all(
      peers.map(async (peer, p) => {
        const wanted = ids.filter((_id, i) => !mine[i] && shared.has(theirs[p]!.nodeTypes[i] ?? ''));
        if (!wanted.length) return new Map<string, object>();
        const { sharedNodes } = await ctx.peers.ask(sharedNodesOf(peer), ctx.viewer, { ids: wanted });
        return new Map(wanted.flatMap((id, i) => (sharedNodes[i] ? [[id, JSON.parse(sharedNodes[i]) as object] as const] : [])));
      }),
    );
    return ids.map((id, i) => {
      const found =
        mine[i] ??
        whole.flatMap((byId, p) => {
          const value = byId.get(id);
          return value ? [{ type: theirs[p]!.nodeTypes[i]!, value }] : [];
        })[0];
      if (found) {
        typeOf.set(found.value, found.type);
        return found.value;
      }
      const type = theirs.map((answer) => answer.nodeTypes[i]).find((name) => name);
      if (!type || shared.has(type)) return null;
      // the reference the gateway completes from the owner: by its key (a region's is its code)
      return { __typename: type, ...(type === 'Region' ? { code: id } : { id }) };
    });
  };
  builder.queryFields((t) => ({
    node: t.field({
      type: NodeRef,
      nullable: true,
      description:
        'Any object by its id (Relay), in your scope: a region, school, teacher, studio, policy, studio membership, membership application, nomination, work item, eligibility waiver, evaluation, rectification, member rating, annual submission, allocation, expenditure, budget or audit entry; NOT_FOUND for an id that does not exist or lies outside your scope. 按编号查询',
      args: { id: t.arg.id({ required: true, validate: NodeId, description: 'The `id` the object was given with.' }) },
      resolve: async (_root, { id }, ctx) => {
        const [node] = await find(ctx, [String(id)]);
        if (!node) throw notFound('对象', String(id));
        return node;
      },
    }),
    nodes: t.field({
      type: [NodeRef],
      nullable: { list: false, items: true },
      description: `Objects by their ids, in order (at most ${NODES_MAX}); each missing one (or outside your scope) is null with a NOT_FOUND error. 按编号批量查询`,
      args: {
        ids: t.arg.idList({ required: true, validate: NodeIds(NODES_MAX), description: 'The ids, as `node(id:)` takes them.' }),
      },
      resolve: async (_root, { ids }, ctx) => {
        const texts = ids.map(String);
        // an error in an item's place is that item's error (graphql-js throws it there), the others still answer
        return (await find(ctx, texts)).map((node, i) => node ?? (notFound('对象', texts[i]) as object));
      },
    }),
  }));
}
