import { Migration } from '@mikro-orm/migrations';

/** Memberships carry updated_at, to the millisecond as the (updatedAt, id) cursors are, for incremental sync. */
export class Migration20261203100000_sync_cursors extends Migration {
  override up(): void {
    this.addSql('alter table studio_member add column updated_at timestamptz(3) not null default now()');
    this.addSql('create index studio_member_updated_at_idx on studio_member (updated_at, id)');
  }
}
