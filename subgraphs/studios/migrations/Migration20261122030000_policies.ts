import { Migration } from '@mikro-orm/migrations';
import { seededPolicyInserts, seededRuleInserts } from '../policy/seeded-policies.ts';

/**
 * Policies as data, with the programmes of the seeds loaded; each studio follows one policy. Members keep the
 * school they were at when they joined, for the own-school limits.
 */
export class Migration20261122030000_policies extends Migration {
  override up(): void {
    this.addSql(`create table policy (
      id text primary key,
      name text not null,
      issuing_region_code varchar(6) not null,
      issuing_level text not null check (issuing_level in ('PROVINCE', 'CITY', 'COUNTY', 'SCHOOL')),
      studio_level text not null check (studio_level in ('PROVINCIAL', 'MUNICIPAL', 'COUNTY', 'SCHOOL')),
      batch text,
      effective_from date,
      effective_to date,
      sources text not null,
      version int not null default 1,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`);
    this.addSql(`create table policy_rule (
      policy_id text not null references policy (id),
      code text not null,
      value jsonb not null,
      seed text not null,
      text text not null,
      primary key (policy_id, code)
    )`);
    for (const sql of [...seededPolicyInserts(), ...seededRuleInserts()]) this.addSql(sql);
    // studios named their programme by seed before policies were data
    this.addSql('alter table studio rename column programme to policy_id');
    this.addSql(`update studio set policy_id = case policy_id
      when '000' then '000-pingdingshan' when '001' then '001-wujin' when '003' then '003-shenzhen-2'
      when '004-方案6' then '004-shijiazhuang' when '002-方案1' then '002-vocational-school' else policy_id end`);
    this.addSql('alter table studio add constraint studio_policy_fk foreign key (policy_id) references policy (id)');
    this.addSql('alter table studio_member add column school_id uuid');
    this.addSql('alter table studio_member add column left_reason text');
  }
}
