import { Migration } from '@mikro-orm/migrations';
import { AUDIT_TABLE_20261122 } from '../../../lib/data/frozen-sql.ts';

/**
 * Spending is booked only when both the host and the school's legal representative have signed (003 经费办法:
 * 双方签字后,方可入账核销); rows from before are booked.
 */
export class Migration20261122020000_expenditures extends Migration {
  override up(): void {
    this.addSql(
      `alter table expenditure add column status text not null default 'BOOKED' check (status in ('PENDING_SIGNATURES', 'BOOKED'))`,
    );
    this.addSql('alter table expenditure add column purpose text');
    this.addSql('alter table expenditure add column host_signed_by text');
    this.addSql('alter table expenditure add column legal_signed_by text');
    for (const sql of AUDIT_TABLE_20261122) this.addSql(sql);
  }
}
