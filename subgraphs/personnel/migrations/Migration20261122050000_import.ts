import { Migration } from '@mikro-orm/migrations';
import { AUDIT_TABLE_20261122 } from '../../../lib/data/frozen-sql.ts';

/**
 * What the offices' spreadsheets give (000 附件4): an age on a day rather than a birth date, and honors such as
 * 市级优秀班主任; and the audit of personnel's changes.
 */
export class Migration20261122050000_import extends Migration {
  override up(): void {
    this.addSql('alter table teacher add column declared_age int check (declared_age between 18 and 70)');
    this.addSql('alter table teacher add column declared_on date');
    this.addSql(`create table teacher_honor (
      id uuid primary key,
      teacher_id uuid not null references teacher (id),
      title text not null,
      level text not null check (level in ('NATIONAL', 'PROVINCIAL', 'MUNICIPAL', 'COUNTY', 'SCHOOL')),
      kind text not null check (kind in ('PERSONAL', 'CLASS')),
      year int
    )`);
    this.addSql('create index teacher_honor_teacher_idx on teacher_honor (teacher_id)');
    for (const sql of AUDIT_TABLE_20261122) this.addSql(sql);
  }
}
