import { assertRegionInScope, notFound, scopeCondition } from '../../../lib/auth.ts';
import type { SubgraphContext } from '../../../lib/context.ts';
import { ratio } from '../../../lib/money.ts';
import { inSubtree, rollup } from '../../../lib/rollup.ts';
import { builder, RegionRef, StudioRef } from '../builder.ts';

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

const FundingSummaryRef = builder.objectRef<FundingSummary>('FundingSummary').implement({
  description: "One year's money: allocated from all sources, the local matching part, spent and left.",
  fields: (t) => ({
    allocated: t.field({ type: 'Money', description: '拨付（各来源合计）', resolve: (f) => f.allocated }),
    matched: t.field({ type: 'Money', description: '地方配套', resolve: (f) => f.matched }),
    spent: t.field({ type: 'Money', description: '支出', resolve: (f) => f.spent }),
    balance: t.field({ type: 'Money', description: '结余 = 拨付 − 支出', resolve: (f) => f.allocated - f.spent }),
    executionRate: t.float({
      description: '执行率 = 支出 ÷ 拨付, four decimal places; 0 when nothing is allocated.',
      resolve: (f) => ratio(f.spent, f.allocated),
    }),
  }),
});

/**
 * A year's totals for a batch of keys in one statement: regions (their subtrees) or studios. Both share the SQL;
 * only the condition that ties a fact to a key differs. Only rows in the viewer's scope count; a studio with rows
 * outside it is NOT_FOUND, as the studio itself is, rather than shown in part.
 */
function fundingLoader(ctx: SubgraphContext, by: 'region' | 'studio', year: number) {
  const match = by === 'region' ? inSubtree('f') : 'f.studio_id = k.key::uuid';
  const scope = scopeCondition(ctx.viewer, 'f');
  // spending counts once booked (both signatures, 003 经费办法)
  const facts = (table: string) =>
    `from ${table} f where ${match} and f.year = ?${table === 'expenditure' ? " and f.status = 'BOOKED'" : ''}`;
  return ctx.loaders.get<string, FundingSummary>(`funding:${by}:${year}`, async (keys, em) => {
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
    return keys.map((key) => {
      const row = byKey.get(key)![0]!;
      if (by === 'studio' && Number(row.outside) > 0) return notFound('工作室', key);
      return { allocated: BigInt(row.allocated), matched: BigInt(row.matched), spent: BigInt(row.spent) };
    });
  });
}

builder.objectFields(RegionRef, (t) => ({
  funding: t.field({
    type: FundingSummaryRef,
    nullable: true,
    description:
      "Funding of the studios in the region's subtree for a year; one statement for every region asked. Null, with " +
      'an error, when it cannot be given: the funding service is unavailable (SERVICE_UNAVAILABLE). 经费统计',
    args: { year: t.arg.int({ required: true, description: 'Budget year, e.g. 2026.' }) },
    resolve: (region, { year }, ctx) => {
      assertRegionInScope(ctx.viewer, region.code);
      return fundingLoader(ctx, 'region', year).load(region.code);
    },
  }),
}));

builder.objectFields(StudioRef, (t) => ({
  funding: t.field({
    type: FundingSummaryRef,
    nullable: true,
    description: "The studio's funding for a year. Null, with an error, when the funding service is unavailable.",
    args: { year: t.arg.int({ required: true, description: 'Budget year, e.g. 2026.' }) },
    resolve: (studio, { year }, ctx) => fundingLoader(ctx, 'studio', year).load(studio.id),
  }),
}));
