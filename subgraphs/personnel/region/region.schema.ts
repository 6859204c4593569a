import { regionEntity } from '../../../lib/graphql/region-schema.ts';
import { builder, NodeRef } from '../builder.ts';

/** Regions, their Level enum and the region queries: the same in every subgraph (lib/graphql/region-schema.ts). */
export const { RegionRef, LevelEnum } = regionEntity(builder, NodeRef);
