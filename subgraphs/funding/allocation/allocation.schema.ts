import { assertFactInScope } from '../../../lib/auth.ts';
import { enumValues } from '../../../lib/graphql.ts';
import { rowsLoader } from '../../../lib/loaders.ts';
import { builder, StudioRef } from '../builder.ts';
import { Allocation, type FundingSource } from './allocation.entity.ts';

export const FundingSourceEnum = builder.enumType('FundingSource', {
  description: '经费来源',
  values: enumValues<FundingSource>({ PROVINCE: '省级', CITY: '市级', COUNTY: '区县级', SCHOOL: '学校' }),
});

const AllocationRef = builder.objectRef<Allocation>('Allocation').implement({
  description: 'Money allocated to a studio for a year from one source (拨款).',
  fields: (t) => ({
    id: t.exposeID('id'),
    studio: t.field({ type: StudioRef, resolve: (a) => ({ id: a.studioId }) }),
    year: t.exposeInt('year'),
    source: t.field({ type: FundingSourceEnum, resolve: (a) => a.source }),
    amount: t.field({ type: 'Money', resolve: (a) => a.amountFen }),
    matching: t.exposeBoolean('matching', { description: 'Local matching funds (配套).' }),
    note: t.exposeString('note'),
  }),
});

builder.objectFields(StudioRef, (t) => ({
  allocations: t.field({
    type: [AllocationRef],
    description: 'Allocations to the studio, by year and source; `year` keeps one year.',
    args: { year: t.arg.int() },
    resolve: async (studio, { year }, ctx) => {
      const rows = await rowsLoader(ctx, Allocation, 'studioId', {
        where: year ? { year } : {},
        orderBy: { year: 'asc', source: 'asc', id: 'asc' },
      }).load(studio.id);
      for (const row of rows) assertFactInScope(ctx.viewer, row, '工作室的拨款');
      return rows;
    },
  }),
}));
