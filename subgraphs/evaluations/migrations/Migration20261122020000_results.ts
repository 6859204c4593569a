import { Migration } from '@mikro-orm/migrations';
import { AUDIT_TABLE_SQL } from '../../../lib/audit.ts';
import { OUTBOX_TABLE_SQL } from '../../../lib/outbox.ts';

/** Results tell the studios subgraph through the outbox; every change is audited. */
export class Migration20261122020000_results extends Migration {
  override up(): void {
    for (const sql of [...OUTBOX_TABLE_SQL, ...AUDIT_TABLE_SQL]) this.addSql(sql);
  }
}
