import { Migration } from '@mikro-orm/migrations';
import { INBOX_TABLE_20261122 } from '../../../lib/data/frozen-sql.ts';

/**
 * Funding standards, matching, budgets and holds (003 经费办法 第二条、第四条; 004 方案8 八(一); 002 方案1
 * 四(一)3). A grant that must be matched keeps the ratio (per mille) its policy set when it was allocated, so
 * matching compliance is answered from funding's own rows.
 */
export class Migration20261123000000_standards extends Migration {
  override up(): void {
    for (const sql of INBOX_TABLE_20261122) this.addSql(sql);
    this.addSql('alter table allocation add column match_ratio_permille int check (match_ratio_permille > 0)');
    this.addSql(`create table funding_hold (
      id uuid primary key,
      studio_id uuid not null,
      region_code varchar(6) not null check (region_code ~ '^[0-9]{6}$'),
      host_school_id uuid,
      action text not null check (action in ('WITHHOLD', 'STOP')),
      from_year int not null check (from_year between 2000 and 2101),
      to_year int check (to_year >= from_year),
      reason text not null,
      evaluation_id uuid,
      event_id uuid not null,
      created_at timestamptz not null default now(),
      check ((action = 'STOP') = (to_year is null))
    )`);
    this.addSql('create index funding_hold_studio_idx on funding_hold (studio_id)');
    this.addSql(`create table budget (
      id uuid primary key,
      studio_id uuid not null,
      region_code varchar(6) not null check (region_code ~ '^[0-9]{6}$'),
      host_school_id uuid,
      year int not null check (year between 2000 and 2100),
      version int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (studio_id, year)
    )`);
    this.addSql(`create table budget_line (
      id uuid primary key,
      budget_id uuid not null references budget (id) on delete cascade,
      category text not null check (category in ('RESEARCH', 'SEMINAR', 'BOOKS', 'EQUIPMENT', 'EXPERT_FEES',
        'CONFERENCE', 'NETWORK', 'GUIDANCE', 'PUBLICATION', 'OTHER')),
      amount_fen bigint not null check (amount_fen > 0),
      unique (budget_id, category)
    )`);
  }
}
