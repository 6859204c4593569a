import { Migration } from '@mikro-orm/migrations';

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
    this.addSql(`create table audit_entry (
    id uuid primary key,
    at timestamptz(3) not null,
    actor text not null,
    actor_level text not null,
    actor_region varchar(6) not null,
    action text not null,
    entity text not null,
    entity_id text not null,
    region_code varchar(6) not null,
    host_school_id uuid,
    summary text not null,
    before jsonb,
    after jsonb
  )`);
    this.addSql(`create index audit_entry_region_idx on audit_entry (region_code text_pattern_ops, at)`);
    this.addSql(`create index audit_entry_entity_idx on audit_entry (entity, entity_id, at)`);
  }
}
