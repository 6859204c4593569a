import { Migration } from '@mikro-orm/migrations';

/** The studio's host school, kept beside its region so a school user's rows can be told apart in SQL. */
export class Migration20261122010000_host_school extends Migration {
  override up(): void {
    this.addSql('alter table evaluation add column host_school_id uuid');
    this.addSql('create index evaluation_host_school_idx on evaluation (host_school_id)');
  }
}
