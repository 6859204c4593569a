import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000000_init } from './Migration20261122000000_init.ts';

export const migrations: MigrationObject[] = [{ name: 'Migration20261122000000_init', class: Migration20261122000000_init }];
