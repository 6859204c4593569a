import { Migration } from '@mikro-orm/migrations';
import { SEEDED_POLICIES } from '../policy/seeded-policies.ts';

const literal = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Rules added to the seeded policies after a database was loaded (the honors rules), without touching others. */
export class Migration20261122090000_seeded_rules extends Migration {
  override up(): void {
    for (const p of SEEDED_POLICIES) {
      for (const [code, value, seed, text] of p.rules) {
        this.addSql(
          `insert into policy_rule (policy_id, code, value, seed, text) values (${[p.id, code, JSON.stringify(value), seed, text].map(literal).join(', ')})
           on conflict (policy_id, code) do nothing`,
        );
      }
    }
  }
}
