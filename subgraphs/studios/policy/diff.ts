/** One rule as it stands in a policy version. */
export interface DiffRule {
  code: string;
  value: unknown;
  seed: string;
  text: string;
}

export type RuleChangeKind = 'ADDED' | 'REMOVED' | 'CHANGED';
export interface RuleChange {
  code: string;
  change: RuleChangeKind;
  before: DiffRule | null;
  after: DiffRule | null;
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
 * clause and wording of two documents always differ, so they are shown, not compared).
 */
export function policyDiff(a: DiffRule[], b: DiffRule[]): RuleChange[] {
  const before = new Map(a.map((r) => [r.code, r]));
  const after = new Map(b.map((r) => [r.code, r]));
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort();
  return codes.flatMap((code): RuleChange[] => {
    const x = before.get(code) ?? null;
    const y = after.get(code) ?? null;
    if (!x) return [{ code, change: 'ADDED', before: null, after: y }];
    if (!y) return [{ code, change: 'REMOVED', before: x, after: null }];
    return canonical(x.value) === canonical(y.value) ? [] : [{ code, change: 'CHANGED', before: x, after: y }];
  });
}
