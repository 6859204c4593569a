import type { MemberRole } from '../membership/membership.entity.ts';
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
 * A team against its policy. `change` applies at every change and refuses only what the finished team could
 * never satisfy: more people than allowed, or more from the host's school than the share allows even at the
 * team's minimum (or maximum) size. `complete` applies when the studio is set up (公示, 授牌) and checks every
 * limit on both sides against the team as it is.
 */
export function teamVerdicts(rules: Rules, team: Team, check: 'change' | 'complete'): Verdict[] {
  const verdicts: Verdict[] = [];
  const groups: Record<'team.hosts' | 'team.mentors' | 'team.assistants' | 'team.core' | 'team.members' | 'team.total', number> =
    {
      'team.hosts': team.hosts,
      'team.mentors': team.members.filter((m) => m.role === 'MENTOR').length,
      'team.assistants': team.members.filter((m) => m.role === 'ASSISTANT').length,
      'team.core': team.members.filter((m) => m.role === 'CORE' || m.role === 'ASSISTANT').length,
      'team.members': team.members.filter((m) => m.role === 'MEMBER').length,
      'team.total': team.members.filter((m) => m.role !== 'MENTOR').length,
    };
  const NAMES: Record<keyof typeof groups, string> = {
    'team.hosts': '主持人',
    'team.mentors': '导师',
    'team.assistants': '主持人助理',
    'team.core': '核心成员',
    'team.members': '成员',
    'team.total': '团队成员（不含主持人、导师）',
  };
  const add = (code: RuleCode, seed: string, passed: boolean, reason: string) =>
    verdicts.push({ rule: code, seed, passed, reason });

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
    ['ownSchool.coreShare', 'team.core', (m: TeamMember) => m.role === 'CORE' || m.role === 'ASSISTANT', '核心成员'],
    ['ownSchool.memberShare', 'team.members', (m: TeamMember) => m.role === 'MEMBER', '成员'],
    ['ownSchool.teamShare', 'team.total', () => true, '工作室总人数'],
  ] as const;
  for (const [code, groupCode, inGroup, groupName] of shares) {
    const share = rules.get(code);
    if (!share) continue;
    const pool = team.members.filter(inGroup);
    // everyone counts in the whole studio's headcount: the hosts (and mentors) too
    const everyone = code === 'ownSchool.teamShare' ? team.hosts : 0;
    const own = pool.filter((m) => m.role !== 'MENTOR' && fromHostSchool(m)).length;
    const size = rules.get(groupCode)?.value;
    // at a change, judge against the size the group must reach (or may reach at most), not its size so far
    const basis = (check === 'complete' ? pool.length : Math.max(pool.length, size?.min ?? size?.max ?? pool.length)) + everyone;
    const allowed = Math.floor(share.value.max * basis + 1e-9);
    add(
      code,
      share.seed,
      own <= allowed,
      `${groupName}中来自主持人所在学校的 ${own} 人，按 ${basis} 人计最多 ${allowed} 人（不超过 ${Math.round(share.value.max * 100)}%；${share.seed}：${share.text}）`,
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
    const n = new Set(team.members.filter((m) => m.role !== 'MENTOR' && m.schoolId).map((m) => m.schoolId)).size;
    add(
      'schools.min',
      schools.seed,
      n >= schools.value,
      `成员来自 ${n} 所学校，至少 ${schools.value} 所（${schools.seed}：${schools.text}）`,
    );
  }
  return verdicts;
}
