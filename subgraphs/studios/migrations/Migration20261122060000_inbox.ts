import { Migration } from '@mikro-orm/migrations';
import { INBOX_TABLE_20261122 } from '../../../lib/data/frozen-sql.ts';

/** Events from other subgraphs, each applied once; and 000's rule on a host who leaves the county. */
export class Migration20261122060000_inbox extends Migration {
  override up(): void {
    for (const sql of INBOX_TABLE_20261122) this.addSql(sql);
    this
      .addSql(`insert into policy_rule (policy_id, code, value, seed, text) values ('000-pingdingshan', 'host.leavesCounty.revoke', 'true',
      '000 五.6', '主持人在所在的县区内调换学校的，可继续保留工作室；主持人调离原所在的县区，则撤销其工作室建制') on conflict do nothing`);
  }
}
