import { payloadMutation } from '../../../lib/graphql/payload.ts';
import { builder, RegionRef, SchoolRef, TeacherRef, NodeRef } from '../builder.ts';
import type { Nomination } from './nomination.entity.ts';
import { nominationQuotas, type QuotaUse } from './nomination.queries.ts';
import { NominateHostInput, WithdrawNominationInput } from './nomination.inputs.ts';
import { nominateHost, withdrawNomination } from './nomination.service.ts';
import { PolicyId, RegionCode } from '../../../lib/graphql/shapes.ts';

/**
 * Nominations of host candidates against the quotas of a policy's rule naming.perRegion.max (000 附件2: 舞钢市 3,
 * 宝丰县 3, … 高新区 1, 局属学校每校1个). One past the quota is refused, whoever asks and however many ask at once:
 * the nominations of one quota are counted under a lock.
 */
const NominationRef = builder.objectRef<Nomination>('Nomination').implement({
  description: "A host candidate nominated for a policy's batch (推荐).",
  interfaces: [NodeRef],
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The nomination’s id.' }),
    policyId: t.exposeString('policyId', { description: 'The policy nominated under. 政策' }),
    batch: t.exposeString('batch', { description: '批次' }),
    teacher: t.field({
      type: TeacherRef,
      description: 'The teacher nominated as host. 被推荐人',
      resolve: (n) => ({ id: n.teacherId }),
    }),
    school: t.field({ type: SchoolRef, description: 'Their school. 单位', resolve: (n) => ({ id: n.schoolId }) }),
    region: t.field({
      type: RegionRef,
      description: 'The region whose quota it uses.',
      resolve: (n) => ({ code: n.regionCode }),
    }),
    withdrawn: t.exposeBoolean('withdrawn', { description: 'Withdrawn: no longer uses the quota. 已撤回' }),
    at: t.field({ type: 'DateTime', description: 'When nominated. 推荐时间', resolve: (n) => n.at }),
  }),
});

const QuotaUseRef = builder.objectRef<QuotaUse>('NominationQuotaUse').implement({
  description: 'A nomination quota, used and left (推荐名额使用情况).',
  fields: (t) => ({
    region: t.field({
      type: RegionRef,
      description: 'The region the quota is for. 地区',
      resolve: (q) => ({ code: q.regionCode }),
    }),
    perSchool: t.exposeBoolean('perSchool', {
      description: 'The quota is for each school this region runs directly (局属学校每校).',
    }),
    quota: t.exposeInt('quota', { description: 'Nominations allowed (naming.perRegion.max, 000 附件2). 推荐名额' }),
    used: t.exposeInt('used', { description: 'Nominations counted (for per-school quotas, over all those schools).' }),
    left: t.int({
      nullable: true,
      description: 'Left to use; null for per-school quotas (each school has its own).',
      resolve: (q) => (q.perSchool ? null : q.quota - q.used),
    }),
    seed: t.exposeString('seed', { description: 'Seed file and section of the quota: the clause of its rule.' }),
  }),
});

payloadMutation(builder, {
  name: 'nominationSubmit',
  field: 'nomination',
  description:
    "Nominates a teacher as a host candidate for a batch, counted against the quota of the teacher's region or school. 推荐主持人",
  input: NominateHostInput,
  type: NominationRef,
  resolve: nominateHost,
  replaces: {
    name: 'nominateHost',
    input: 'The nomination. 推荐',
    positional: { policyId: ['id', PolicyId], batch: 'string', teacherId: 'id' },
    required: ['policyId', 'batch', 'teacherId'],
  },
});

payloadMutation(builder, {
  name: 'nominationWithdraw',
  field: 'nomination',
  description: 'Withdraws a nomination, freeing its place in the quota. 撤回推荐',
  input: WithdrawNominationInput,
  type: NominationRef,
  resolve: withdrawNomination,
  replaces: { name: 'withdrawNomination', input: 'The nomination to withdraw. 撤回', positional: { id: 'id' }, required: ['id'] },
});

builder.queryFields((t) => ({
  nominationQuotas: t.field({
    type: [QuotaUseRef],
    description:
      "A policy's nomination quotas in a region's subtree for a batch: used and left; for offices only, as a county's quota is its office's. 推荐名额",
    args: {
      policyId: t.arg.id({ required: true, validate: PolicyId, description: 'The policy whose quotas are read.' }),
      batch: t.arg.string({ required: true, description: '批次' }),
      within: t.arg.id({ required: true, validate: RegionCode, description: 'A region code; quotas of its subtree.' }),
    },
    resolve: (_root, args, ctx) => nominationQuotas(ctx, args),
  }),
}));
