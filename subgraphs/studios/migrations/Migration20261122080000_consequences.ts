import { Migration } from '@mikro-orm/migrations';
import { seededRuleInserts } from '../policy/seeded-policies.ts';

/** The seeds' consequences of evaluation results, as policy rules (for databases loaded before they were). */
export class Migration20261122080000_consequences extends Migration {
  override up(): void {
    for (const sql of seededRuleInserts((code) => code.startsWith('consequence.'))) this.addSql(sql);
  }
}
