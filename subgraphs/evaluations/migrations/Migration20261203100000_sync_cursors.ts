import { Migration } from '@mikro-orm/migrations';

/** Evaluations are synced by (updatedAt, id) cursors, which hold milliseconds: updated_at keeps as much. */
export class Migration20261203100000_sync_cursors extends Migration {
  override up(): void {
    this.addSql('alter table evaluation alter column updated_at type timestamptz(3)');
    this.addSql('create index evaluation_updated_at_idx on evaluation (updated_at, id)');
  }
}
