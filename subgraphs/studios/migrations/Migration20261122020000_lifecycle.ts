import { Migration } from '@mikro-orm/migrations';
import { AUDIT_TABLE_20261122 } from '../../../lib/data/frozen-sql.ts';

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
    for (const sql of AUDIT_TABLE_20261122) this.addSql(sql);
  }
}
