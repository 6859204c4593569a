import { Migration } from '@mikro-orm/migrations';

/** Two-way selection (双向选择, 002 方案1 二(三)): a teacher applies, the studio accepts or declines. */
export class Migration20261122070000_applications extends Migration {
  override up(): void {
    this.addSql(`create table membership_application (
      id uuid primary key,
      studio_id uuid not null references studio (id),
      teacher_id uuid not null,
      role text not null check (role in ('MENTOR', 'ASSISTANT', 'CORE', 'MEMBER')),
      status text not null check (status in ('PENDING', 'ACCEPTED', 'DECLINED')),
      applied_by text not null,
      applied_at timestamptz(3) not null,
      decided_by text,
      decided_at timestamptz(3),
      reason text
    )`);
    this.addSql(
      `create unique index membership_application_pending_idx on membership_application (studio_id, teacher_id) where status = 'PENDING'`,
    );
  }
}
