import { Rules } from '../../subgraphs/studios/policy/rules.ts';
import { SEEDED_POLICIES, type SeededPolicy } from '../../subgraphs/studios/policy/seeded-policies.ts';

/** A seeded policy's rules, as the hub loads them. */
export const rulesOfPolicy = (policy: SeededPolicy) =>
  new Rules(
    { policyId: policy.id, version: 1 },
    policy.rules.map(([code, value, seed, text]) => ({ code, value, seed, text })),
  );
export const seededRules = (id: string) => rulesOfPolicy(SEEDED_POLICIES.find((p) => p.id === id)!);
