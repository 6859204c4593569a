import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261207000000_event_housekeeping } from './Migration20261207000000_event_housekeeping.ts';
import { Migration20261203100000_sync_cursors } from './Migration20261203100000_sync_cursors.ts';
import { Migration20261123030000_once } from './Migration20261123030000_once.ts';
import { Migration20261122000000_init } from './Migration20261122000000_init.ts';
import { Migration20261122010000_host_school } from './Migration20261122010000_host_school.ts';
import { Migration20261122020000_results } from './Migration20261122020000_results.ts';
import { Migration20261123010000_submissions } from './Migration20261123010000_submissions.ts';
import { Migration20261123020000_depth } from './Migration20261123020000_depth.ts';
import { Migration20261202000000_school_units } from './Migration20261202000000_school_units.ts';
import { Migration20261202200000_outbox_parking } from './Migration20261202200000_outbox_parking.ts';
import { Migration20261207000000_change_log } from './Migration20261207000000_change_log.ts';
import { Migration20261207191000_rule_codes } from './Migration20261207191000_rule_codes.ts';
import { Migration20261208010000_grade_scales } from './Migration20261208010000_grade_scales.ts';

export const migrations: MigrationObject[] = [
  { name: 'Migration20261122000000_init', class: Migration20261122000000_init },
  { name: 'Migration20261122010000_host_school', class: Migration20261122010000_host_school },
  { name: 'Migration20261122020000_results', class: Migration20261122020000_results },
  { name: 'Migration20261123010000_submissions', class: Migration20261123010000_submissions },
  { name: 'Migration20261123020000_depth', class: Migration20261123020000_depth },
  { name: 'Migration20261123030000_once', class: Migration20261123030000_once },
  { name: 'Migration20261202000000_school_units', class: Migration20261202000000_school_units },
  { name: 'Migration20261202200000_outbox_parking', class: Migration20261202200000_outbox_parking },
  { name: 'Migration20261203100000_sync_cursors', class: Migration20261203100000_sync_cursors },
  { name: 'Migration20261207000000_change_log', class: Migration20261207000000_change_log },
  { name: 'Migration20261207000000_event_housekeeping', class: Migration20261207000000_event_housekeeping },
  { name: 'Migration20261207191000_rule_codes', class: Migration20261207191000_rule_codes },
  { name: 'Migration20261208010000_grade_scales', class: Migration20261208010000_grade_scales },
];
