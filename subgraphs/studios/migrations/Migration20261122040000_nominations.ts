import { Migration } from '@mikro-orm/migrations';

/** Nomination quotas per region for a policy (000 附件2), and the nominations counted against them. */
export class Migration20261122040000_nominations extends Migration {
  override up(): void {
    this.addSql(`create table nomination_quota (
      policy_id text not null references policy (id),
      region_code varchar(6) not null,
      -- true: every school run directly by this region gets the quota (局属学校每校1个); false: the region does
      per_school boolean not null,
      quota int not null check (quota >= 0),
      seed text not null,
      primary key (policy_id, region_code, per_school)
    )`);
    const quotas: [string, boolean, number][] = [
      ['410481', false, 3],
      ['410421', false, 3],
      ['410425', false, 3],
      ['410423', false, 3],
      ['410422', false, 3],
      ['410402', false, 2],
      ['410403', false, 2],
      ['410411', false, 2],
      ['410404', false, 1],
      ['410472', false, 1],
      ['410471', false, 1],
      ['410400', true, 1],
    ];
    for (const [region, perSchool, quota] of quotas) {
      this.addSql(`insert into nomination_quota values ('000-pingdingshan', '${region}', ${perSchool}, ${quota}, '000 附件2')`);
    }
    this.addSql(`create table nomination (
      id uuid primary key,
      policy_id text not null references policy (id),
      batch text not null,
      teacher_id uuid not null,
      school_id uuid not null,
      region_code varchar(6) not null,
      withdrawn boolean not null default false,
      actor text not null,
      at timestamptz(3) not null
    )`);
    this.addSql('create unique index nomination_once_idx on nomination (policy_id, batch, teacher_id) where not withdrawn');
    this.addSql('create index nomination_count_idx on nomination (policy_id, batch, region_code)');
  }
}
