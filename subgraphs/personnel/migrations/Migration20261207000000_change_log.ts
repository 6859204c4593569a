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
        ('school', 'r.region_code'),
        ('teacher', '(select s.region_code from personnel.school s where s.id = r.school_id)'),
        ('teacher_honor', '(select s.region_code from personnel.teacher t join personnel.school s on s.id = t.school_id where t.id = r.teacher_id)'),
        ('teacher_research', '(select s.region_code from personnel.teacher t join personnel.school s on s.id = t.school_id where t.id = r.teacher_id)'),
        ('teacher_publication', '(select s.region_code from personnel.teacher t join personnel.school s on s.id = t.school_id where t.id = r.teacher_id)'),
        ('teacher_transfer', '(select s.region_code from personnel.school s where s.id = r.to_school_id)'),
        ('audit_entry', 'r.region_code')`,
    );
  }
}
