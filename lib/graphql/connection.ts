import type { EntityClass } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ObjectRef } from '@pothos/core';
import { assertRegionInScope, ownSchoolCondition } from '../auth/scope.ts';
import type { Builder, HubTypes, SubgraphContext } from './context.ts';
import { subtreePrefix } from '../domain/region-code.ts';
import type { GraphQLResolveInfo } from 'graphql';
import { cursorScope, decodeCursor, encodeCursor, MAX_PAGE_SIZE, type CursorScope } from './pagination.ts';
import { PageSize, RegionCode } from './shapes.ts';

type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;

/**
 * Relay connections (https://relay.dev/graphql/connections.htm), ordered by (updatedAt, id) so that a sync can
 * resume from any page's endCursor: a row changed since moves to the end, and rows changed in the same
 * millisecond keep their order by id, so none is skipped or repeated.
 */
export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
export interface Connection<T> {
  totalCount: number;
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
}
export interface PageArgs {
  first: number;
  after?: string | null;
  updatedSince?: Date | null;
  /** Where the page's cursors are valid: the field and arguments that asked for it (`pageOf`). */
  scope: CursorScope;
}

/** A sync field's page arguments with the scope of its cursors; `parent` names the object the field hangs from. */
export const pageOf = (
  args: { first: number; after?: string | null; updatedSince?: Date | null } & object,
  info: GraphQLResolveInfo,
  parent?: string,
): PageArgs => ({
  first: args.first,
  after: args.after,
  updatedSince: args.updatedSince,
  scope: cursorScope(info, args, parent),
});

const pageInfoRefs = new WeakMap<Builder, ObjectRef<BuilderTypes, PageInfo>>();

/** `PageInfo`, the same in every subgraph (shareable). */
function pageInfoRef(builder: Builder): ObjectRef<BuilderTypes, PageInfo> {
  let ref = pageInfoRefs.get(builder);
  if (!ref) {
    ref = builder.objectRef<PageInfo>('PageInfo').implement({
      description: 'Where a page lies in its list (Relay). 分页信息',
      shareable: true,
      fields: (t) => ({
        hasNextPage: t.exposeBoolean('hasNextPage', { description: 'More rows follow: ask again with after: endCursor.' }),
        hasPreviousPage: t.exposeBoolean('hasPreviousPage', { description: 'Rows come before this page (after was given).' }),
        startCursor: t.exposeString('startCursor', { nullable: true, description: "The first edge's cursor." }),
        endCursor: t.exposeString('endCursor', {
          nullable: true,
          description: "The last edge's cursor: keep it to resume the sync later. Null on an empty page.",
        }),
      }),
    });
    pageInfoRefs.set(builder, ref);
  }
  return ref;
}

/** `<Name>Connection` and `<Name>Edge` over `node`. */
export function connectionRef<T>(
  builder: Builder,
  name: string,
  node: ObjectRef<BuilderTypes, T>,
  what: string,
  { shareable = false, order = 'updatedAt' } = {},
) {
  const edge = builder.objectRef<{ cursor: string; node: T }>(`${name}Edge`).implement({
    description: `One ${what} and its cursor.`,
    shareable,
    fields: (t) => ({
      cursor: t.exposeString('cursor', { description: `Where this row lies in the order (${order}, id); opaque.` }),
      // Pothos cannot see that a T is what the generic node type resolves from
      node: t.field({ type: node, description: `The ${what.replace(/s$/, '')} itself.`, resolve: (e) => e.node as never }),
    }),
  });
  const pageInfo = pageInfoRef(builder);
  return builder.objectRef<Connection<T>>(`${name}Connection`).implement({
    description: `A page of ${what}, ordered by (${order}, id). 分页`,
    shareable,
    fields: (t) => ({
      totalCount: t.exposeInt('totalCount', { description: 'All matching rows, not just this page.' }),
      pageInfo: t.field({
        type: pageInfo,
        description: 'Where this page lies: resume from its endCursor.',
        resolve: (c) => c.pageInfo,
      }),
      edges: t.field({
        type: [edge],
        description: 'The rows of this page, in order, each with its cursor.',
        resolve: (c) => c.edges,
      }),
    }),
  });
}

/** The arguments of every sync connection: `first`, `after`, `updatedSince`. */
export const pageArgs = (t: { arg: PothosSchemaTypes.RootFieldBuilder<BuilderTypes, unknown>['arg'] }) => ({
  first: t.arg.int({
    required: true,
    validate: PageSize(MAX_PAGE_SIZE),
    description: `Page size, 1 to ${MAX_PAGE_SIZE}. 每页条数`,
  }),
  after: t.arg.string({ description: "The previous page's endCursor (resume a sync from it). 上一页的 endCursor" }),
  updatedSince: t.arg({
    type: 'DateTime',
    description: 'Only rows changed at or after this instant. 仅返回此时间之后变更的记录',
  }),
});

export function connectionOf<T extends { id: string }>(
  rows: T[],
  size: number,
  totalCount: number,
  { after, scope }: Pick<PageArgs, 'after' | 'scope'>,
  stamp: (row: T) => Date = (row) => (row as unknown as { updatedAt: Date }).updatedAt,
): Connection<T> {
  const edges = rows.slice(0, size).map((node) => ({ cursor: encodeCursor(scope, stamp(node), node.id), node }));
  return {
    totalCount,
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** The instant a sync orders by: `updated_at`, or an audit entry's `at`. */
export type Stamp = { column: 'updated_at'; property: 'updatedAt' } | { column: 'at'; property: 'at' };
const UPDATED_AT: Stamp = { column: 'updated_at', property: 'updatedAt' };

/**
 * A page of `entity` by (updated_at, id): `from` names its table as `t` (joined to what scopes it), `where` (SQL
 * over those tables, with `params`) keeps the viewer's scope. Three statements: the page's ids, the count, the rows.
 */
export async function syncPage<T extends { id: string }>(
  em: EntityManager,
  entity: EntityClass<T>,
  query: { from: string; where: string; params: unknown[] },
  args: PageArgs,
  { column, property }: Stamp = UPDATED_AT,
): Promise<Connection<T>> {
  const size = args.first;
  const position = args.after ? decodeCursor(args.after, args.scope) : null;
  const where = [query.where];
  const params = [...query.params];
  if (args.updatedSince) {
    where.push(`t.${column} >= ?`);
    params.push(args.updatedSince);
  }
  const connection = em.getConnection();
  const context = em.getTransactionContext();
  const [page, [{ count }]] = await Promise.all([
    connection.execute<{ id: string }[]>(
      `select t.id from ${query.from} where ${[...where, ...(position ? [`(t.${column}, t.id) > (?::timestamptz, ?::uuid)`] : [])].join(' and ')}
        order by t.${column}, t.id limit ?`,
      [...params, ...(position ? [position.updatedAt, position.id] : []), size + 1],
      'all',
      context,
    ),
    connection.execute<{ count: string }[]>(
      `select count(*) as count from ${query.from} where ${where.join(' and ')}`,
      params,
      'all',
      context,
    ),
  ]);
  const found = page.length
    ? await em.find(
        entity,
        { id: { $in: page.map((r) => r.id) } } as never,
        { orderBy: [{ [property]: 'asc' }, { id: 'asc' }] } as never,
      )
    : [];
  return connectionOf(found as T[], size, Number(count), args, (row) => (row as unknown as Record<string, Date>)[property]!);
}

/** `within`: the region whose subtree a sync connection lists. */
export const withinArg = (t: { arg: PothosSchemaTypes.RootFieldBuilder<BuilderTypes, unknown>['arg'] }) => ({
  within: t.arg.id({
    required: true,
    validate: RegionCode,
    description: 'A region code; rows of its whole subtree. 行政区划代码',
  }),
});

/**
 * A sync page of the rows of the subtree of `within`, in the viewer's scope: `rows.from` names them `t`,
 * `rows.region` is the column of the region each lies in, `rows.school` that of its school, which keeps a school's
 * viewer to its own.
 */
export function subtreePage<T extends { id: string }>(
  ctx: SubgraphContext,
  entity: EntityClass<T>,
  rows: { from: string; region: string; school: string },
  within: string,
  page: PageArgs,
  stamp?: Stamp,
): Promise<Connection<T>> {
  const code = within;
  assertRegionInScope(ctx.viewer, code);
  const own = ownSchoolCondition(ctx.viewer, rows.school);
  return syncPage(
    ctx.em,
    entity,
    { from: rows.from, where: `${rows.region} like ? ${own.sql}`, params: [`${subtreePrefix(code)}%`, ...own.params] },
    page,
    stamp,
  );
}

/** A page of facts about studios kept in `table` (its region_code and host_school_id, as `aboutStudio` keeps them). */
export const studioFactsPage = <T extends { id: string; updatedAt: Date }>(
  ctx: SubgraphContext,
  entity: EntityClass<T>,
  table: string,
  within: string,
  page: PageArgs,
): Promise<Connection<T>> =>
  subtreePage(ctx, entity, { from: `${table} t`, region: 't.region_code', school: 't.host_school_id' }, within, page);
