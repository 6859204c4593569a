import { Migration } from '@mikro-orm/migrations';
import { seededRuleInserts } from '../policy/seeded-policies.ts';

/** The evaluations each seeded policy holds in a cycle (evaluation.kinds), for databases loaded before. */
export class Migration20261123010000_evaluation_plan extends Migration {
  override up(): void {
    for (const sql of seededRuleInserts((code) => code === 'evaluation.kinds')) this.addSql(sql);
  }
}
