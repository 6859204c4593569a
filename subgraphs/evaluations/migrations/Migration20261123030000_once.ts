import { Migration } from '@mikro-orm/migrations';

/** One evaluation of a kind per studio and year (cancelled ones aside), even when two offices schedule at once. */
export class Migration20261123030000_once extends Migration {
  override up(): void {
    this.addSql("create unique index evaluation_once_idx on evaluation (studio_id, kind, year) where status <> 'CANCELLED'");
  }
}
