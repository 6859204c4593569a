import { Migration } from '@mikro-orm/migrations';

/** Results tell the studios subgraph through the outbox; every change is audited. */
export class Migration20261122020000_results extends Migration {
  override up(): void {
    this.addSql(`create table outbox_event (
    id uuid primary key,
    topic text not null,
    payload jsonb not null,
    created_at timestamptz(3) not null,
    delivered_at timestamptz(3),
    attempts int not null default 0,
    next_attempt_at timestamptz(3) not null,
    last_error text
  )`);
    this.addSql(`create index outbox_event_pending_idx on outbox_event (next_attempt_at) where delivered_at is null`);
    this.addSql(`create table audit_entry (
    id uuid primary key,
    at timestamptz(3) not null,
    actor text not null,
    actor_level text not null,
    actor_region varchar(6) not null,
    action text not null,
    entity text not null,
    entity_id text not null,
    region_code varchar(6) not null,
    host_school_id uuid,
    summary text not null,
    before jsonb,
    after jsonb
  )`);
    this.addSql(`create index audit_entry_region_idx on audit_entry (region_code text_pattern_ops, at)`);
    this.addSql(`create index audit_entry_entity_idx on audit_entry (entity, entity_id, at)`);
  }
}
