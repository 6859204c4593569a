import { Migration } from '@mikro-orm/migrations';
import { PARKED_RECEIVED_20261207 } from '../../../lib/data/frozen-sql.ts';

/** Events it could not apply over NATS are parked for an operator (issue 22.11, lib/events/outbox.ts). */
export class Migration20261207000000_event_housekeeping extends Migration {
  override up(): void {
    for (const sql of [...PARKED_RECEIVED_20261207]) this.addSql(sql);
  }
}
