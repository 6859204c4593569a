import { Migration } from '@mikro-orm/migrations';

/** Frozen: the SQL this migration ran when it was written; it never changes (seeded policies are kept in sync by policy/sync.ts). */
const OBLIGATION_RULES = [
  "insert into policy_rule (policy_id, code, value, seed, text) values ('001-wujin', 'obligation.PUBLIC_CLASS', '{\"count\":1,\"per\":\"YEAR\"}', '001 六(一)5', '每学年至少开设一次德育公开课') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('001-wujin', 'obligation.LECTURE', '{\"count\":1,\"per\":\"YEAR\"}', '001 六(一)5', '举办一次班级文化交流讲座') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('001-wujin', 'obligation.OFFLINE_STUDY', '{\"count\":1,\"per\":\"YEAR\"}', '001 六(一)5', '组织一次工作室交流活动') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('001-wujin', 'obligation.RESEARCH_PROJECT', '{\"count\":1,\"per\":\"YEAR\"}', '001 六(一)5', '开展一项德育项目（课题）研究') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('001-wujin', 'obligation.PAPER', '{\"count\":1,\"per\":\"YEAR\"}', '001 六(一)5', '撰写一篇德育论文') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('001-wujin', 'obligation.PLAN', '{\"count\":1,\"per\":\"YEAR\"}', '001 七', '每学年开始前提交一次工作计划') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('001-wujin', 'obligation.SUMMARY', '{\"count\":1,\"per\":\"YEAR\"}', '001 七', '运行一年后提交总结和过程性材料') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'obligation.ONLINE_TRAINING', '{\"count\":1,\"per\":\"WEEK\"}', '003 四(职责)(二)', '每周至少开展一次在线交流培训活动') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'obligation.OFFLINE_STUDY', '{\"count\":1,\"per\":\"MONTH\"}', '003 四(职责)(二)', '每月至少组织一次线下集体学习交流活动') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'obligation.LECTURE', '{\"count\":1,\"per\":\"SEMESTER\"}', '003 四(职责)(二)', '每学期至少开展一次区级以上层面的宣讲活动') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'obligation.FIELD_PRACTICE', '{\"count\":1,\"per\":\"YEAR\"}', '003 四(职责)(二)', '每年至少开展一次全体成员校外实践活动') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'obligation.RESEARCH_PROJECT', '{\"count\":1,\"per\":\"CYCLE\"}', '003 四(职责)(二)', '建设周期内至少承担一项区级以上德育课题') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'obligation.OUTCOME_COLLECTION', '{\"count\":1,\"per\":\"CYCLE\"}', '003 四(职责)(二)', '编印一本全体成员的成果集') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('003-shenzhen-2', 'obligation.PLAN', '{\"count\":1,\"per\":\"YEAR\"}', '003 四(职责)(一)1', '制订年度计划') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-shijiazhuang', 'obligation.CROSS_REGION_EXCHANGE', '{\"count\":1,\"per\":\"SEMESTER\"}', '002 方案3 六(一)5', '每学期至少组织一次跨工作室、跨区域的交流活动') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-shijiazhuang', 'obligation.PLAN', '{\"count\":1,\"per\":\"SEMESTER\"}', '002 方案3 七', '每学期开始前提交一次工作计划') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-shijiazhuang', 'obligation.SUMMARY', '{\"count\":1,\"per\":\"SEMESTER\"}', '002 方案3 七', '运行满半年后提交总结和过程性材料') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('002-vocational-school', 'member.absence.leaveAtShare', '0.3333333333333333', '002 方案1 三(二)3; 004 方案1 三(二)3', '对缺勤三分之一以上的学员，不再作为工作室成员继续培养') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('002-vocational-school', 'obligation.PLAN', '{\"count\":1,\"per\":\"YEAR\"}', '002 方案1 三(二)1', '主持人制订年度实施方案') on conflict (policy_id, code) do nothing",
  "insert into policy_rule (policy_id, code, value, seed, text) values ('004-county-teachers', 'obligation.PLAN', '{\"count\":1,\"per\":\"YEAR\"}', '004 方案8 七(三)', '负责制定工作室发展以及年度工作计划') on conflict (policy_id, code) do nothing",
];

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
    for (const sql of OBLIGATION_RULES) this.addSql(sql);
  }
}
