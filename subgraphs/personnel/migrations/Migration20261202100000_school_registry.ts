import { Migration } from '@mikro-orm/migrations';

/**
 * Offices register and update their schools (issue 16.7): a version for optimistic concurrency, and one school of
 * a name in a region (the check behind the Chinese refusal, for two offices registering at once).
 */
export class Migration20261202100000_school_registry extends Migration {
  override up(): void {
    this.addSql('alter table school add column version integer not null default 1');
    this.addSql('create unique index school_region_name_unique on school (region_code, name)');
  }
}
