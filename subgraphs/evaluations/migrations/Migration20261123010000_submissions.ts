import { Migration } from '@mikro-orm/migrations';

/** A county's annual assessment results as reported to its city (000 五.2): one row per county and year. */
export class Migration20261123010000_submissions extends Migration {
  override up(): void {
    this.addSql(`create table annual_submission (
      id uuid primary key,
      -- a county-level region: its code never ends in 00
      region_code varchar(6) not null check (region_code ~ '^[0-9]{4}([1-9][0-9]|0[1-9])$'),
      year int not null check (year between 2000 and 2100),
      status text not null check (status in ('DRAFT', 'SUBMITTED', 'ACCEPTED', 'RETURNED')),
      return_reason text,
      submitted_by text,
      submitted_at timestamptz,
      decided_by text,
      decided_at timestamptz,
      version int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      constraint annual_submission_region_year_key unique (region_code, year),
      check ((status = 'RETURNED') = (return_reason is not null))
    )`);
  }
}
