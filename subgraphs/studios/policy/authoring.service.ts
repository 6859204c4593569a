import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { about } from '../../../lib/data/audit.ts';
import type { Viewer } from '../../../lib/auth/viewer.ts';
import { change } from '../../../lib/data/change.ts';
import { today } from '../../../lib/domain/clock.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { subtreePrefix } from '../../../lib/domain/region-code.ts';
import { studioLevelOf } from '../../../lib/domain/vocabulary.ts';
import { draftProblems, publishProblems, type IssuingLevel, type Problem, type RuleInput } from './authoring.ts';
import { Policy, PolicyRule, PolicyVersion } from './policy.entity.ts';
import type { RuleCode } from './rules.ts';
import { findPolicy, forgetVersions, maySeePolicy } from './policy.queries.ts';
import { currentVersion } from './versions.ts';
import type { DraftPolicyInput, PolicyRuleInput, PublishPolicyInput } from './authoring.inputs.ts';

const refuse = (what: string, problems: Problem[]) =>
  userError('BAD_USER_INPUT', `${what}：${problems.map((p) => p.message).join('；')}`, {
    rule: problems[0]!.rule,
    problems,
  });

/**
 * An office authors its own region's policies only, with the admin role; a school, its own school's. Another
 * office's policy the viewer may not see (`hidden`, nothing of it published) is refused without naming its office.
 */
function assertAuthor(viewer: Viewer, policy: Policy | null, hidden = false): IssuingLevel {
  if (!viewer.roles.includes('admin'))
    throw userError('FORBIDDEN', '编写和发布政策需要 admin 角色', { requiredRoles: ['admin'] });
  if (viewer.level === 'NATION') throw userError('FORBIDDEN', '政策由省、市、县教育行政部门或学校制定');
  const level = viewer.level;
  if (
    policy &&
    (policy.issuingLevel !== level ||
      policy.issuingRegionCode !== viewer.regionCode ||
      (level === 'SCHOOL' && policy.schoolId !== viewer.schoolId))
  ) {
    throw hidden
      ? userError('FORBIDDEN', `政策编号 ${policy.id} 已被其他部门使用，请换一个编号`, { argumentName: 'policyId' })
      : userError('FORBIDDEN', `政策 ${policy.id} 由 ${policy.issuingRegionCode} 制定，只能由其本级部门编写和发布`, {
          policyId: policy.id,
        });
  }
  return level;
}

/** The policy takes the title and issuer a version gives it. */
function retitle(policy: Policy, version: PolicyVersion) {
  policy.name = version.title ?? policy.name;
  policy.issuer = version.issuer ?? policy.issuer;
}

/** A draft's rules as an office sends them (PolicyRuleInput): each value is JSON text, checked against its code. */
function parseRules(rules: (typeof PolicyRuleInput.$inferInput)[]): RuleInput[] {
  const problems: Problem[] = [];
  const parsed = rules.map((r) => {
    const code = r.code.trim();
    try {
      return { code, value: JSON.parse(r.value) as unknown, clause: r.clause.trim(), text: r.text.trim() };
    } catch {
      problems.push({ rule: code, message: `规则“${code}”的值 ${r.value} 不是有效的 JSON` });
      return { code, value: null, clause: r.clause, text: r.text };
    }
  });
  if (problems.length) throw refuse('政策草稿未保存', problems);
  return parsed;
}

/** A school adopts a county's (or city's) published programme of its own region as the start of its own. */
async function templateRules(em: EntityManager, viewer: Viewer, templateId: string): Promise<RuleInput[]> {
  const template = await em.findOne(Policy, { id: templateId });
  if (
    !template ||
    !['COUNTY', 'CITY'].includes(template.issuingLevel) ||
    !viewer.regionCode.startsWith(subtreePrefix(template.issuingRegionCode)) ||
    // a county's draft is not a template yet: refused alike, its title unnamed
    !(await em.count(PolicyVersion, { policyId: template.id, status: 'PUBLISHED' }))
  ) {
    throw userError('BAD_USER_INPUT', `模板 ${templateId} 不是本校所在县、市已发布的方案`, { argumentName: 'template' });
  }
  const version = await currentVersion(em, template);
  const rows = await em.find(PolicyRule, { policyId: template.id, version: version.number }, { orderBy: { code: 'asc' } });
  return rows.map((r) => ({ code: r.code, value: r.value, clause: r.seed, text: r.text }));
}

/**
 * An office's policy for its own region, as a draft: a new policy, or the next version of one of its own (its draft
 * replaced while unpublished). Two drafts of one policy at once: one is saved, the other is told CONFLICT.
 */
export async function draftPolicy(ctx: SubgraphContext, input: typeof DraftPolicyInput.$inferInput) {
  const id = input.policyId;
  const effectiveFrom = input.effectiveFrom || null;
  const existing = await ctx.em.findOne(Policy, { id });
  const level = assertAuthor(ctx.viewer, existing, !!existing && !(await maySeePolicy(ctx, existing)));
  const own = parseRules(input.rules);
  // a school's programme made from a template: the template's rules it neither states itself nor drops are
  // inherited, marked so, and merged again at every save (so the draft always matches Policy.template)
  const templateId = existing ? existing.templateId : input.template || null;
  if (input.template && (level !== 'SCHOOL' || (existing && input.template !== existing.templateId))) {
    throw userError(
      'BAD_USER_INPUT',
      existing
        ? `方案模板只能在新建方案时选定（本方案的模板：${existing.templateId ?? '无'}）`
        : '只有学校新建方案时可以采用县、市的方案模板',
      { argumentName: 'template' },
    );
  }
  const dropped = new Set((input.drop ?? []).map((c) => c.trim()));
  let inherited: RuleInput[] = [];
  if (templateId) {
    const given = new Set(own.map((r) => r.code));
    const offered = await templateRules(ctx.em, ctx.viewer, templateId);
    const unknown = [...dropped].filter((c) => !offered.some((r) => r.code === c));
    if (unknown.length) {
      throw userError('BAD_USER_INPUT', `模板 ${templateId} 没有规则：${unknown.join('、')}，无从删除`, { argumentName: 'drop' });
    }
    inherited = offered.filter((r) => !given.has(r.code) && !dropped.has(r.code)).map((r) => ({ ...r, inherited: true }));
  } else if (dropped.size) {
    throw userError('BAD_USER_INPUT', '本方案没有采用模板，没有可删除的继承规则', { argumentName: 'drop' });
  }
  const rules = [...inherited, ...own];
  const problems = draftProblems(rules);
  if (problems.length) throw refuse('政策草稿未保存', problems);
  if (!existing && (!input.title?.trim() || !input.issuer?.trim())) {
    throw userError('BAD_USER_INPUT', '新政策须填写标题（title）和发文机关（issuer）', { argumentName: 'title' });
  }
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const policy =
        existing ??
        tx.create(Policy, {
          id,
          name: input.title!.trim(),
          issuer: input.issuer!.trim(),
          issuingRegionCode: ctx.viewer.regionCode,
          issuingLevel: level,
          studioLevel: studioLevelOf(level),
          schoolId: ctx.viewer.schoolId,
          templateId,
          batch: input.batch?.trim() || null,
          effectiveFrom,
          effectiveTo: null,
          sources: input.documentNumber?.trim() || input.title!.trim(),
          version: 1,
        });
      await tx.flush();
      const versions = await tx.find(PolicyVersion, { policyId: id }, { orderBy: { number: 'desc' } });
      const draft =
        versions.find((v) => v.status === 'DRAFT') ??
        tx.create(PolicyVersion, {
          policyId: id,
          number: (versions[0]?.number ?? 0) + 1,
          status: 'DRAFT',
          draftedBy: ctx.viewer.subject,
          draftedAt: new Date(),
          publishedBy: null,
          publishedAt: null,
        });
      // a new title or issuer waits with the draft, shown on the policy once published (at once while nothing of
      // the policy is published, for then only its own office and those above see it)
      draft.title = input.title?.trim() || null;
      draft.issuer = input.issuer?.trim() || null;
      if (!versions.some((v) => v.status === 'PUBLISHED')) retitle(policy, draft);
      draft.documentNumber = input.documentNumber?.trim() || null;
      draft.effectiveFrom = effectiveFrom;
      draft.note = input.note?.trim() || null;
      draft.draftedBy = ctx.viewer.subject;
      draft.draftedAt = new Date();
      await tx.flush();
      await tx.nativeDelete(PolicyRule, { policyId: id, version: draft.number });
      for (const r of rules) {
        tx.create(PolicyRule, {
          policyId: id,
          version: draft.number,
          code: r.code as RuleCode,
          value: r.value,
          seed: r.clause,
          text: r.text,
          inheritedFrom: r.inherited ? templateId : null,
        });
      }
      audit({
        action: 'draftPolicy',
        ...about('Policy', id, { regionCode: policy.issuingRegionCode, hostSchoolId: policy.schoolId }),
        summary: `起草政策《${policy.name}》第${draft.number}版（${own.length} 条本方案规则${inherited.length ? `，${inherited.length} 条继承自模板 ${templateId}` : ''}）`,
        after: { version: draft.number, rules: rules.length, inherited: inherited.length, dropped: [...dropped] },
      });
      return policy;
    },
    '政策',
  );
}

/** Publishes a draft, frozen from then on, once its rules pass the checks of the issuing level. */
export async function publishPolicyVersion(ctx: SubgraphContext, args: typeof PublishPolicyInput.$inferInput) {
  const id = args.policyId;
  // a policy the viewer may not see is NOT_FOUND, as one that does not exist
  await findPolicy(ctx, id);
  // the versions that check read are the draft's; the answer shows it published
  forgetVersions(ctx, id);
  return change(
    ctx.em,
    ctx.viewer,
    async ({ tx, audit }) => {
      const policy = await tx.findOneOrFail(Policy, { id });
      const level = assertAuthor(ctx.viewer, policy);
      const versions = await tx.find(
        PolicyVersion,
        { policyId: id },
        { orderBy: { number: 'desc' }, lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const draft = versions.find((v) => v.number === args.version);
      if (!draft || draft.status !== 'DRAFT') {
        throw userError('BAD_USER_INPUT', `政策 ${id} 没有待发布的第${args.version}版草稿（已发布的版本不能修改，请起草新版本）`);
      }
      const previous = versions.find((v) => v.status === 'PUBLISHED');
      if (previous && !draft.effectiveFrom) {
        throw userError('BAD_USER_INPUT', `第${draft.number}版须注明生效日期（effectiveFrom），已成立的工作室仍按原版本执行`);
      }
      if (previous?.effectiveFrom && draft.effectiveFrom && draft.effectiveFrom < previous.effectiveFrom) {
        throw userError(
          'BAD_USER_INPUT',
          `第${draft.number}版的生效日期不能早于第${previous.number}版（${previous.effectiveFrom}）`,
        );
      }
      const rows = await tx.find(PolicyRule, { policyId: id, version: draft.number });
      const problems = publishProblems(
        level,
        rows.map((r) => ({ code: r.code, value: r.value, clause: r.seed, text: r.text, inherited: !!r.inheritedFrom })),
      );
      if (problems.length) throw refuse(`政策 ${id} 第${draft.number}版不能发布`, problems);
      retitle(policy, draft);
      draft.status = 'PUBLISHED';
      draft.publishedBy = ctx.viewer.subject;
      draft.publishedAt = new Date();
      audit({
        action: 'publishPolicyVersion',
        ...about('Policy', id, { regionCode: policy.issuingRegionCode, hostSchoolId: policy.schoolId }),
        summary: `发布政策《${policy.name}》第${draft.number}版，${draft.effectiveFrom ?? today()} 起生效`,
        after: { version: draft.number, effectiveFrom: draft.effectiveFrom },
      });
      return policy;
    },
    '政策',
  );
}
