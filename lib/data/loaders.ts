import type { EntityClass, FilterQuery, QueryOrderMap } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { assertFactInScope, factInScope, notFound, type Fact } from '../auth/scope.ts';
import type { Viewer } from '../auth/viewer.ts';

/** A batch: the values of the keys of a request, in their order, read through `em`; `arg` is what the loader was asked with. */
type Batch<K, V, A> = (keys: readonly K[], em: EntityManager, arg: A) => Promise<readonly (V | Error)[]>;

/**
 * A loader declared once, at module level (`const byId = defineLoader((keys, em) => …)`), and asked for with
 * `ctx.loaders.get(byId)`: the declaration itself is the key of the request's loader, so no two call sites can clash by
 * name and none can misspell one. A loader asked with an argument (`ctx.loaders.get(summaries, year)`: a year, the
 * viewer's scope condition, a filter) has one DataLoader per distinct argument, by value.
 */
export interface LoaderDefinition<K, V, A = undefined> {
  readonly batch: Batch<K, V, A>;
}
export const defineLoader = <K, V, A = undefined>(batch: Batch<K, V, A>): LoaderDefinition<K, V, A> => ({ batch });

/**
 * One DataLoader per declared loader (and argument) per request, so every field of a batch the gateway sends shares
 * one SQL statement. Inside a change's transaction the loaders are that transaction's own and read through it: a read
 * that took a second pooled connection while the transaction holds one would wait for ever once every connection is
 * held by a transaction doing the same (the freeze of issue 10).
 */
export class Loaders {
  readonly #em: EntityManager;
  #loaders = new WeakMap<
    EntityManager,
    Map<LoaderDefinition<never, unknown, never>, Map<string, DataLoader<unknown, unknown>>>
  >();
  /** `em` is the request's entity manager, which resolves to the transaction it is in (lib/data/orm.ts). */
  constructor(em: EntityManager) {
    this.#em = em;
  }
  get<K, V>(loader: LoaderDefinition<K, V>): DataLoader<K, V>;
  get<K, V, A>(loader: LoaderDefinition<K, V, A>, arg: A): DataLoader<K, V>;
  get<K, V, A>(loader: LoaderDefinition<K, V, A>, arg?: A): DataLoader<K, V> {
    const em = this.#em.getContext(false);
    let declared = this.#loaders.get(em);
    if (!declared) this.#loaders.set(em, (declared = new Map()));
    const definition = loader as unknown as LoaderDefinition<never, unknown, never>;
    let byArg = declared.get(definition);
    if (!byArg) declared.set(definition, (byArg = new Map()));
    const argKey = arg === undefined ? '' : JSON.stringify(arg);
    let dataLoader = byArg.get(argKey);
    if (!dataLoader) {
      dataLoader = new DataLoader<K, V>((keys) => loader.batch(keys, em, arg as A)) as DataLoader<unknown, unknown>;
      byArg.set(argKey, dataLoader);
    }
    return dataLoader as DataLoader<K, V>;
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

/** Declares the loader of the row whose `column` equals each key, or null; all keys of a request in one statement. */
function rowLoader<T extends object>(entity: EntityClass<T>, column: Column<T>): LoaderDefinition<string, T | null> {
  return defineLoader(async (keys, em) => {
    const found = await readRows(em, entity, filter<T>({ [column]: { $in: [...keys] } }));
    const byKey = new Map(found.map((row) => [String(row[column]), row]));
    return keys.map((key) => byKey.get(key) ?? null);
  });
}

const byIds = new WeakMap<EntityClass<object>, LoaderDefinition<string, unknown>>();
/** The one declared loader of an entity's rows by id, which `findInScope` and every read of a row by id share. */
export function byId<T extends { id: string }>(entity: EntityClass<T>): LoaderDefinition<string, T | null> {
  let loader = byIds.get(entity);
  if (!loader) byIds.set(entity, (loader = rowLoader(entity, 'id')));
  return loader as LoaderDefinition<string, T | null>;
}

/**
 * Declares the loader of the rows whose `column` equals each key, in `orderBy` order, with `where` (given the
 * argument the loader is asked with, if it depends on one); all keys of a request in one statement.
 */
export function rowsLoader<T extends object, A = undefined>(
  entity: EntityClass<T>,
  column: Column<T>,
  options: { where?: FilterQuery<T> | ((arg: A) => FilterQuery<T>); orderBy: QueryOrderMap<T> },
): LoaderDefinition<string, T[], A> {
  return defineLoader(async (keys, em, arg: A) => {
    const { where } = options;
    const condition = typeof where === 'function' ? (where as (arg: A) => FilterQuery<T>)(arg) : where;
    const found = await readRows(em, entity, filter<T>({ ...(condition as object), [column]: { $in: [...keys] } }), {
      orderBy: options.orderBy,
    });
    // grouped in one pass, in `orderBy` order: filtering all rows for each key grew with keys × rows
    const byKey = new Map<string, T[]>(keys.map((key) => [key, []]));
    for (const row of found) byKey.get(String(row[column]))?.push(row);
    return keys.map((key) => byKey.get(key)!);
  });
}

/**
 * The rows of facts under one key (a studio's evaluations, allocations, …) from a `rowsLoader`, each in the viewer's
 * scope, else the read is refused naming `what` (e.g. “工作室的评估”).
 */
export async function factsOf<T extends Fact & object>(
  ctx: LoaderContext,
  rows: DataLoader<string, T[]>,
  key: string,
  what: string,
): Promise<T[]> {
  const found = await rows.load(key);
  for (const row of found) assertFactInScope(ctx.viewer, row, what);
  return found;
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
  return inScope(ctx.viewer, await ctx.loaders.get(byId(entity)).load(id), id, what, place);
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
