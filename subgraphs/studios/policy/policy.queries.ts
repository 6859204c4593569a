import { notFound } from '../../../lib/auth/scope.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { byId, rowsLoader } from '../../../lib/data/loaders.ts';
import { policyDiff } from './diff.ts';
import { Policy, PolicyRule, PolicyVersion } from './policy.entity.ts';
import { Rules } from './rules.ts';
import { currentVersion, maySeeDrafts } from './versions.ts';

const rulesOfPolicy = rowsLoader(PolicyRule, 'policyId', { orderBy: { version: 'asc', code: 'asc' } });
/** The rules of one version of a policy, read once per request (all versions of a policy in one query). */
export const versionRules = async (ctx: SubgraphContext, policyId: string, version: number) =>
  (await ctx.loaders.get(rulesOfPolicy).load(policyId)).filter((r) => r.version === version);

/** A policy version's rules, as a studio bound to it is judged. */
export async function rulesOf(ctx: SubgraphContext, policyId: string, version: number): Promise<Rules> {
  const rows = await versionRules(ctx, policyId, version);
  // the issuing office's region, read only for the rules that need it
  const region = rows.some((r) => r.code === 'member.withinRegion')
    ? (await ctx.loaders.get(byId(Policy)).load(policyId))?.issuingRegionCode
    : undefined;
  return new Rules({ policyId, version, region }, rows);
}

/** A policy's current version (`currentVersion`); null where it has none. */
export const currentVersionOf = (ctx: SubgraphContext, policy: Policy) => currentVersion(ctx.em, policy).catch(() => null);

/** The rules of a policy's current version; none where it has no current version. */
export async function currentRules(ctx: SubgraphContext, policy: Policy) {
  const current = await currentVersionOf(ctx, policy);
  return current ? versionRules(ctx, policy.id, current.number) : [];
}

/** Every version of a policy, seen or not; all policies of a request in one statement. */
const versionsOfPolicy = rowsLoader(PolicyVersion, 'policyId', { orderBy: { number: 'asc' } });
const versionsLoader = (ctx: SubgraphContext) => ctx.loaders.get(versionsOfPolicy);
const allVersions = (ctx: SubgraphContext, policyId: string) => versionsLoader(ctx).load(policyId);
/** Forgets the versions read earlier in a request, once a change has written them (a draft saved or published). */
export const forgetVersions = (ctx: SubgraphContext, policyId: string) => void versionsLoader(ctx).clear(policyId);

/** A policy's versions the viewer may see: the published ones, and drafts for its own office and those above. */
export const versionsOf = (ctx: SubgraphContext, policy: Policy) =>
  allVersions(ctx, policy.id).then((all) => all.filter((v) => v.status === 'PUBLISHED' || maySeeDrafts(ctx.viewer, policy)));

/**
 * Whether the viewer may see a policy at all: one with a published version, or a draft of the viewer's own office
 * or of an office below it. Nothing of any other is shown, not even that it exists.
 */
export const maySeePolicy = async (ctx: SubgraphContext, policy: Policy) => (await versionsOf(ctx, policy)).length > 0;

/**
 * A policy the viewer may see, by id; any other is NOT_FOUND worded exactly as an id that does not exist, so nobody
 * learns by asking what another office is drafting (its title, issuer or region).
 */
export async function findPolicy(ctx: SubgraphContext, id: string): Promise<Policy> {
  // its versions are read whether it exists or not, so a hidden id and a missing one cost the same statements
  const [policy] = await Promise.all([ctx.loaders.get(byId(Policy)).load(id), allVersions(ctx, id)]);
  if (!policy || !(await maySeePolicy(ctx, policy))) throw notFound('政策', id);
  return policy;
}

/** Every policy the viewer may see, by id. */
export async function visiblePolicies(ctx: SubgraphContext): Promise<Policy[]> {
  const all = await ctx.em.find(Policy, {}, { orderBy: { id: 'asc' } });
  const seen = await Promise.all(all.map((p) => maySeePolicy(ctx, p)));
  return all.filter((_p, i) => seen[i]);
}

/** The number of a version of a policy the viewer may see: the one asked for, or the current one. */
export async function visibleVersion(ctx: SubgraphContext, policy: Policy, version: number | null | undefined, argument: string) {
  const number = version ?? (await currentVersion(ctx.em, policy)).number;
  if (!(await versionsOf(ctx, policy)).some((v) => v.number === number)) {
    throw userError('NOT_FOUND', `政策 ${policy.id} 没有第${number}版`, {
      argumentName: argument,
      policyId: policy.id,
      version: number,
    });
  }
  return number;
}
const seenVersion = async (ctx: SubgraphContext, policyId: string, version: number | null | undefined, argument: string) => {
  const policy = await findPolicy(ctx, policyId);
  return versionRules(ctx, policy.id, await visibleVersion(ctx, policy, version, argument));
};

/** The rules added, removed and changed from policy a to policy b (the current versions unless named). */
export const diffPolicies = async (
  ctx: SubgraphContext,
  args: { a: string; b: string; aVersion?: number | null; bVersion?: number | null },
) =>
  policyDiff(
    await seenVersion(ctx, args.a, args.aVersion, 'aVersion'),
    await seenVersion(ctx, args.b, args.bVersion, 'bVersion'),
  );
