import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261203100000_sync_cursors } from './Migration20261203100000_sync_cursors.ts';
import { Migration20261202010000_unapplied_consequences } from './Migration20261202010000_unapplied_consequences.ts';
import { Migration20261202000000_team_roles } from './Migration20261202000000_team_roles.ts';
import { Migration20261202020000_current_members } from './Migration20261202020000_current_members.ts';
import { Migration20261202030000_policy_versions } from './Migration20261202030000_policy_versions.ts';
import { Migration20261123010000_evaluation_plan } from './Migration20261123010000_evaluation_plan.ts';
import { Migration20261123000000_funding_rules } from './Migration20261123000000_funding_rules.ts';
import { Migration20261122000000_init } from './Migration20261122000000_init.ts';
import { Migration20261122020000_lifecycle } from './Migration20261122020000_lifecycle.ts';
import { Migration20261122030000_policies } from './Migration20261122030000_policies.ts';
import { Migration20261122040000_nominations } from './Migration20261122040000_nominations.ts';
import { Migration20261122050000_work } from './Migration20261122050000_work.ts';
import { Migration20261122060000_inbox } from './Migration20261122060000_inbox.ts';
import { Migration20261122070000_applications } from './Migration20261122070000_applications.ts';
import { Migration20261122080000_consequences } from './Migration20261122080000_consequences.ts';
import { Migration20261122090000_seeded_rules } from './Migration20261122090000_seeded_rules.ts';
import { Migration20261202200000_outbox_parking } from './Migration20261202200000_outbox_parking.ts';

export const migrations: MigrationObject[] = [
  { name: 'Migration20261122000000_init', class: Migration20261122000000_init },
  { name: 'Migration20261122020000_lifecycle', class: Migration20261122020000_lifecycle },
  { name: 'Migration20261122030000_policies', class: Migration20261122030000_policies },
  { name: 'Migration20261122040000_nominations', class: Migration20261122040000_nominations },
  { name: 'Migration20261122050000_work', class: Migration20261122050000_work },
  { name: 'Migration20261122060000_inbox', class: Migration20261122060000_inbox },
  { name: 'Migration20261122070000_applications', class: Migration20261122070000_applications },
  { name: 'Migration20261122080000_consequences', class: Migration20261122080000_consequences },
  { name: 'Migration20261122090000_seeded_rules', class: Migration20261122090000_seeded_rules },
  { name: 'Migration20261123000000_funding_rules', class: Migration20261123000000_funding_rules },
  { name: 'Migration20261123010000_evaluation_plan', class: Migration20261123010000_evaluation_plan },
  { name: 'Migration20261202000000_team_roles', class: Migration20261202000000_team_roles },
  { name: 'Migration20261202010000_unapplied_consequences', class: Migration20261202010000_unapplied_consequences },
  { name: 'Migration20261202020000_current_members', class: Migration20261202020000_current_members },
  { name: 'Migration20261202030000_policy_versions', class: Migration20261202030000_policy_versions },
  { name: 'Migration20261202200000_outbox_parking', class: Migration20261202200000_outbox_parking },
  { name: 'Migration20261203100000_sync_cursors', class: Migration20261203100000_sync_cursors },
];
