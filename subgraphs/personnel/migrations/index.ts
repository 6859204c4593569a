import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261207180000_audit_actions } from './Migration20261207180000_audit_actions.ts';
import { Migration20261207210000_publication_level } from './Migration20261207210000_publication_level.ts';
import { Migration20261208020000_town_level } from './Migration20261208020000_town_level.ts';
import { Migration20261207000000_event_housekeeping } from './Migration20261207000000_event_housekeeping.ts';
import { Migration20261203100000_sync_cursors } from './Migration20261203100000_sync_cursors.ts';
import { Migration20261122000000_init } from './Migration20261122000000_init.ts';
import { Migration20261122000001_regions } from './Migration20261122000001_regions.ts';
import { Migration20261122050000_import } from './Migration20261122050000_import.ts';
import { Migration20261122060000_transfers } from './Migration20261122060000_transfers.ts';
import { Migration20261122070000_profile } from './Migration20261122070000_profile.ts';
import { Migration20261202000000_nation } from './Migration20261202000000_nation.ts';
import { Migration20261202100000_school_registry } from './Migration20261202100000_school_registry.ts';
import { Migration20261202200000_outbox_parking } from './Migration20261202200000_outbox_parking.ts';
import { Migration20261207000000_change_log } from './Migration20261207000000_change_log.ts';

export const migrations: MigrationObject[] = [
  { name: 'Migration20261122000000_init', class: Migration20261122000000_init },
  { name: 'Migration20261122000001_regions', class: Migration20261122000001_regions },
  { name: 'Migration20261122050000_import', class: Migration20261122050000_import },
  { name: 'Migration20261122060000_transfers', class: Migration20261122060000_transfers },
  { name: 'Migration20261122070000_profile', class: Migration20261122070000_profile },
  { name: 'Migration20261202000000_nation', class: Migration20261202000000_nation },
  { name: 'Migration20261202100000_school_registry', class: Migration20261202100000_school_registry },
  { name: 'Migration20261202200000_outbox_parking', class: Migration20261202200000_outbox_parking },
  { name: 'Migration20261203100000_sync_cursors', class: Migration20261203100000_sync_cursors },
  { name: 'Migration20261207000000_change_log', class: Migration20261207000000_change_log },
  { name: 'Migration20261207000000_event_housekeeping', class: Migration20261207000000_event_housekeeping },
  { name: 'Migration20261207180000_audit_actions', class: Migration20261207180000_audit_actions },
  { name: 'Migration20261207210000_publication_level', class: Migration20261207210000_publication_level },
  { name: 'Migration20261208020000_town_level', class: Migration20261208020000_town_level },
];
