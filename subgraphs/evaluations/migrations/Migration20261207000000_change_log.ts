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
        ('evaluation', 'r.region_code'),
        ('annual_submission', 'r.region_code'),
        ('evaluation_rectification', 'r.region_code'),
        ('member_rating', 'r.region_code'),
        ('evaluation_score', '(select e.region_code from evaluations.evaluation e where e.id = r.evaluation_id)'),
        ('audit_entry', 'r.region_code')`,
    );
  }
}
