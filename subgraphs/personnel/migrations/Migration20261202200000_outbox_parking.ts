import { Migration } from '@mikro-orm/migrations';

/** Outbox events that keep failing are parked for an operator (issue 13, lib/outbox.ts). */
export class Migration20261202200000_outbox_parking extends Migration {
  override up(): void {
    this.addSql(`alter table outbox_event add column parked_at timestamptz(3)`);
    this.addSql(`alter table outbox_event add column seq bigserial`);
    this.addSql(
      `create index outbox_event_key_idx on outbox_event ((coalesce(payload->>'studioId', payload->>'teacherId', id::text)), seq) where delivered_at is null`,
    );
  }
}
