import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertRegionInScope } from '../auth/scope.ts';
import type { Viewer } from '../auth/viewer.ts';
import type { ObjectRef } from '@pothos/core';
import { connectionRef, pageOf, subtreePage } from '../graphql/connection.ts';
import type { Builder, HubTypes, SubgraphContext } from '../graphql/context.ts';
import { userError } from '../graphql/errors.ts';
import { findInScope } from './loaders.ts';
import type { NodeInterface, NodeType } from '../graphql/node.ts';
import { MAX_PAGE_SIZE } from '../graphql/pagination.ts';

/** The most entries `<field>(first:)` answers, newest first; the connection reads any number. */
const MAX_CHANGES = 200;

type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;
import { subtreePrefix } from '../domain/region-code.ts';
import { isUuid, PageSize } from '../graphql/shapes.ts';

/**
 * Who changed what and when: every change a subgraph makes writes an entry in its own `audit_entry` table, in
 * the same transaction as the change. Offices read the entries of their subtree (the offices above a change
 * see it too, as it lies in their subtree).
 */
const AuditEntrySchema = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_entry',
  properties: {
    id: p.uuid().primary(),
    at: p.datetime(),
    actor: p.string(),
    actorLevel: p.string(),
    actorRegion: p.string().length(6),
    action: p.string(),
    entity: p.string(),
    entityId: p.string(),
    regionCode: p.string().length(6),
    hostSchoolId: p.uuid().nullable(),
    summary: p.string(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
  },
});
export class AuditEntry extends AuditEntrySchema.class {}
AuditEntrySchema.setClass(AuditEntry);

/**
 * Every audit entry's `action`: one stable code per kind of change (what integrations key on), with the Chinese
 * label the entry carries beside it (`actionLabel`). The code is the mutation's name where a person makes the
 * change, and names the event where the hub makes it. README: Audit actions lists them; a new kind of change adds
 * its code here, and a code is never renamed (a migration maps any old value, as 20261207180000 did).
 */
export const AUDIT_ACTIONS = {
  // personnel
  registerSchool: '登记学校',
  updateSchool: '修改学校信息',
  importSchools: '导入学校',
  updateTeacher: '修改教师信息',
  addHonor: '记录荣誉',
  addResearchProject: '记录课题',
  addPublication: '记录论文',
  importTeachers: '导入教师',
  transferTeacher: '教师调动',
  // studios
  draftPolicy: '起草政策',
  publishPolicyVersion: '发布政策版本',
  moveStudioToCurrentPolicyVersion: '改为执行现行政策版本',
  applyForStudio: '申报工作室',
  addStudioMember: '新增工作室成员',
  removeStudioMember: '工作室成员退出',
  applyAbsenceRule: '按缺勤规定退出',
  nominateHost: '推荐主持人候选人',
  withdrawNomination: '撤回推荐',
  recordWork: '记录工作室活动',
  transitionStudio: '变更工作室状态',
  revokeForMisconduct: '违规撤销建制',
  consequence: '按考核结果或调动变更状态',
  consequenceNotApplied: '状态变更未能执行',
  hostMovedWithinCounty: '主持人县区内调动',
  hostLeftCounty: '主持人调离县区',
  waiveUndecidedRule: '准予豁免无法判定的规则',
  memberRatedOut: '成员考核不合格调整出',
  // evaluations
  scheduleEvaluation: '安排考核评估',
  recordEvaluationResult: '登记考核评估结果',
  addRectificationOpinion: '提出整改意见',
  resolveRectification: '整改完成',
  rateMember: '成员考评',
  submitAnnualResults: '上报年度考核结果',
  acceptAnnualResults: '接收年度考核结果',
  returnAnnualResults: '退回年度考核结果',
  // funding
  allocateFunds: '拨付经费',
  setBudget: '编制预算',
  proposeExpenditure: '录入支出',
  signExpenditure: '支出签字',
} as const;
export type AuditAction = keyof typeof AUDIT_ACTIONS;

export interface Change {
  action: AuditAction;
  entity: string;
  entityId: string;
  regionCode: string;
  hostSchoolId?: string | null;
  /**
   * One line for people, in Chinese. Whoever sees the entry's region and host school reads it, so it names only
   * what lies there: a change that spans two places (a transfer between counties) writes an entry at each.
   */
  summary: string;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Where an entry about a thing is recorded: the thing, and the region and host school it lies at. */
export function about(
  entity: string,
  entityId: string,
  place: { regionCode: string; hostSchoolId?: string | null },
): Pick<Change, 'entity' | 'entityId' | 'regionCode' | 'hostSchoolId'> {
  return { entity, entityId, regionCode: place.regionCode, hostSchoolId: place.hostSchoolId };
}

/** Records a change; call it inside the change's own transaction. */
export function audit(em: EntityManager, viewer: Viewer, change: Change): void {
  em.create(AuditEntry, {
    id: randomUUID(),
    at: new Date(),
    actor: viewer.subject,
    actorLevel: viewer.level,
    actorRegion: viewer.regionCode,
    hostSchoolId: null,
    before: null,
    after: null,
    ...change,
  });
}

/**
 * An entry of this subgraph's own log by id, for `node(id:)`: in the viewer's scope as the feeds read it (the
 * entry's region, and for a school its own host school). Several subgraphs serve the type alike, each from its own
 * table, so the one answering `node` is handed the whole entry (`shared`, lib/graphql/node.ts).
 */
export const AUDIT_NODE: NodeType = {
  name: 'AuditEntry',
  accepts: isUuid,
  find: (ctx, id) => findInScope(ctx, AuditEntry, id, '操作记录'),
  shared: true,
};

/** `<field>(since, first)` on Region: the audit entries of the region's subtree, newest first. */
export function auditField(
  builder: Builder,
  regionRef: ObjectRef<BuilderTypes, { code: string }>,
  node: NodeInterface,
  field: string,
  what: string,
) {
  const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
    description: 'One recorded change: who, when, what. 操作记录',
    shareable: true,
    interfaces: [node],
    fields: (t) => ({
      id: t.exposeID('id', { description: "The entry's id: the same entry has the same id on every read." }),
      at: t.field({ type: 'DateTime', description: 'When the change was made. 操作时间', resolve: (e) => e.at }),
      actor: t.exposeString('actor', { description: 'The token subject of who made the change.' }),
      actorLevel: t.exposeString('actorLevel', { description: "The level of the actor's office (PROVINCE, CITY, …)." }),
      actorRegion: t.exposeString('actorRegion', { description: "The region code of the actor's office." }),
      action: t.exposeString('action', {
        description:
          'What was done: a stable code of one vocabulary (README: Audit actions), e.g. `transitionStudio`, `updateTeacher`. 操作代码',
      }),
      actionLabel: t.string({
        description: 'The action in Chinese, e.g. 变更工作室状态. 操作名称',
        resolve: (e) => AUDIT_ACTIONS[e.action as AuditAction] ?? e.action,
      }),
      entity: t.exposeString('entity', { description: 'The kind of thing changed, e.g. `Studio`.' }),
      entityId: t.exposeString('entityId', { description: 'The id of the thing changed.' }),
      regionCode: t.exposeString('regionCode', { description: 'The region the change is recorded at.' }),
      summary: t.exposeString('summary', { description: 'The change in a sentence, in Chinese. 摘要' }),
      before: t.string({
        nullable: true,
        description: 'JSON of the changed fields before.',
        resolve: (e) => (e.before ? JSON.stringify(e.before) : null),
      }),
      after: t.string({
        nullable: true,
        description: 'JSON of the changed fields after.',
        resolve: (e) => (e.after ? JSON.stringify(e.after) : null),
      }),
    }),
  });
  const AuditConnection = connectionRef(builder, 'AuditEntry', AuditEntryRef, 'change entries', {
    shareable: true,
    order: 'at',
  });
  /** The entries of a region's subtree the viewer may read. */
  const scope = (ctx: SubgraphContext, code: string) => {
    assertRegionInScope(ctx.viewer, code);
    return {
      regionCode: { $like: `${subtreePrefix(code)}%` },
      ...(ctx.viewer.schoolId ? { hostSchoolId: ctx.viewer.schoolId } : {}),
    };
  };
  builder.objectFields(regionRef, (t) => ({
    [field]: t.field({
      type: [AuditEntryRef],
      description:
        `Changes to ${what} in the region's subtree, newest first, at most ${MAX_CHANGES} (a larger first is refused); ` +
        `to read them all in order, and resume, use ${field}Connection. 操作记录`,
      args: {
        since: t.arg({ type: 'DateTime', description: 'Only changes at or after this instant.' }),
        first: t.arg.int({ defaultValue: 50, description: `How many entries, at most ${MAX_CHANGES}.` }),
      },
      resolve: (region, { since, first }, ctx) => {
        const limit = first ?? 50;
        if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES) {
          throw userError(
            'BAD_USER_INPUT',
            `条数 first 应在 1 到 ${MAX_CHANGES} 之间，收到 ${limit}；更多请用 ${field}Connection 分页读取`,
            {
              argumentName: 'first',
              max: MAX_CHANGES,
            },
          );
        }
        return ctx.em.find(
          AuditEntry,
          { ...scope(ctx, region.code), ...(since ? { at: { $gte: since } } : {}) },
          { orderBy: { at: 'desc', id: 'asc' }, limit },
        );
      },
    }),
    [`${field}Connection`]: t.field({
      type: AuditConnection,
      description:
        `Changes to ${what} in the region's subtree, oldest first, ordered by (at, id): a change feed an ` +
        'integration reads to the end and resumes from the last endCursor. 操作记录（按时间顺序，可续读）',
      args: {
        first: t.arg.int({
          required: true,
          validate: PageSize(MAX_PAGE_SIZE),
          description: `Page size, 1 to ${MAX_PAGE_SIZE}. 每页条数`,
        }),
        after: t.arg.string({ description: "The previous page's endCursor. 上一页的 endCursor" }),
        since: t.arg({ type: 'DateTime', description: 'Only changes made at or after this instant.' }),
      },
      resolve: (region, args, ctx, info) =>
        subtreePage(
          ctx,
          AuditEntry,
          { from: 'audit_entry t', region: 't.region_code', school: 't.host_school_id' },
          region.code,
          pageOf({ ...args, updatedSince: args.since }, info, region.code),
          { column: 'at', property: 'at' },
        ),
    }),
  }));
}
