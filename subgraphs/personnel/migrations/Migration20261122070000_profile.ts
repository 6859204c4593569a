import { Migration } from '@mikro-orm/migrations';

/** The rest of the host application form (000 附件3): profile fields, research projects and publications. */
export class Migration20261122070000_profile extends Migration {
  override up(): void {
    this.addSql('alter table teacher add column ethnicity text');
    this.addSql('alter table teacher add column political_status text');
    this.addSql('alter table teacher add column education text');
    this.addSql('alter table teacher add column position text');
    this.addSql('alter table teacher add column version int not null default 1');
    this.addSql(`create table teacher_research (
      id uuid primary key,
      teacher_id uuid not null references teacher (id),
      title text not null,
      level text not null check (level in ('NATIONAL', 'PROVINCIAL', 'MUNICIPAL', 'COUNTY', 'SCHOOL')),
      role text not null check (role in ('HOST', 'PARTICIPANT')),
      year int,
      status text not null check (status in ('ONGOING', 'CONCLUDED'))
    )`);
    this.addSql(`create table teacher_publication (
      id uuid primary key,
      teacher_id uuid not null references teacher (id),
      title text not null,
      venue text not null,
      year int,
      core_journal boolean not null default false,
      monograph boolean not null default false
    )`);
  }
}
