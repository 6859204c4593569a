import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 24: a programme may found both 名师 and 名班主任 studios (004 方案4 “双名”工作室) and state a member rule for
 * one category only (`member.byCategory`): each studio carries its category; every studio so far is a 名班主任工作室.
 */
export class Migration20261208040000_studio_category extends Migration {
  override up(): void {
    this.addSql("alter table studio add column category text not null default 'HEAD_TEACHER'");
  }
}
