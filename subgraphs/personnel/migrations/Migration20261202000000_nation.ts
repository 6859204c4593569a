import { Migration } from '@mikro-orm/migrations';

/**
 * The nation above the provinces: 100000 中华人民共和国 (the code commonly used for it; no province starts with
 * 10), parent of every province, so a national office asks about the whole country in one request.
 */
export class Migration20261202000000_nation extends Migration {
  override up(): void {
    this.addSql('alter table region drop constraint region_level_check');
    this.addSql("alter table region add constraint region_level_check check (level in ('NATION', 'PROVINCE', 'CITY', 'COUNTY'))");
    this.addSql(
      "insert into region (code, name, level, parent_code, county_level) values ('100000', '中华人民共和国', 'NATION', null, false)",
    );
    this.addSql("update region set parent_code = '100000' where level = 'PROVINCE'");
  }
}
