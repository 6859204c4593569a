import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000000_init extends Migration {
  override up(): void {
    this.addSql(`create table studio (
      id uuid primary key,
      name text not null,
      level text not null check (level in ('PROVINCIAL', 'MUNICIPAL', 'COUNTY', 'SCHOOL')),
      status text not null check (status in ('APPLIED', 'UNDER_REVIEW', 'IN_PUBLICITY', 'ESTABLISHED', 'RUNNING',
        'ON_HOLD', 'WARNED', 'RENEWED', 'COMPLETED', 'REVOKED')),
      region_code varchar(6) not null check (region_code ~ '^[0-9]{6}$'),
      host_school_id uuid not null,
      host_teacher_id uuid not null,
      programme text not null,
      batch text not null,
      start_year int not null,
      end_year int not null check (end_year >= start_year),
      version int not null default 1,
      created_at timestamptz not null default now(),
      -- millisecond precision, as in the (updatedAt, id) paging cursors clients send back
      updated_at timestamptz(3) not null default now()
    )`);
    this.addSql('create index studio_region_code_idx on studio (region_code text_pattern_ops)');
    this.addSql('create index studio_updated_at_idx on studio (updated_at, id)');
    this.addSql(`create table studio_member (
      id uuid primary key,
      studio_id uuid not null references studio (id),
      teacher_id uuid not null,
      role text not null check (role in ('MENTOR', 'ASSISTANT', 'CORE', 'MEMBER')),
      joined_on date not null,
      left_on date,
      check (left_on is null or left_on >= joined_on)
    )`);
    this.addSql('create index studio_member_studio_id_idx on studio_member (studio_id)');
  }
}
