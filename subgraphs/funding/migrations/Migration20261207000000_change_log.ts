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
        ('allocation', 'r.region_code'),
        ('expenditure', 'r.region_code'),
        ('funding_hold', 'r.region_code'),
        ('budget', 'r.region_code'),
        ('budget_line', '(select b.region_code from funding.budget b where b.id = r.budget_id)'),
        ('audit_entry', 'r.region_code')`,
    );
  }
}
