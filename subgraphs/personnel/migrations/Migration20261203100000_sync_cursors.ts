import { Migration } from '@mikro-orm/migrations';

/**
 * Teachers and schools are synced by (updatedAt, id) cursors, which hold milliseconds: updated_at keeps as much
 * (a value with microseconds would never equal its cursor, and a page would start again at it).
 */
export class Migration20261203100000_sync_cursors extends Migration {
  override up(): void {
    for (const table of ['teacher', 'school']) {
      this.addSql(`alter table ${table} alter column updated_at type timestamptz(3)`);
      this.addSql(`create index ${table}_updated_at_idx on ${table} (updated_at, id)`);
    }
  }
}
