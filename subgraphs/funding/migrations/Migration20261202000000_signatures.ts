import { Migration } from '@mikro-orm/migrations';

/** When each of the two signatures of an expense was given (003 经费办法 第四条); rows from before keep none. */
export class Migration20261202000000_signatures extends Migration {
  override up(): void {
    this.addSql('alter table expenditure add column host_signed_at timestamptz');
    this.addSql('alter table expenditure add column legal_signed_at timestamptz');
  }
}
