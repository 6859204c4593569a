import { FEDERATION_LINK } from '../../lib/graphql.ts';
import type { SubgraphModule } from '../../lib/subgraph.ts';
import { Allocation } from './allocation/allocation.entity.ts';
import './allocation/allocation.schema.ts';
import { builder } from './builder.ts';
import { loadDemo } from './demo.ts';
import { Expenditure } from './expenditure/expenditure.entity.ts';
import { migrations } from './migrations/index.ts';
import './summary/funding-summary.schema.ts';
import './analytics/funding-rollup.schema.ts';
import './expenditure/expenditure.schema.ts';
import { AuditEntry } from '../../lib/audit.ts';

/** Funding: allocations to studios by source and year, spending, and their rollups. */
export const funding: SubgraphModule = {
  name: 'funding',
  schema: builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK }),
  entities: [Allocation, Expenditure, AuditEntry],
  migrations,
  loadDemo,
};
