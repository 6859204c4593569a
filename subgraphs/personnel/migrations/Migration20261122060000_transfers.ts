import { Migration } from '@mikro-orm/migrations';
import { OUTBOX_TABLE_20261122 } from '../../../lib/data/frozen-sql.ts';

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
    for (const sql of OUTBOX_TABLE_20261122) this.addSql(sql);
  }
}
