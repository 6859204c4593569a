import { Migration } from '@mikro-orm/migrations';

/** The studio's host school, kept beside its region so a school user's rows can be told apart in SQL. */
export class Migration20261122010000_host_school extends Migration {
  override up(): void {
    for (const table of ['allocation', 'expenditure']) {
      this.addSql(`alter table ${table} add column host_school_id uuid`);
      this.addSql(`create index ${table}_host_school_idx on ${table} (host_school_id)`);
    }
  }
}
