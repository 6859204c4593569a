import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000000_init extends Migration {
  override up(): void {
    this.addSql(`create table region (
      code varchar(6) primary key check (code ~ '^[0-9]{6}$'),
      name text not null,
      level text not null check (level in ('PROVINCE', 'CITY', 'COUNTY')),
      parent_code varchar(6) references region (code),
      -- counties, and the three cities without counties (东莞市, 中山市, 儋州市) that stand at county level too
      county_level boolean not null
    )`);
    this.addSql('create index region_parent_code_idx on region (parent_code)');
    // prefix searches (code like '4104%') use this index whatever the database's collation
    this.addSql('create index region_code_prefix_idx on region (code text_pattern_ops, level)');
    this.addSql(`create table school (
      id uuid primary key,
      name text not null,
      stage text not null check (stage in ('PRIMARY', 'JUNIOR', 'SENIOR', 'VOCATIONAL')),
      region_code varchar(6) not null references region (code),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index school_region_code_idx on school (region_code text_pattern_ops)');
    this.addSql(`create table teacher (
      id uuid primary key,
      name text not null,
      gender text check (gender in ('FEMALE', 'MALE')),
      birth_date date,
      school_id uuid not null references school (id),
      title text,
      subject text,
      years_worked int check (years_worked >= 0),
      head_teacher_years int not null default 0 check (head_teacher_years >= 0),
      active_head_teacher boolean not null default true,
      phone text,
      email text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index teacher_school_id_idx on teacher (school_id)');
  }
}
