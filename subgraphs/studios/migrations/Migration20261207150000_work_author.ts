import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 24: work a member does on their own (每位成员每学期读一本书、写读书心得; 每人每学期一次主讲) names its member,
 * so a per-member obligation counts each member's own work. Null: the studio's work.
 */
export class Migration20261207150000_work_author extends Migration {
  override up(): void {
    this.addSql('alter table work_item add column teacher_id uuid null');
  }
}
