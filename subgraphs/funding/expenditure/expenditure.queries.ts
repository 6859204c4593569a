import { type PageArgs, studioFactsPage } from '../../../lib/graphql/connection.ts';
import { type SubgraphContext } from '../../../lib/graphql/context.ts';
import { findInScope } from '../../../lib/data/loaders.ts';
import { Expenditure } from './expenditure.entity.ts';

/** An expenditure of a studio the viewer may see (NOT_FOUND otherwise). */
export const findExpenditure = (ctx: SubgraphContext, id: string) => findInScope(ctx, Expenditure, id, '支出');

/** A sync page of the expenditures of the studios of a region's subtree. */
export const expendituresPage = (ctx: SubgraphContext, within: string, page: PageArgs) =>
  studioFactsPage(ctx, Expenditure, 'expenditure', within, page);
