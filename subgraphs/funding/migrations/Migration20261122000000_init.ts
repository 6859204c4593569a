import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000000_init extends Migration {
  override up(): void {
    // Money is integer fen (分) in bigint columns: never a float.
    this.addSql(`create table allocation (
      id uuid primary key,
      studio_id uuid not null,
      -- the studio's region, kept here so rollups over a region's subtree never read studios' tables
      region_code varchar(6) not null check (region_code ~ '^[0-9]{6}$'),
      year int not null check (year between 2000 and 2100),
      source text not null check (source in ('PROVINCE', 'CITY', 'COUNTY', 'SCHOOL')),
      amount_fen bigint not null check (amount_fen > 0),
      -- local matching funds (配套), e.g. a Shenzhen district matching the city's grant at least 1:1 (003)
      matching boolean not null default false,
      note text not null default '',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql('create index allocation_region_year_idx on allocation (region_code text_pattern_ops, year)');
    this.addSql('create index allocation_studio_year_idx on allocation (studio_id, year)');
    this.addSql(`create table expenditure (
      id uuid primary key,
      studio_id uuid not null,
      region_code varchar(6) not null check (region_code ~ '^[0-9]{6}$'),
      year int not null check (year between 2000 and 2100),
      category text not null check (category in ('RESEARCH', 'SEMINAR', 'BOOKS', 'EQUIPMENT', 'EXPERT_FEES',
        'CONFERENCE', 'NETWORK', 'GUIDANCE', 'PUBLICATION', 'OTHER')),
      amount_fen bigint not null check (amount_fen > 0),
      spent_on date not null,
      voucher text not null,
      created_at timestamptz not null default now()
    )`);
    this.addSql('create index expenditure_region_year_idx on expenditure (region_code text_pattern_ops, year)');
    this.addSql('create index expenditure_studio_year_idx on expenditure (studio_id, year)');
  }
}
