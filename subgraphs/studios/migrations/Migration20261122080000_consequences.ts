import { Migration } from '@mikro-orm/migrations';
import { SEEDED_POLICIES } from '../policy/seeded-policies.ts';

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** The seeds' consequences of evaluation results, as policy rules (for databases loaded before they were). */
export class Migration20261122080000_consequences extends Migration {
  override up(): void {
    for (const p of SEEDED_POLICIES) {
      for (const [code, value, seed, text] of p.rules.filter(([c]) => c.startsWith('consequence.'))) {
        this.addSql(
          `insert into policy_rule (policy_id, code, value, seed, text) values (${[p.id, code, JSON.stringify(value), seed, text].map(literal).join(', ')})
           on conflict (policy_id, code) do nothing`,
        );
      }
    }
  }
}
