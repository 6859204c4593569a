import { Migration } from '@mikro-orm/migrations';
import { seededRuleInserts } from '../policy/seeded-policies.ts';

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
    for (const sql of seededRuleInserts((code) => code === 'team.assistants')) this.addSql(sql);
  }
}
