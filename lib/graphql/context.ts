import type {} from '@pothos/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.ts';
import type { Loaders } from '../data/loaders.ts';
import type { Peers } from '../service/peers.ts';

export interface SubgraphContext {
  em: EntityManager;
  loaders: Loaders;
  /** The user, as the gateway vouched for them. */
  viewer: Viewer;
  /** The other subgraphs' APIs, asked as this user. */
  peers: Peers;
}

export interface HubTypes {
  Context: SubgraphContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date | string };
    Money: { Input: bigint; Output: bigint | number | string };
  };
}

/** The builder every subgraph's schema is made with (lib/graphql/builder.ts `createBuilder`). */
export type Builder = PothosSchemaTypes.SchemaBuilder<PothosSchemaTypes.ExtendDefaultTypes<HubTypes>>;
