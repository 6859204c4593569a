import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_PARKING_SQL } from '../../../lib/outbox.ts';

/** Outbox events that keep failing are parked for an operator (issue 13, lib/outbox.ts). */
export class Migration20261202200000_outbox_parking extends Migration {
  override up(): void {
    for (const sql of OUTBOX_PARKING_SQL) this.addSql(sql);
  }
}
