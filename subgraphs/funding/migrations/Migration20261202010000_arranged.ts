import { Migration } from '@mikro-orm/migrations';

/**
 * 004 方案8 八(一) "年度考核合格的，安排下一年度经费": a passed annual assessment arranges the next year's funds, kept
 * beside the withholdings and stops it is the other side of.
 */
export class Migration20261202010000_arranged extends Migration {
  override up(): void {
    this.addSql('alter table funding_hold drop constraint funding_hold_action_check');
    this.addSql(
      `alter table funding_hold add constraint funding_hold_action_check check (action in ('WITHHOLD', 'STOP', 'ARRANGE'))`,
    );
  }
}
