import { Migration } from '@mikro-orm/migrations';

/**
 * Allocations and expenditures are synced by (updatedAt, id) cursors, which hold milliseconds: updated_at keeps
 * as much; expenditures gain it (a signature changes one).
 */
export class Migration20261203100000_sync_cursors extends Migration {
  override up(): void {
    this.addSql('alter table allocation alter column updated_at type timestamptz(3)');
    this.addSql('create index allocation_updated_at_idx on allocation (updated_at, id)');
    this.addSql('alter table expenditure add column updated_at timestamptz(3) not null default now()');
    this.addSql('create index expenditure_updated_at_idx on expenditure (updated_at, id)');
  }
}
