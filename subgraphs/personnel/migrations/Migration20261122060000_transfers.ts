import { Migration } from '@mikro-orm/migrations';

/** Teachers' moves between schools, and the outbox that tells the other subgraphs. */
export class Migration20261122060000_transfers extends Migration {
  override up(): void {
    this.addSql(`create table teacher_transfer (
      id uuid primary key,
      teacher_id uuid not null references teacher (id),
      from_school_id uuid not null references school (id),
      to_school_id uuid not null references school (id),
      moved_on date not null,
      reason text not null,
      actor text not null,
      at timestamptz(3) not null
    )`);
    this.addSql('create index teacher_transfer_teacher_idx on teacher_transfer (teacher_id, moved_on)');
    this.addSql(`create table outbox_event (
    id uuid primary key,
    topic text not null,
    payload jsonb not null,
    created_at timestamptz(3) not null,
    delivered_at timestamptz(3),
    attempts int not null default 0,
    next_attempt_at timestamptz(3) not null,
    last_error text
  )`);
    this.addSql(`create index outbox_event_pending_idx on outbox_event (next_attempt_at) where delivered_at is null`);
  }
}
