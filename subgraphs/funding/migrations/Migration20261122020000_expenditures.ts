import { Migration } from '@mikro-orm/migrations';

/**
 * Spending is booked only when both the host and the school's legal representative have signed (003 经费办法:
 * 双方签字后,方可入账核销); rows from before are booked.
 */
export class Migration20261122020000_expenditures extends Migration {
  override up(): void {
    this.addSql(
      `alter table expenditure add column status text not null default 'BOOKED' check (status in ('PENDING_SIGNATURES', 'BOOKED'))`,
    );
    this.addSql('alter table expenditure add column purpose text');
    this.addSql('alter table expenditure add column host_signed_by text');
    this.addSql('alter table expenditure add column legal_signed_by text');
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
