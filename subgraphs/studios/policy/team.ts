import type { MemberRole } from '../../../lib/domain/vocabulary.ts';
import type { RuleCode, Rules, Verdict } from './rules.ts';

export interface TeamMember {
  teacherId: string;
  /** The member's school when they joined; null if it was not recorded. */
  schoolId?: string | null;
  role: MemberRole;
}

export interface Team {
  hostSchoolId: string;
  hosts: number;
  members: TeamMember[];
}

/**
 * The tiers of a team under its policy. Everyone but the lead(s) (主持人/领衔人/带头人) and the mentor counts in
 * the policy's member tier (成员), whatever role they were recorded with, unless the policy has a tier of its own
 * for them: the core tier (核心成员, the assistant included, 000 四.1) where the policy has `team.core`. So 002
 * 方案3 "1名带头人、10名以内成员" and 001 "12名以内成员" count every person, and 004 方案8 "成员包含主持人助手1名"
 * counts its assistant among its 7 members.
 */
const inCoreTier = (rules: Rules, m: Pick<TeamMember, 'role'>) =>
  !!rules.get('team.core') && (m.role === 'CORE' || m.role === 'ASSISTANT');
const inMemberTier = (rules: Rules, m: Pick<TeamMember, 'role'>) => m.role !== 'MENTOR' && !inCoreTier(rules, m);

/** The policy's rule that states who makes up its team, to name when a role it does not have is recorded. */
const compositionRule = (rules: Rules) => rules.get('team.members') ?? rules.get('team.total') ?? rules.get('team.hosts');

/**
 * The most people a group can reach under the policy (its max; the whole studio: hosts, mentors and the rest at
 * their max), or Infinity where the policy sets no upper limit.
 */
function largest(rules: Rules, team: Team, group: 'team.core' | 'team.members' | 'studio'): number {
  const max = (code: 'team.core' | 'team.members' | 'team.total') => rules.get(code)?.value.max ?? Infinity;
  if (group !== 'studio') return max(group);
  const hosts = rules.get('team.hosts')?.value.max ?? team.hosts;
  const mentors = rules.get('team.mentors')?.value.max ?? team.members.filter((m) => m.role === 'MENTOR').length;
  const rest = rules.get('team.total')
    ? max('team.total')
    : max('team.members') + (rules.get('team.core') ? max('team.core') : 0);
  return hosts + mentors + rest;
}

/**
 * A team against its policy. `change` applies at every change and refuses only what no finished team could
 * satisfy: more people than allowed, a role the policy's team does not have, or more from the host's school than
 * the share allows even when the group grows to the largest size the policy allows. `complete` applies when the
 * studio is set up (公示, 授牌) and checks every limit on both sides against the team as it is.
 */
export function teamVerdicts(rules: Rules, team: Team, check: 'change' | 'complete'): Verdict[] {
  const verdicts: Verdict[] = [];
  const groups: Record<'team.hosts' | 'team.mentors' | 'team.assistants' | 'team.core' | 'team.members' | 'team.total', number> =
    {
      'team.hosts': team.hosts,
      'team.mentors': team.members.filter((m) => m.role === 'MENTOR').length,
      'team.assistants': team.members.filter((m) => m.role === 'ASSISTANT').length,
      'team.core': team.members.filter((m) => inCoreTier(rules, m)).length,
      'team.members': team.members.filter((m) => inMemberTier(rules, m)).length,
      'team.total': team.members.filter((m) => m.role !== 'MENTOR').length,
    };
  const NAMES: Record<keyof typeof groups, string> = {
    'team.hosts': '主持人（领衔人）',
    'team.mentors': '导师',
    'team.assistants': '主持人助理',
    'team.core': '核心成员',
    'team.members': '成员',
    'team.total': '团队成员（不含主持人、导师）',
  };
  const add = (code: RuleCode, seed: string, passed: boolean, reason: string) =>
    verdicts.push(rules.verdict(code, seed, passed, reason));

  // a role the policy's team does not have: core members only where it has a core tier, an assistant only where
  // it has one (a policy with no team rules at all says nothing)
  const composition = compositionRule(rules);
  if (composition) {
    const missing = [
      ['CORE', 'team.core', '核心成员'],
      ['ASSISTANT', 'team.assistants', '主持人助理'],
    ] as const;
    for (const [role, tier, name] of missing) {
      if (rules.get(tier) || !team.members.some((m) => m.role === role)) continue;
      add(
        composition.code,
        composition.seed,
        false,
        `该政策的工作室不设${name}，请按成员录入（${composition.seed}：${composition.text}）`,
      );
    }
  }

  // a second lead only where the policy says how many leads a studio has (001 四(一) "1—2名领衔人")
  if (team.hosts > 1 && !rules.get('team.hosts')) {
    add('team.hosts', '—', false, `该政策未规定工作室可设第二名领衔人（主持人 ${team.hosts} 人，按 1 人计）`);
  }

  for (const code of Object.keys(groups) as (keyof typeof groups)[]) {
    const rule = rules.get(code);
    if (!rule) continue;
    const n = groups[code];
    if (rule.value.max !== undefined) {
      add(
        code,
        rule.seed,
        n <= rule.value.max,
        `${NAMES[code]} ${n} 人，上限 ${rule.value.max} 人（${rule.seed}：${rule.text}）`,
      );
    }
    if (check === 'complete' && rule.value.min !== undefined) {
      add(
        code,
        rule.seed,
        n >= rule.value.min,
        `${NAMES[code]} ${n} 人，至少 ${rule.value.min} 人（${rule.seed}：${rule.text}）`,
      );
    }
  }

  const fromHostSchool = (m: TeamMember) => m.schoolId === team.hostSchoolId;
  const shares = [
    ['ownSchool.coreShare', 'team.core', (m: TeamMember) => inCoreTier(rules, m), '核心成员'],
    ['ownSchool.memberShare', 'team.members', (m: TeamMember) => inMemberTier(rules, m), '成员'],
    ['ownSchool.teamShare', 'studio', () => true, '工作室总人数'],
  ] as const;
  for (const [code, groupCode, inGroup, groupName] of shares) {
    const share = rules.get(code);
    if (!share) continue;
    const pool = team.members.filter(inGroup);
    const own = pool.filter((m) => m.role !== 'MENTOR' && fromHostSchool(m)).length;
    // the whole studio's headcount (工作室总人数) counts the hosts too
    const now = pool.length + (groupCode === 'studio' ? team.hosts : 0);
    // at a change, judge against the largest the group may still grow to: a team that could still comply is
    // not refused (002 方案3: a new studio may take its first member from the host's school)
    const basis = check === 'complete' ? now : Math.max(now, largest(rules, team, groupCode));
    const allowed = basis === Infinity ? Infinity : Math.floor(share.value.max * basis + 1e-9);
    add(
      code,
      share.seed,
      own <= allowed,
      `${groupName}中来自主持人所在学校的 ${own} 人，${check === 'complete' ? `按 ${basis} 人计` : `按最多可达的 ${basis} 人计`}最多 ${allowed} 人（不超过 ${Math.round(share.value.max * 100)}%；${share.seed}：${share.text}）`,
    );
  }
  const cap = rules.get('ownSchool.count');
  if (cap) {
    const own = team.members.filter((m) => m.role !== 'MENTOR' && fromHostSchool(m)).length;
    add(
      'ownSchool.count',
      cap.seed,
      own <= cap.value.max,
      `主持人所在学校 ${own} 人，最多 ${cap.value.max} 人（${cap.seed}：${cap.text}）`,
    );
  }
  const assistant = rules.get('assistant.fromHostSchool');
  if (assistant) {
    const wrong = team.members.filter((m) => m.role === 'ASSISTANT' && !fromHostSchool(m)).length;
    add(
      'assistant.fromHostSchool',
      assistant.seed,
      wrong === 0,
      `主持人助理须为主持人所在学校的核心成员（${assistant.seed}：${assistant.text}）`,
    );
  }
  const schools = rules.get('schools.min');
  if (schools && check === 'complete') {
    // 成员 means the member tier throughout 000 四.1 (不少于10人, 本校成员不超过30%, 至少覆盖5所学校)
    const n = new Set(team.members.filter((m) => inMemberTier(rules, m) && m.schoolId).map((m) => m.schoolId)).size;
    add(
      'schools.min',
      schools.seed,
      n >= schools.value,
      `成员来自 ${n} 所学校，至少 ${schools.value} 所（${schools.seed}：${schools.text}）`,
    );
  }
  return verdicts;
}
