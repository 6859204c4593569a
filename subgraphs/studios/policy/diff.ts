import type { RuleChangeKind } from '../../../lib/domain/vocabulary.ts';

/** One rule as it stands in a policy version. */
export interface DiffRule {
  code: string;
  value: unknown;
  seed: string;
  text: string;
}

export type { RuleChangeKind };
export interface RuleChange {
  code: string;
  change: RuleChangeKind;
  before: DiffRule | null;
  after: DiffRule | null;
  /** What the rule means on each side where that differs (who a cap counts), in Chinese; null otherwise. */
  meaning: string | null;
}

/**
 * Rules whose group depends on the policy's tiers (policy/team.ts): 成员 is the member tier only where the policy
 * has a core tier (000 四.1 核心成员 + 成员), and everyone but the hosts and mentors where it has none (001 "12名以内
 * 成员", 003 普通成员 with its assistant counted among them).
 */
const MEMBER_TIER_CODES = new Set(['team.members', 'ownSchool.memberShare', 'schools.min']);
const memberTier = (rules: DiffRule[]) =>
  rules.some((r) => r.code === 'team.core')
    ? '只计“成员”一级（另设核心成员 team.core，主持人助理计入核心成员）'
    : '计除主持人、导师外的所有人（不设核心成员，主持人助理也计入）';

/** How the two sides read a rule, where its meaning differs between them. */
function meaningOf(code: string, a: DiffRule[], b: DiffRule[]): string | null {
  if (!MEMBER_TIER_CODES.has(code)) return null;
  const [x, y] = [memberTier(a), memberTier(b)];
  return x === y ? null : `甲方的“成员”${x}；乙方的“成员”${y}`;
}

/** JSON with object keys sorted, so {"min":1,"max":2} equals {"max":2,"min":1}. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

/**
 * The rules added, removed and changed from `a` to `b`, by code: a rule is changed when its value differs (the
 * clause and wording of two documents always differ, so they are shown, not compared), and redefined when the two
 * policies count a different group under it (their tiers differ), whatever its values.
 */
export function policyDiff(a: DiffRule[], b: DiffRule[]): RuleChange[] {
  const before = new Map(a.map((r) => [r.code, r]));
  const after = new Map(b.map((r) => [r.code, r]));
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort();
  return codes.flatMap((code): RuleChange[] => {
    const x = before.get(code) ?? null;
    const y = after.get(code) ?? null;
    if (!x) return [{ code, change: 'ADDED', before: null, after: y, meaning: null }];
    if (!y) return [{ code, change: 'REMOVED', before: x, after: null, meaning: null }];
    const meaning = meaningOf(code, a, b);
    if (meaning) return [{ code, change: 'REDEFINED', before: x, after: y, meaning }];
    return canonical(x.value) === canonical(y.value) ? [] : [{ code, change: 'CHANGED', before: x, after: y, meaning: null }];
  });
}
