import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261207000000_event_housekeeping } from './Migration20261207000000_event_housekeeping.ts';
import { Migration20261203100000_sync_cursors } from './Migration20261203100000_sync_cursors.ts';
import { Migration20261123000000_standards } from './Migration20261123000000_standards.ts';
import { Migration20261122000000_init } from './Migration20261122000000_init.ts';
import { Migration20261122010000_host_school } from './Migration20261122010000_host_school.ts';
import { Migration20261122020000_expenditures } from './Migration20261122020000_expenditures.ts';
import { Migration20261202000000_signatures } from './Migration20261202000000_signatures.ts';
import { Migration20261202010000_arranged } from './Migration20261202010000_arranged.ts';
import { Migration20261207000000_change_log } from './Migration20261207000000_change_log.ts';
import { Migration20261207192000_host_stipend } from './Migration20261207192000_host_stipend.ts';

export const migrations: MigrationObject[] = [
  { name: 'Migration20261122000000_init', class: Migration20261122000000_init },
  { name: 'Migration20261122010000_host_school', class: Migration20261122010000_host_school },
  { name: 'Migration20261122020000_expenditures', class: Migration20261122020000_expenditures },
  { name: 'Migration20261123000000_standards', class: Migration20261123000000_standards },
  { name: 'Migration20261202000000_signatures', class: Migration20261202000000_signatures },
  { name: 'Migration20261202010000_arranged', class: Migration20261202010000_arranged },
  { name: 'Migration20261203100000_sync_cursors', class: Migration20261203100000_sync_cursors },
  { name: 'Migration20261207000000_change_log', class: Migration20261207000000_change_log },
  { name: 'Migration20261207000000_event_housekeeping', class: Migration20261207000000_event_housekeeping },
  { name: 'Migration20261207192000_host_stipend', class: Migration20261207192000_host_stipend },
];
