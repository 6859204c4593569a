import { Migration } from '@mikro-orm/migrations';

/** Frozen: the SQL this migration ran when it was written; it never changes (seeded policies are kept in sync by policy/sync.ts). */
const CONSEQUENCE_RULES = [
  "insert into policy_rule (policy_id, code, value, seed, text) values ('000-pingdingshan', 'consequence.creationFail.hold', 'true', '000 五.3', '不合格的，暂缓授牌，根据专家整改意见及时整改，并与下一批名班主任工作室一起进行二次评估') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('000-pingdingshan', 'consequence.creationFails.revokeAt', '2', '000 五.3', '连续两次创建评估不合格的，取消名班主任工作室建制') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('000-pingdingshan', 'consequence.annualFails.revokeAt', '{\"count\":2,\"consecutive\":true}', '000 五.5', '连续两次年度考核不合格者，撤销工作室建制') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('000-pingdingshan', 'consequence.finalFail.revoke', 'true', '000 五.1', '届满考核不合格的，撤销其工作室建制') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('000-pingdingshan', 'consequence.misconduct.revoke', 'true', '000 五.7', '成员利用工作室从事非法盈利活动，或有其他不适行为，在社会上造成不良影响的，则撤销其工作室建制，并通报批评') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('001-wujin', 'consequence.finalFail.revoke', 'true', '001 七', '考评不合格的，撤销工作室建制') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'consequence.annualFail.warn', 'true', '003 五(一)', '第一年考核不合格的给予黄牌警告') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'consequence.annualFails.revokeAt', '{\"count\":2,\"consecutive\":false}', '003 五(一)', '第二次考核不合格的直接取消工作室建设资格') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-shijiazhuang', 'consequence.finalFail.revoke', 'true', '002 方案3 七', '考评不合格的，撤销工作室建制') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('002-vocational-school', 'consequence.midtermFail.revoke', 'true', '002 方案1 四(一)3', '中期考核不到标的取消资格和经费支持') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('002-vocational-school', 'consequence.midtermFail.stopFunding', 'true', '002 方案1 四(一)3', '中期考核不到标的取消资格和经费支持') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-county-teachers', 'consequence.annualFail.withholdNextYear', 'true', '004 方案8 八(一)', '年度考核合格的，安排下一年度经费；不合格的不再安排下一年度经费') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-county-teachers', 'consequence.finalFail.revoke', 'true', '004 方案8 八(二)', '评估为“不合格”者将撤消该工作室建制') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-county-teachers', 'consequence.finalPass.nextCycle', 'true', '004 方案8 八(二)', '评估为“合格”以上者将自动进入下一周期的工作室建设') on conflict (policy_id, code) do nothing",
];

/** The seeds' consequences of evaluation results, as policy rules (for databases loaded before they were). */
export class Migration20261122080000_consequences extends Migration {
  override up(): void {
    for (const sql of CONSEQUENCE_RULES) this.addSql(sql);
  }
}
