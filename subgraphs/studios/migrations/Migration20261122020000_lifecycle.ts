import { Migration } from '@mikro-orm/migrations';

/** The audit table, frozen as it was created. */
const AUDIT_TABLE = [
  'create table audit_entry (\n    id uuid primary key,\n    at timestamptz(3) not null,\n    actor text not null,\n    actor_level text not null,\n    actor_region varchar(6) not null,\n    action text not null,\n    entity text not null,\n    entity_id text not null,\n    region_code varchar(6) not null,\n    host_school_id uuid,\n    summary text not null,\n    before jsonb,\n    after jsonb\n  )',
  'create index audit_entry_region_idx on audit_entry (region_code text_pattern_ops, at)',
  'create index audit_entry_entity_idx on audit_entry (entity, entity_id, at)',
];

/** Each lifecycle transition with who, when and why; and the audit of every change. */
export class Migration20261122020000_lifecycle extends Migration {
  override up(): void {
    this.addSql(`create table studio_transition (
      id uuid primary key,
      studio_id uuid not null references studio (id),
      from_status text not null,
      to_status text not null,
      reason text not null check (length(reason) > 0),
      actor text not null,
      actor_level text not null,
      actor_region varchar(6) not null,
      at timestamptz(3) not null
    )`);
    this.addSql('create index studio_transition_studio_idx on studio_transition (studio_id, at)');
    for (const sql of AUDIT_TABLE) this.addSql(sql);
  }
}
