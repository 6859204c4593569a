import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_PARKING_20261202 } from '../../../lib/data/frozen-sql.ts';

/** Outbox events that keep failing are parked for an operator (issue 13, lib/events/outbox.ts). */
export class Migration20261202200000_outbox_parking extends Migration {
  override up(): void {
    for (const sql of OUTBOX_PARKING_20261202) this.addSql(sql);
  }
}
