import { randomUUID } from 'node:crypto';
import { change } from '../../../lib/data/change.ts';
import { assertMayChange } from '../../../lib/auth/scope.ts';
import { today } from '../../../lib/domain/clock.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import { eligibilityVerdicts } from '../policy/eligibility.ts';
import { HOST_FACTS } from '../peers.ts';
import { refuseUnless, waivedRules } from '../policy/enforce.ts';
import { findPolicy, rulesOf } from '../policy/policy.queries.ts';
import { currentVersion, windowOf } from '../policy/versions.ts';
import { refuseOutsideWindow } from '../../../lib/domain/programme-window.ts';
import { Studio } from '../studio/studio.entity.ts';
import { studioName } from './naming.ts';
import { StudioTransition } from './transition.entity.ts';
import { lastFinal } from './renewal.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { STUDIO_CATEGORIES } from '../../../lib/domain/vocabulary.ts';
import type { ApplyForStudioInput } from './application.inputs.ts';

/**
 * A school applies for a studio under a policy (申报): the host must qualify under the policy's host rules; the
 * studio takes the name given (under `studio.namedAfterHost`, one carrying the host's name) or its host's name and
 * category, and its cycle follows the policy.
 */
export async function applyForStudio(ctx: SubgraphContext, input: typeof ApplyForStudioInput.$inferInput) {
  const policy = await findPolicy(ctx, input.policyId);
  const batch = input.batch.trim();
  if (!batch) throw userError('BAD_USER_INPUT', '请填写批次', { argumentName: 'batch' });
  refuseOutsideWindow(windowOf(policy), { day: today() }, '再按本方案申报工作室');
  const { teacher } = await ctx.peers.ask(HOST_FACTS, ctx.viewer, { id: input.hostTeacherId });
  const regionCode = teacher.school.region.code;
  // the applying school, or an office above it
  assertMayChange(ctx.viewer, { regionCode, hostSchoolId: teacher.school.id }, 'SCHOOL', ['editor'], '工作室申报');
  const issuer = policy.issuingLevel === 'SCHOOL' ? regionCode : policy.issuingRegionCode;
  if (!regionCode.startsWith(subtreePrefix(issuer))) {
    throw userError(
      'POLICY_VIOLATION',
      `《${policy.name}》只适用于 ${policy.issuingRegionCode} 及其下级地区，主持人所在学校属于 ${regionCode}`,
      {
        rule: 'policy.region',
      },
    );
  }
  if (policy.schoolId && policy.schoolId !== teacher.school.id) {
    throw userError('POLICY_VIOLATION', `《${policy.name}》是一所学校自己的方案，只适用于该校`, { rule: 'policy.school' });
  }
  // a studio is bound to the version in effect when it is founded, and keeps it
  const { number: policyVersion } = await currentVersion(ctx.em, policy);
  const rules = await rulesOf(ctx, policy.id, policyVersion);
  // 003 五(一): after a studio under the programme, only a final graded as it asks qualifies for the next batch
  const earlier = rules.get('host.terms.finalGrade.min')
    ? { termsServed: 0, finalYear: null, lastFinal: await lastFinal(ctx, teacher.id, policy.id) }
    : undefined;
  refuseUnless(eligibilityVerdicts(rules, 'HOST', teacher, today(), earlier), `${teacher.name}的主持人资格`, {
    waived: await waivedRules(ctx.em, policy.id, teacher.id),
  });
  const category = input.category ?? 'HEAD_TEACHER';
  const { name, verdicts } = studioName(rules, teacher.name, input.name, STUDIO_CATEGORIES[category]);
  refuseUnless(verdicts, '工作室名称');
  // a programme without a fixed cycle (cycle.open) carries its studios one school year at a time
  const cycle = rules.get('cycle.years')?.value ?? (rules.get('cycle.open') ? 1 : 3);
  return change(ctx.em, ctx.viewer, async ({ tx, audit }) => {
    if (await tx.count(Studio, { hostTeacherId: teacher.id, status: { $nin: ['REVOKED', 'COMPLETED'] } })) {
      throw userError('BAD_USER_INPUT', `${teacher.name}已主持一个在建工作室`);
    }
    const studio = tx.create(Studio, {
      id: randomUUID(),
      name,
      level: policy.studioLevel,
      category,
      status: 'APPLIED',
      regionCode,
      hostSchoolId: teacher.school.id,
      hostTeacherId: teacher.id,
      policyId: policy.id,
      policyVersion,
      batch,
      startYear: input.startYear,
      endYear: input.startYear + cycle - 1,
      foundedOn: today(),
      version: 1,
    });
    await tx.flush();
    tx.create(StudioTransition, {
      id: randomUUID(),
      studioId: studio.id,
      fromStatus: 'APPLIED',
      toStatus: 'APPLIED',
      reason: `申报（${batch}）`,
      at: new Date(),
      actor: ctx.viewer.subject,
      actorLevel: ctx.viewer.level,
      actorRegion: ctx.viewer.regionCode,
    });
    audit({
      action: 'applyForStudio',
      entity: 'Studio',
      entityId: studio.id,
      regionCode,
      hostSchoolId: teacher.school.id,
      summary: `申报${studio.name}（${policy.name} 第${policyVersion}版，${batch}）`,
      after: { policyId: policy.id, policyVersion, batch, startYear: input.startYear },
    });
    return studio;
  });
}
