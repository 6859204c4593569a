import { Migration } from '@mikro-orm/migrations';
import { AUDIT_TABLE_20261122, OUTBOX_TABLE_20261122 } from '../../../lib/data/frozen-sql.ts';

/** Results tell the studios subgraph through the outbox; every change is audited. */
export class Migration20261122020000_results extends Migration {
  override up(): void {
    for (const sql of OUTBOX_TABLE_20261122) this.addSql(sql);
    for (const sql of AUDIT_TABLE_20261122) this.addSql(sql);
  }
}
