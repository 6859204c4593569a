import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { assertFactInScope, factInScope, notFound, type Fact } from '../auth/scope.ts';
import type { Viewer } from '../auth/viewer.ts';

/**
 * One DataLoader per name per request, so every field of a batch the gateway sends shares one SQL statement.
 * Inside a change's transaction the loaders are that transaction's own and read through it: a read that took a
 * second pooled connection while the transaction holds one would wait for ever once every connection is held
 * by a transaction doing the same (the freeze of issue 10).
 */
export class Loaders {
  readonly #em: EntityManager;
  #loaders = new WeakMap<EntityManager, Map<string, DataLoader<unknown, unknown>>>();
  /** `em` is the request's entity manager, which resolves to the transaction it is in (lib/data/orm.ts). */
  constructor(em: EntityManager) {
    this.#em = em;
  }
  get<K, V>(name: string, batch: (keys: readonly K[], em: EntityManager) => Promise<readonly (V | Error)[]>): DataLoader<K, V> {
    const em = this.#em.getContext(false);
    let loaders = this.#loaders.get(em);
    if (!loaders) this.#loaders.set(em, (loaders = new Map()));
    let loader = loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => batch(keys, em)) as DataLoader<unknown, unknown>;
      loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** What the helpers below need of a request's context (lib/graphql/context.ts `SubgraphContext` has it). */
export interface LoaderContext {
  loaders: Loaders;
  viewer: Viewer;
}

type Column<T> = keyof T & string;
// MikroORM cannot check a filter on a column named at run time; these helpers build only `column in (…)` filters.
const filter = <T>(where: object) => where as FilterQuery<NoInfer<T>>;

/**
 * Rows for reading. Outside a change's transaction they are plain objects straight from the statement, with the
 * entity's property names and types but no identity map and no change tracking: making managed entities of rows
 * nobody changes was about a third of personnel's and evaluations' busy time (issue 23), and 3–10 times the cost
 * of the statement itself. Inside a transaction they are its managed entities, which the change may alter.
 */
export async function readRows<T extends object>(
  em: EntityManager,
  entity: EntityClass<T>,
  where: FilterQuery<T>,
  options: { orderBy?: QueryOrderMap<T> | QueryOrderMap<T>[]; limit?: number } = {},
): Promise<T[]> {
  if (em.isInTransaction()) return em.find(entity, where as FilterQuery<NoInfer<T>>, options as never);
  const query = em
    .createQueryBuilder(entity)
    .select('*')
    .where(where as never);
  if (options.orderBy) query.orderBy(options.orderBy as never);
  if (options.limit !== undefined) query.limit(options.limit);
  return (await query.execute('all')) as T[];
}

/** The row whose `column` equals each key, or null; all keys of a request in one statement. */
export function rowLoader<T extends object>(ctx: LoaderContext, entity: EntityClass<T>, column: Column<T>) {
  return ctx.loaders.get<string, T | null>(`${entity.name}.${column}`, async (keys, em) => {
    const found = await readRows(em, entity, filter<T>({ [column]: { $in: [...keys] } }));
    const byKey = new Map(found.map((row) => [String(row[column]), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

/** The rows whose `column` equals each key, in `orderBy` order; all keys of a request in one statement. */
export function rowsLoader<T extends object>(
  ctx: LoaderContext,
  entity: EntityClass<T>,
  column: Column<T>,
  options: { where?: FilterQuery<T>; orderBy: QueryOrderMap<T> },
) {
  return ctx.loaders.get<string, T[]>(`${entity.name}[${column}]${JSON.stringify(options)}`, async (keys, em) => {
    const where = filter<T>({ ...(options.where as object), [column]: { $in: [...keys] } });
    const found = await readRows(em, entity, where, { orderBy: options.orderBy });
    // grouped in one pass, in `orderBy` order: filtering all rows for each key grew with keys × rows
    const byKey = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of found) byKey.get(String(row[column]))?.push(row);
    return keys.map((key) => byKey.get(key)!);
  });
}

/**
 * The rows of facts under one key (a studio's evaluations, allocations, …) through `rowsLoader`, each in the viewer's
 * scope, else the read is refused naming `what` (e.g. “工作室的评估”).
 */
export async function factsOf<T extends Fact & object>(
  ctx: LoaderContext,
  entity: EntityClass<T>,
  column: Column<T>,
  options: { where?: FilterQuery<T>; orderBy: QueryOrderMap<T> },
  key: string,
  what: string,
): Promise<T[]> {
  const rows = await rowsLoader(ctx, entity, column, options).load(key);
  for (const row of rows) assertFactInScope(ctx.viewer, row, what);
  return rows;
}

/** Where a row lies, for scope: rows about a studio carry their region and host school; others must say where. */
export type Place<T> = (row: T) => Fact | Promise<Fact>;
type PlaceArgument<T> = T extends Fact ? [place?: Place<T>] : [place: Place<T>];
const itself = <T>(row: T) => row as unknown as Fact;

/** The row, if it exists and lies in the viewer's scope; otherwise the same NOT_FOUND either way (lib/auth/scope.ts). */
async function inScope<T>(viewer: Viewer, row: T | null, id: string, what: string, place: Place<T>): Promise<T> {
  if (!row || !factInScope(viewer, await place(row))) throw notFound(what, id);
  return row;
}

/** A row the viewer may see, by id, batched with the request's other lookups; NOT_FOUND when missing or outside. */
export async function findInScope<T extends { id: string }>(
  ctx: LoaderContext,
  entity: EntityClass<T>,
  id: string,
  what: string,
  ...[place = itself]: PlaceArgument<T>
): Promise<T> {
  return inScope(ctx.viewer, await rowLoader(ctx, entity, 'id').load(id), id, what, place);
}

/**
 * A row to change, read inside the change's transaction (not from the request's loaders): NOT_FOUND when missing
 * or outside the viewer's scope, alike.
 */
export async function findForChange<T extends { id: string }>(
  tx: EntityManager,
  viewer: Viewer,
  entity: EntityClass<T>,
  id: string,
  what: string,
  ...[place = itself]: PlaceArgument<T>
): Promise<T> {
  return inScope(viewer, await tx.findOne(entity, { id } as FilterQuery<T>), id, what, place);
}
