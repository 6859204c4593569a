import { Migration } from '@mikro-orm/migrations';
import { CHANGE_LOG_20261207 } from '../../../lib/data/frozen-sql.ts';

/**
 * Each commit records what it touched (issue 23, lib/data/data-changes.ts): the log, its trigger function, and where
 * each table's rows lie (the region every row of it is counted under; a table not listed counts as the nation's).
 */
export class Migration20261207000000_change_log extends Migration {
  override up(): void {
    for (const sql of CHANGE_LOG_20261207) this.addSql(sql);
    this.addSql(
      `insert into hub_change_region (table_name, region) values
        ('studio', 'r.region_code'),
        ('nomination_quota', 'r.region_code'),
        ('nomination', 'r.region_code'),
        ('studio_unapplied_consequence', 'r.region_code'),
        ('policy', 'r.issuing_region_code'),
        ('policy_rule', '(select p.issuing_region_code from studios.policy p where p.id = r.policy_id)'),
        ('policy_version', '(select p.issuing_region_code from studios.policy p where p.id = r.policy_id)'),
        ('studio_member', '(select s.region_code from studios.studio s where s.id = r.studio_id)'),
        ('studio_transition', '(select s.region_code from studios.studio s where s.id = r.studio_id)'),
        ('work_item', '(select s.region_code from studios.studio s where s.id = r.studio_id)'),
        ('membership_application', '(select s.region_code from studios.studio s where s.id = r.studio_id)'),
        ('attendance', '(select s.region_code from studios.work_item w join studios.studio s on s.id = w.studio_id where w.id = r.work_item_id)'),
        ('audit_entry', 'r.region_code')`,
    );
  }
}
