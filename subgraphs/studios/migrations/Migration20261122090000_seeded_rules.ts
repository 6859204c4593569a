import { Migration } from '@mikro-orm/migrations';
import { seededRuleInserts } from '../policy/seeded-policies.ts';

/** Rules added to the seeded policies after a database was loaded (the honors rules), without touching others. */
export class Migration20261122090000_seeded_rules extends Migration {
  override up(): void {
    for (const sql of seededRuleInserts()) this.addSql(sql);
  }
}
