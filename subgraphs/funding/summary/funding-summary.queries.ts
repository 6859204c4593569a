import { assertRegionInScope, notFound, scopeCondition } from '../../../lib/auth/scope.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { defineLoader } from '../../../lib/data/loaders.ts';
import { inSubtree, rollup } from '../../../lib/data/rollup.ts';

interface Row {
  key: string;
  allocated: string;
  matched: string;
  spent: string;
  outside: string;
}
export interface FundingSummary {
  allocated: bigint;
  matched: bigint;
  spent: bigint;
}

type Asked = { by: 'region' | 'studio'; year: number; scope: ReturnType<typeof scopeCondition> };

/**
 * A year's totals for a batch of keys in one statement: regions (their subtrees) or studios. Both share the SQL;
 * only the condition that ties a fact to a key differs. Only rows in the viewer's scope count; a studio with rows
 * outside it is NOT_FOUND, as the studio itself is, rather than shown in part.
 */
const fundingSummaries = defineLoader(async (keys: readonly string[], em, { by, year, scope }: Asked) => {
  const match = by === 'region' ? inSubtree('f') : 'f.studio_id = k.key::uuid';
  // spending counts once booked (both signatures, 003 经费办法)
  const facts = (table: string) =>
    `from ${table} f where ${match} and f.year = ?${table === 'expenditure' ? " and f.status = 'BOOKED'" : ''}`;
  const byKey = await rollup<Row>(
    em,
    keys,
    (keysTable) => ({
      sql: `select k.key, a.allocated, a.matched, x.spent, a.outside + x.outside as outside
              from ${keysTable}
             cross join lateral (select coalesce(sum(amount_fen) filter (where ${scope.sql}), 0) as allocated,
                                        coalesce(sum(amount_fen) filter (where matching and ${scope.sql}), 0) as matched,
                                        count(*) filter (where not ${scope.sql}) as outside
                                   ${facts('allocation')}) a
             cross join lateral (select coalesce(sum(amount_fen) filter (where ${scope.sql}), 0) as spent,
                                        count(*) filter (where not ${scope.sql}) as outside
                                   ${facts('expenditure')}) x`,
      params: [...scope.params, ...scope.params, ...scope.params, year, ...scope.params, ...scope.params, year],
    }),
    by === 'studio' ? (id) => id : undefined,
  );
  return keys.map((key): FundingSummary | Error => {
    const row = byKey.get(key)![0]!;
    if (by === 'studio' && Number(row.outside) > 0) return notFound('工作室', key);
    return { allocated: BigInt(row.allocated), matched: BigInt(row.matched), spent: BigInt(row.spent) };
  });
});
const fundingLoader = (ctx: SubgraphContext, by: Asked['by'], year: number) =>
  ctx.loaders.get(fundingSummaries, { by, year, scope: scopeCondition(ctx.viewer, 'f') });

/** The funding of the studios of a region's subtree for a year; one statement for every region asked. */
export const regionFunding = (ctx: SubgraphContext, code: string, year: number) => {
  assertRegionInScope(ctx.viewer, code);
  return fundingLoader(ctx, 'region', year).load(code);
};

/** A studio's funding for a year; one statement for every studio asked. */
export const studioFunding = (ctx: SubgraphContext, studioId: string, year: number) =>
  fundingLoader(ctx, 'studio', year).load(studioId);
