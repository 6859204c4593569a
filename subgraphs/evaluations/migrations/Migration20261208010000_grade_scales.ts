import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 24: a programme states the grades of each kind of evaluation (evaluation.grades, 000 五.3, 004 方案8 八(二));
 * an evaluation keeps the scale its studio's programme gave its kind when it was scheduled (null: the hub's), so a
 * result is recorded, and checked against it, without asking the studios subgraph.
 */
export class Migration20261208010000_grade_scales extends Migration {
  override up(): void {
    this.addSql('alter table evaluation add column grades_rule jsonb');
  }
}
