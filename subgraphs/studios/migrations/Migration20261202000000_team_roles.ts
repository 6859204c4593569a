import { Migration } from '@mikro-orm/migrations';

/** Frozen: the SQL this migration ran when it was written; it never changes (seeded policies are kept in sync by policy/sync.ts). */
const ASSISTANT_RULES = [
  "insert into policy_rule (policy_id, code, value, seed, text) values ('000-pingdingshan', 'team.assistants', '{\"min\":1,\"max\":1}', '000 四.1', '1人应与工作室主持人同校，兼任主持人助理') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-county-teachers', 'team.assistants', '{\"max\":1}', '004 方案8 三(二)2', '工作室成员包含工作室主持人所在单位确定的主持人助手1名') on conflict (policy_id, code) do nothing",
];

/**
 * A second lead (领衔人, 001 四(一) "1—2名领衔人") is recorded on the team as LEAD; 004 方案8's assistant
 * (主持人助手) becomes a rule of its policy.
 */
export class Migration20261202000000_team_roles extends Migration {
  override up(): void {
    for (const table of ['studio_member', 'membership_application']) {
      this.addSql(`alter table ${table} drop constraint ${table}_role_check`);
      this.addSql(
        `alter table ${table} add constraint ${table}_role_check check (role in ('LEAD', 'MENTOR', 'ASSISTANT', 'CORE', 'MEMBER'))`,
      );
    }
    for (const sql of ASSISTANT_RULES) this.addSql(sql);
  }
}
