import type { SubgraphName } from '../lib/service/config.ts';
import type { SubgraphModule } from '../lib/service/subgraph.ts';
import { evaluations } from './evaluations/index.ts';
import { funding } from './funding/index.ts';
import { personnel } from './personnel/index.ts';
import { studios } from './studios/index.ts';

/** The four subgraphs, in start order. */
export const SUBGRAPHS: Record<SubgraphName, SubgraphModule> = { personnel, studios, evaluations, funding };
