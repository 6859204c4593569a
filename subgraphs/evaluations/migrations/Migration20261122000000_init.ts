import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000000_init extends Migration {
  override up(): void {
    this.addSql(`create table evaluation (
      id uuid primary key,
      studio_id uuid not null,
      -- the studio's region, kept here so rollups over a region's subtree never read studios' tables
      region_code varchar(6) not null check (region_code ~ '^[0-9]{6}$'),
      kind text not null check (kind in ('CREATION', 'ANNUAL', 'MIDTERM', 'FINAL', 'SECOND_EVALUATION')),
      year int not null check (year between 2000 and 2100),
      status text not null check (status in ('PENDING', 'COMPLETED', 'CANCELLED')),
      result text check (result in ('EXCELLENT', 'GOOD', 'PASS', 'FAIL')),
      version int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check ((status = 'COMPLETED') = (result is not null))
    )`);
    this.addSql('create index evaluation_region_idx on evaluation (region_code text_pattern_ops, kind, status)');
    this.addSql('create index evaluation_studio_id_idx on evaluation (studio_id)');
  }
}
