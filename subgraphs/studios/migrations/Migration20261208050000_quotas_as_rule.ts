import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 24: the nomination quotas of 000 附件2 are the programme's rule `naming.perRegion.max`, in its file
 * (policy/programmes/000-pingdingshan.json), so the table that held them as data of its own goes.
 */
export class Migration20261208050000_quotas_as_rule extends Migration {
  override up(): void {
    this.addSql('drop table nomination_quota');
    this.addSql(`delete from hub_change_region where table_name = 'nomination_quota'`);
  }
}
