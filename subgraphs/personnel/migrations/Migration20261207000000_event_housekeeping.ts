import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_TRACE_20261207 } from '../../../lib/data/frozen-sql.ts';

/** Events carry the request id and trace context of the change that published them (issue 22.11, lib/events/outbox.ts). */
export class Migration20261207000000_event_housekeeping extends Migration {
  override up(): void {
    for (const sql of [...OUTBOX_TRACE_20261207]) this.addSql(sql);
  }
}
