import type { RuleCode } from './rules.ts';

/**
 * The programmes of the seed documents in ../shared/seeds/, as policies: every rule cites its seed file
 * (000 = 000_29b044b2cb73ed25.txt, 001 = 001_fa8c89463d21dd95.txt, 002 = 002_af9ec06c500c22f9.txt,
 * 003 = 003_34ebe12d23997017.txt, 004 = 004_9198d46bf7469915.txt) and section. Where a seed states no number
 * the policy has no rule, rather than a guessed one.
 */
export interface SeededPolicy {
  id: string;
  name: string;
  issuingRegionCode: string;
  issuingLevel: 'PROVINCE' | 'CITY' | 'COUNTY' | 'SCHOOL';
  studioLevel: 'PROVINCIAL' | 'MUNICIPAL' | 'COUNTY' | 'SCHOOL';
  batch: string | null;
  /** As the seed dates it; null where it does not. */
  effectiveFrom: string | null;
  effectiveTo: string | null;
  sources: string;
  rules: [code: RuleCode, value: unknown, seed: string, text: string][];
}

export const SEEDED_POLICIES: SeededPolicy[] = [
  {
    id: '000-pingdingshan',
    name: '平顶山市名班主任工作室建设方案',
    issuingRegionCode: '410400',
    issuingLevel: 'CITY',
    studioLevel: 'MUNICIPAL',
    batch: null,
    effectiveFrom: '2021-03-03',
    effectiveTo: null,
    sources: '000_29b044b2cb73ed25.txt',
    rules: [
      ['cycle.years', 4, '000 五.1', '名班主任工作室建设周期为4年'],
      [
        'evaluation.kinds',
        ['CREATION', 'ANNUAL', 'FINAL'],
        '000 五.1—五.3',
        '创建评估合格后授牌；年度考核；建设周期届满时进行届满考核',
      ],
      // read as a county office would: no plaque before a passed creation evaluation ("创建评估合格的，颁发牌匾"),
      // so a failed or still pending creation evaluation or 二次评估, or none held yet, refuses 授牌 (lifecycle/plaque.ts)
      [
        'consequence.creationFail.hold',
        true,
        '000 五.3',
        '不合格的，暂缓授牌，根据专家整改意见及时整改，并与下一批名班主任工作室一起进行二次评估',
      ],
      ['consequence.creationFails.revokeAt', 2, '000 五.3', '连续两次创建评估不合格的，取消名班主任工作室建制'],
      [
        'consequence.annualFails.revokeAt',
        { count: 2, consecutive: true },
        '000 五.5',
        '连续两次年度考核不合格者，撤销工作室建制',
      ],
      ['consequence.finalFail.revoke', true, '000 五.1', '届满考核不合格的，撤销其工作室建制'],
      [
        'consequence.misconduct.revoke',
        true,
        '000 五.7',
        '成员利用工作室从事非法盈利活动，或有其他不适行为，在社会上造成不良影响的，则撤销其工作室建制，并通报批评',
      ],
      ['team.hosts', { min: 1, max: 1 }, '000 四.1', '名班主任工作室由工作室主持人、核心成员和成员组成'],
      ['team.core', { min: 7 }, '000 四.1', '工作室核心成员由区域内骨干班主任组成，不少于7人'],
      ['team.assistants', { min: 1, max: 1 }, '000 四.1', '1人应与工作室主持人同校，兼任主持人助理'],
      ['assistant.fromHostSchool', true, '000 四.1', '1人应与工作室主持人同校，兼任主持人助理'],
      ['ownSchool.coreShare', { max: 0.4 }, '000 四.1', '本校核心成员不超过工作室核心成员数的40%'],
      ['team.members', { min: 10 }, '000 四.1', '工作室成员由同区域内重点培养的骨干班主任组成，不少于10人'],
      ['ownSchool.memberShare', { max: 0.3 }, '000 四.1', '本校成员不超过工作室成员数的30%'],
      // "成员" is the member tier throughout this sentence (不少于10人, 本校成员不超过30%), so core members do not count
      ['schools.min', 5, '000 四.1', '成员至少覆盖区域内5所学校'],
      // a term is a cycle hosted: a renewed studio is its host's second term
      ['host.terms.max', 2, '000 五.4', '可申请连任一期（4年，每位主持人最多任两期）'],
      ['host.renewal.activeHeadTeacher', true, '000 五.4', '申请连任的主持人须是在岗班主任'],
      // "期满考核后4年内退休": retiring (by the 2025 statutory age, lib/retirement.ts) by the end of the 4th year after
      // the year of the final evaluation, i.e. before the renewed term would end, refuses renewal
      ['host.renewal.retiresWithinYears', 4, '000 五.4', '期满考核后4年内退休者，不得再申请连任'],
      [
        'host.leavesCounty.revoke',
        true,
        '000 五.6',
        '主持人在所在的县区内调换学校的，可继续保留工作室；主持人调离原所在的县区，则撤销其工作室建制',
      ],
    ],
  },
  {
    id: '001-wujin',
    name: '武进区中小学名班主任工作室管理办法（试行）',
    issuingRegionCode: '320412',
    issuingLevel: 'COUNTY',
    studioLevel: 'COUNTY',
    batch: null,
    effectiveFrom: null,
    effectiveTo: null,
    sources: '001_fa8c89463d21dd95.txt',
    rules: [
      ['cycle.years', 3, '001 四(二)', '原则上以三年为一个建设周期'],
      ['evaluation.kinds', ['FINAL'], '001 七', '工作室运行满三年，基教科组织专家进行综合考评'],
      ['consequence.finalFail.revoke', true, '001 七', '考评不合格的，撤销工作室建制'],
      // the second lead is recorded on the team (role LEAD) and must meet the lead's conditions (001 五(一))
      ['team.hosts', { min: 1, max: 2 }, '001 四(一)', '1—2名领衔人、12名以内成员'],
      ['team.members', { max: 12 }, '001 四(一)', '1—2名领衔人、12名以内成员'],
      ['host.headTeacherYears.min', 10, '001 五(一)', '具备10年及以上班主任工作经验'],
      ['host.honor.min', 'COUNTY', '001 五(一)', '获市、区级及以上荣誉'],
      ['host.classHonor.min', 'MUNICIPAL', '001 五(一)', '所带班级获市级及以上先进班集体'],
      ['member.activeHeadTeacher', true, '001 五(二)', '在岗班主任'],
      ['member.age.under', 40, '001 五(二)', '年龄在40周岁以下'],
      ['member.headTeacherYears.min', 3, '001 五(二)', '具备3年及以上班主任工作经验'],
      ['obligation.PUBLIC_CLASS', { count: 1, per: 'YEAR' }, '001 六(一)5', '每学年至少开设一次德育公开课'],
      ['obligation.LECTURE', { count: 1, per: 'YEAR' }, '001 六(一)5', '举办一次班级文化交流讲座'],
      ['obligation.OFFLINE_STUDY', { count: 1, per: 'YEAR' }, '001 六(一)5', '组织一次工作室交流活动'],
      ['obligation.RESEARCH_PROJECT', { count: 1, per: 'YEAR' }, '001 六(一)5', '开展一项德育项目（课题）研究'],
      ['obligation.PAPER', { count: 1, per: 'YEAR' }, '001 六(一)5', '撰写一篇德育论文'],
      ['obligation.PLAN', { count: 1, per: 'YEAR' }, '001 七', '每学年开始前提交一次工作计划'],
      ['obligation.SUMMARY', { count: 1, per: 'YEAR' }, '001 七', '运行一年后提交总结和过程性材料'],
    ],
  },
  {
    id: '003-shenzhen-2',
    name: '深圳市第二批中小学名班主任工作室建设方案',
    issuingRegionCode: '440300',
    issuingLevel: 'CITY',
    studioLevel: 'MUNICIPAL',
    batch: '第二批（2019—2021）',
    effectiveFrom: '2019-01-01',
    effectiveTo: '2021-12-31',
    sources: '003_34ebe12d23997017.txt',
    rules: [
      ['cycle.years', 3, '003 四(设置标准)(一)', '建设周期为 2019—2021 年'],
      ['evaluation.kinds', ['ANNUAL', 'FINAL'], '003 五(一)', '实行年度考核和届满考核'],
      ['consequence.annualFail.warn', true, '003 五(一)', '第一年考核不合格的给予黄牌警告'],
      [
        'funding.standard',
        { source: 'CITY', yuanPerYearByHostSchool: { CITY_RUN: 80000, DISTRICT: 40000 } },
        '003 经费办法 第二条',
        '资助标准为市直属学校工作室每个每年 8 万元，区属学校工作室每年每个 4 万元',
      ],
      [
        'funding.matching',
        { source: 'COUNTY', of: 'CITY', minRatio: 1 },
        '003 经费办法 第二条',
        '区教育行政部门应按不低于 1:1 的经费配套比例，对本区的市名班主任工作室给予经费资助',
      ],
      [
        'consequence.annualFails.revokeAt',
        { count: 2, consecutive: false },
        '003 五(一)',
        '第二次考核不合格的直接取消工作室建设资格',
      ],
      ['team.mentors', { min: 1, max: 1 }, '003 四(设置标准)(三)', '导师 1 名'],
      ['team.hosts', { min: 1, max: 1 }, '003 四(设置标准)(三)', '主持人 1 人'],
      ['team.members', { min: 6, max: 8 }, '003 四(设置标准)(三)', '普通成员 6 到 8 人(不含导师和主持人)'],
      ['ownSchool.count', { max: 2 }, '003 四(设置标准)(三)3', '本校班主任人数不得超过 2 人'],
      ['host.headTeacherYears.min', 6, '003 四(设置标准)(三)2', '担任班主任 6 年以上'],
      ['host.yearsLeftInPost.min', 3, '003 四(设置标准)(三)2', '未来三年仍然在岗'],
      ['host.honor.min', 'MUNICIPAL', '003 四(设置标准)(三)2', '获得过市级以上班主任表彰'],
      ['host.classHonor.min', 'COUNTY', '003 四(设置标准)(三)2', '所带班级获得过区级以上表彰'],
      ['host.activeHeadTeacher', true, '003 四(设置标准)(三)2', '担任班主任 6 年以上且未来三年仍然在岗'],
      ['member.activeHeadTeacher', true, '003 四(设置标准)(三)3', '在岗班主任'],
      ['member.headTeacherYears.min', 3, '003 四(设置标准)(三)3', '具备 3 年及以上班主任工作经验'],
      ['obligation.ONLINE_TRAINING', { count: 1, per: 'WEEK' }, '003 四(职责)(二)', '每周至少开展一次在线交流培训活动'],
      ['obligation.OFFLINE_STUDY', { count: 1, per: 'MONTH' }, '003 四(职责)(二)', '每月至少组织一次线下集体学习交流活动'],
      ['obligation.LECTURE', { count: 1, per: 'SEMESTER' }, '003 四(职责)(二)', '每学期至少开展一次区级以上层面的宣讲活动'],
      ['obligation.FIELD_PRACTICE', { count: 1, per: 'YEAR' }, '003 四(职责)(二)', '每年至少开展一次全体成员校外实践活动'],
      ['obligation.RESEARCH_PROJECT', { count: 1, per: 'CYCLE' }, '003 四(职责)(二)', '建设周期内至少承担一项区级以上德育课题'],
      ['obligation.OUTCOME_COLLECTION', { count: 1, per: 'CYCLE' }, '003 四(职责)(二)', '编印一本全体成员的成果集'],
      ['obligation.PLAN', { count: 1, per: 'YEAR' }, '003 四(职责)(一)1', '制订年度计划'],
    ],
  },
  {
    id: '004-shijiazhuang',
    name: '石家庄市名班主任工作室建设实施方案',
    issuingRegionCode: '130100',
    issuingLevel: 'CITY',
    studioLevel: 'MUNICIPAL',
    batch: null,
    effectiveFrom: null,
    effectiveTo: null,
    sources: '002_af9ec06c500c22f9.txt (方案3), 004_9198d46bf7469915.txt (方案6)',
    rules: [
      ['cycle.years', 2, '002 方案3 四(二); 004 方案6 (七)', '每期工作室建设周期为2年'],
      ['evaluation.kinds', ['FINAL'], '002 方案3 七', '建设周期结束后进行考评'],
      ['consequence.finalFail.revoke', true, '002 方案3 七', '考评不合格的，撤销工作室建制'],
      ['team.hosts', { min: 1, max: 1 }, '002 方案3 四(一); 004 方案6 (六)', '1名带头人、10名以内成员'],
      ['team.members', { max: 10 }, '002 方案3 四(一); 004 方案6 (六)', '1名带头人、10名以内成员'],
      ['ownSchool.teamShare', { max: 0.2 }, '002 方案3 四(一); 004 方案6 (六)', '本校成员不超过工作室总人数的20%'],
      ['host.headTeacherYears.min', 9, '002 方案3 五(一)', '具备 9 年及以上班主任工作经验'],
      ['host.honor.min', 'MUNICIPAL', '002 方案3 五(一)', '获市级及以上荣誉'],
      ['host.classHonor.min', 'MUNICIPAL', '002 方案3 五(一)', '所带班级获市级及以上先进班集体'],
      [
        'host.title.min',
        { PRIMARY: 'INTERMEDIATE', JUNIOR: 'SENIOR_TITLE', SENIOR: 'SENIOR_TITLE', VOCATIONAL: 'SENIOR_TITLE' },
        '002 方案3 五(一)',
        '中学教师具备高级及以上职称；小学教师具备中级及以上职称',
      ],
      ['member.activeHeadTeacher', true, '002 方案3 五(二); 004 方案6 (九)', '在岗班主任'],
      ['member.age.under', 40, '002 方案3 五(二); 004 方案6 (九)', '年龄在 40 周岁以下'],
      ['member.headTeacherYears.min', 3, '002 方案3 五(二); 004 方案6 (九)', '具备 3 年及以上班主任工作经验'],
      [
        'obligation.CROSS_REGION_EXCHANGE',
        { count: 1, per: 'SEMESTER' },
        '002 方案3 六(一)5',
        '每学期至少组织一次跨工作室、跨区域的交流活动',
      ],
      ['obligation.PLAN', { count: 1, per: 'SEMESTER' }, '002 方案3 七', '每学期开始前提交一次工作计划'],
      ['obligation.SUMMARY', { count: 1, per: 'SEMESTER' }, '002 方案3 七', '运行满半年后提交总结和过程性材料'],
    ],
  },
  {
    id: '002-vocational-school',
    name: '中职学校校级名班主任工作室建设方案',
    issuingRegionCode: '130104',
    issuingLevel: 'SCHOOL',
    studioLevel: 'SCHOOL',
    batch: null,
    effectiveFrom: null,
    effectiveTo: null,
    sources: '002_af9ec06c500c22f9.txt (方案1), 004_9198d46bf7469915.txt (方案1)',
    rules: [
      ['cycle.years', 3, '002 方案1 一; 004 方案1 一', '建设周期为三年'],
      ['evaluation.kinds', ['MIDTERM', 'FINAL'], '002 方案1 四(一)3', '中期考核评估；三年建设周期结束后进行终期评估'],
      ['consequence.midtermFail.revoke', true, '002 方案1 四(一)3', '中期考核不到标的取消资格和经费支持'],
      ['consequence.midtermFail.stopFunding', true, '002 方案1 四(一)3', '中期考核不到标的取消资格和经费支持'],
      ['team.hosts', { min: 1, max: 1 }, '002 方案1 一', '设主持人1名'],
      ['host.activeHeadTeacher', true, '002 方案1 附件1', '我市在岗班主任'],
      ['host.headTeacherYears.min', 6, '002 方案1 附件1', '具备 6 年以上(含 6 年)班主任工作年限'],
      ['host.classHonor.min', 'MUNICIPAL', '002 方案1 附件1', '所带班级曾获得市级及以上“先进班集体”或“优秀团支部”'],
      [
        'host.title.min',
        { PRIMARY: 'INTERMEDIATE', JUNIOR: 'INTERMEDIATE', SENIOR: 'INTERMEDIATE', VOCATIONAL: 'INTERMEDIATE' },
        '002 方案1 附件1',
        '具有中级及以上教师职称',
      ],
      [
        'member.absence.leaveAtShare',
        1 / 3,
        '002 方案1 三(二)3; 004 方案1 三(二)3',
        '对缺勤三分之一以上的学员，不再作为工作室成员继续培养',
      ],
      ['obligation.PLAN', { count: 1, per: 'YEAR' }, '002 方案1 三(二)1', '主持人制订年度实施方案'],
    ],
  },
  {
    // the seed is a county's template ("xx县"); the hub attaches it to 叶县 as the county that adopts it
    id: '004-county-teachers',
    name: '县级中小学名师工作室建设实施方案（004 方案8）',
    issuingRegionCode: '410422',
    issuingLevel: 'COUNTY',
    studioLevel: 'COUNTY',
    batch: null,
    effectiveFrom: null,
    effectiveTo: null,
    sources: '004_9198d46bf7469915.txt (方案8)',
    rules: [
      ['cycle.years', 3, '004 方案8 七', '实行任期制，以三年为一个周期'],
      ['evaluation.kinds', ['ANNUAL', 'FINAL'], '004 方案8 八', '建设周期内年度考核；三年建设期满后进行评估'],
      ['team.hosts', { min: 1, max: 1 }, '004 方案8 三', '每个名师工作室由1名主持人和7名成员组成'],
      [
        'team.total',
        { min: 7, max: 7 },
        '004 方案8 三; 三(二)2',
        '每个名师工作室由1名主持人和7名成员组成（成员包含主持人助手1名）',
      ],
      // 004 方案8 has an assistant, counted among its 7 members; "确定的主持人助手1名" read as at most one (a
      // county would not refuse a team of 7 for lacking one, the seed naming no consequence)
      ['team.assistants', { max: 1 }, '004 方案8 三(二)2', '工作室成员包含工作室主持人所在单位确定的主持人助手1名'],
      ['ownSchool.teamShare', { max: 0.5 }, '004 方案8 三', '本校教师人数不超过50%'],
      [
        'funding.standard',
        { source: 'COUNTY', yuanPerYear: 10000 },
        '004 方案8 六(一)',
        '县教育局将经费纳入全县教师培训经费统一管理，原则上……县级名师工作室提供1万元经费',
      ],
      [
        'consequence.annualFail.withholdNextYear',
        true,
        '004 方案8 八(一)',
        '年度考核合格的，安排下一年度经费；不合格的不再安排下一年度经费',
      ],
      ['consequence.finalFail.revoke', true, '004 方案8 八(二)', '评估为“不合格”者将撤消该工作室建制'],
      ['consequence.finalPass.nextCycle', true, '004 方案8 八(二)', '评估为“合格”以上者将自动进入下一周期的工作室建设'],
      ['obligation.PLAN', { count: 1, per: 'YEAR' }, '004 方案8 七(三)', '负责制定工作室发展以及年度工作计划'],
    ],
  },
  {
    // a school's plan; the hub attaches it to a 叶县 school office as the one that adopts it
    id: '004-school-plan4',
    name: '学校“双名”工作室建设方案（004 方案4）',
    issuingRegionCode: '410422',
    issuingLevel: 'SCHOOL',
    studioLevel: 'SCHOOL',
    batch: null,
    effectiveFrom: null,
    effectiveTo: null,
    sources: '004_9198d46bf7469915.txt (方案4)',
    rules: [
      ['cycle.years', 3, '004 方案4 四.1', '工作室一届期限为三年，并建立年度考核机制'],
      ['evaluation.kinds', ['ANNUAL'], '004 方案4 四.1', '工作室一届期限为三年，并建立年度考核机制'],
      ['team.members', { max: 10 }, '004 方案4 三(二)2', '每个工作室成员原则上不超过10人'],
      ['funding.standard', { source: 'SCHOOL', yuanPerYear: 10000 }, '004 方案4 五.2', '学校为每个工作室每年配套一万元活动经费'],
    ],
  },
  {
    id: '004-school-plan10',
    name: '学校名师工作室建设方案（004 方案10）',
    issuingRegionCode: '410422',
    issuingLevel: 'SCHOOL',
    studioLevel: 'SCHOOL',
    batch: null,
    effectiveFrom: null,
    effectiveTo: null,
    sources: '004_9198d46bf7469915.txt (方案10)',
    rules: [
      ['cycle.years', 3, '004 方案10', '工作室建设周期一般为三年'],
      [
        'funding.standard',
        { source: 'SCHOOL', yuanPerMemberPerSemester: 300 },
        '004 方案10 (三)1',
        '学校经研究决定每学期为工作室安排日常活动经费人平300元',
      ],
    ],
  },
];
