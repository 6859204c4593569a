import { Migration } from '@mikro-orm/migrations';
import { seededRuleInserts } from '../policy/seeded-policies.ts';

/** What studios do and produce, who attended, and the seeds' obligations as policy rules. */
export class Migration20261122050000_work extends Migration {
  override up(): void {
    this.addSql(`create table work_item (
      id uuid primary key,
      studio_id uuid not null references studio (id),
      kind text not null,
      title text not null check (length(title) > 0),
      done_on date not null,
      -- activities: how many half days, for continuing-education hours (003 五(二): 3 per half day)
      half_days int check (half_days >= 0),
      level text,
      actor text not null,
      created_at timestamptz(3) not null
    )`);
    this.addSql('create index work_item_studio_idx on work_item (studio_id, done_on)');
    this.addSql(`create table attendance (
      work_item_id uuid not null references work_item (id),
      teacher_id uuid not null,
      present boolean not null,
      primary key (work_item_id, teacher_id)
    )`);
    // the obligations were added to the seeded policies after they were first loaded
    for (const sql of seededRuleInserts((code) => code.startsWith('obligation.') || code === 'member.absence.leaveAtShare'))
      this.addSql(sql);
  }
}
