import type { EntityManager } from '@mikro-orm/postgresql';
import { today } from '../../../lib/domain/clock.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { regionInScope } from '../../../lib/auth/scope.ts';
import type { Viewer } from '../../../lib/auth/viewer.ts';
import type { ProgrammeWindow } from '../../../lib/domain/programme-window.ts';
import { PolicyVersion, type Policy } from './policy.entity.ts';
import { SEEDED_POLICIES } from './seeded-policies.ts';

/**
 * The version a studio founded today is bound to: the newest published one in effect (its effective date today
 * or before, or none given). A later version waits for its date; a draft is never current.
 */
export async function currentVersion(em: EntityManager, policy: Policy): Promise<PolicyVersion> {
  const [found] = await em.find(
    PolicyVersion,
    { policyId: policy.id, status: 'PUBLISHED', $or: [{ effectiveFrom: null }, { effectiveFrom: { $lte: today() } }] },
    { orderBy: { number: 'desc' }, limit: 1 },
  );
  if (!found) {
    throw userError('POLICY_VIOLATION', `政策“${policy.name}”（${policy.id}）尚无已发布并生效的版本`, {
      rule: 'policy.published',
      policyId: policy.id,
    });
  }
  return found;
}

/**
 * Who sees a policy's drafts: the office that issued it and those above it (the province sees every policy in its
 * subtree); for a school's policy, the school itself too. Published versions are public rules.
 */
export const maySeeDrafts = (viewer: Viewer, policy: Policy) =>
  viewer.schoolId ? viewer.schoolId === policy.schoolId : regionInScope(viewer, policy.issuingRegionCode);

const WINDOW_CLAUSES = new Map(SEEDED_POLICIES.map((p) => [p.id, p.window]));

/** A policy's window (施行期), with the clause of its programme file that dates it. */
export const windowOf = (policy: Policy): ProgrammeWindow => ({
  name: policy.name,
  effectiveFrom: policy.effectiveFrom ?? null,
  effectiveTo: policy.effectiveTo ?? null,
  windowClause: WINDOW_CLAUSES.get(policy.id) ?? null,
});
