import { FEDERATION_LINK } from '../../lib/graphql/builder.ts';
import type { SubgraphModule } from '../../lib/service/subgraph.ts';
import { Allocation } from './allocation/allocation.entity.ts';
import { FundingHold } from './allocation/hold.entity.ts';
import { Budget, BudgetLine } from './budget/budget.entity.ts';
import './allocation/allocation.schema.ts';
import './budget/budget.schema.ts';
import './summary/matching.schema.ts';
import { builder } from './builder.ts';
import { loadDemo } from './demo.ts';
import { Expenditure } from './expenditure/expenditure.entity.ts';
import { handlers } from './events.ts';
import { migrations } from './migrations/index.ts';
import './summary/funding-summary.schema.ts';
import './analytics/funding-rollup.schema.ts';
import './expenditure/expenditure.schema.ts';
import './node.ts';
import { AuditEntry } from '../../lib/data/audit.ts';

/** Funding: allocations by source and year under the policies' standards, budgets, spending, holds, and rollups. */
export const funding: SubgraphModule = {
  name: 'funding',
  schema: builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK }),
  entities: [Allocation, Expenditure, AuditEntry, FundingHold, Budget, BudgetLine],
  migrations,
  loadDemo,
  calls: ['studios'],
  handlers,
};
