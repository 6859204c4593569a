import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 24.2: a studio keeps the day it was founded (its obligations count from then, not from the first day of
 * its start year), and an office entitled to decide may waive a rule the recorded data cannot decide (a host with
 * no birth date), with its reason: one waiver per policy, teacher and rule. A policy's rule says which template it
 * was inherited from.
 */
export class Migration20261207160000_enforcement extends Migration {
  override up(): void {
    this.addSql('alter table studio add column founded_on date');
    this.addSql(`create table eligibility_waiver (
      id uuid primary key,
      policy_id text not null,
      teacher_id uuid not null,
      rule text not null,
      reason text not null,
      region_code varchar(6) not null,
      host_school_id uuid,
      decided_by text not null,
      decided_level text not null,
      decided_region text not null,
      decided_at timestamptz not null,
      unique (policy_id, teacher_id, rule)
    )`);
    // a rule a school's programme took from its template, as against one it states itself (issue 24.4)
    this.addSql('alter table policy_rule add column inherited_from text');
    this.addSql(`insert into hub_change_region (table_name, region) values ('eligibility_waiver', 'r.region_code')`);
  }
}
