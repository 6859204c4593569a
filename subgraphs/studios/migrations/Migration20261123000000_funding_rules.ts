import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_TABLE_SQL } from '../../../lib/outbox.ts';
import { seededPolicyInserts, seededRuleInserts } from '../policy/seeded-policies.ts';

/**
 * Funding standards and consequences as policy data (003 经费办法, 004 方案4/8/10, 002 方案1), the policies
 * added for them, and an outbox: studios tells funding when a consequence withholds or stops a studio's money.
 */
export class Migration20261123000000_funding_rules extends Migration {
  override up(): void {
    for (const sql of [...OUTBOX_TABLE_SQL, ...seededPolicyInserts(), ...seededRuleInserts()]) this.addSql(sql);
  }
}
