import { Migration } from '@mikro-orm/migrations';

/** Frozen: the SQL this migration ran when it was written; it never changes (seeded policies are kept in sync by policy/sync.ts). */
const EVALUATION_KINDS = [
  "insert into policy_rule (policy_id, code, value, seed, text) values ('000-pingdingshan', 'evaluation.kinds', '[\"CREATION\",\"ANNUAL\",\"FINAL\"]', '000 五.1—五.3', '创建评估合格后授牌；年度考核；建设周期届满时进行届满考核') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('001-wujin', 'evaluation.kinds', '[\"FINAL\"]', '001 七', '工作室运行满三年，基教科组织专家进行综合考评') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'evaluation.kinds', '[\"ANNUAL\",\"FINAL\"]', '003 五(一)', '实行年度考核和届满考核') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-shijiazhuang', 'evaluation.kinds', '[\"FINAL\"]', '002 方案3 七', '建设周期结束后进行考评') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('002-vocational-school', 'evaluation.kinds', '[\"MIDTERM\",\"FINAL\"]', '002 方案1 四(一)3', '中期考核评估；三年建设周期结束后进行终期评估') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-county-teachers', 'evaluation.kinds', '[\"ANNUAL\",\"FINAL\"]', '004 方案8 八', '建设周期内年度考核；三年建设期满后进行评估') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-school-plan4', 'evaluation.kinds', '[\"ANNUAL\"]', '004 方案4 四.1', '工作室一届期限为三年，并建立年度考核机制') on conflict (policy_id, code) do nothing",
];

/** The evaluations each seeded policy holds in a cycle (evaluation.kinds), for databases loaded before. */
export class Migration20261123010000_evaluation_plan extends Migration {
  override up(): void {
    for (const sql of EVALUATION_KINDS) this.addSql(sql);
  }
}
