import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertRegionInScope, type Viewer } from './auth.ts';
import type { ObjectRef } from '@pothos/core';
import { connectionRef, pageOf, subtreePage } from './connection.ts';
import type { Builder, HubTypes, SubgraphContext } from './context.ts';
import { userError } from './errors.ts';
import { MAX_PAGE_SIZE } from './pagination.ts';

/** The most entries `<field>(first:)` answers, newest first; the connection reads any number. */
const MAX_CHANGES = 200;

type BuilderTypes = PothosSchemaTypes.ExtendDefaultTypes<HubTypes>;
import { subtreePrefix } from './region-code.ts';

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

export interface Change {
  action: string;
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

/** `<field>(since, first)` on Region: the audit entries of the region's subtree, newest first. */
export function auditField(builder: Builder, regionRef: ObjectRef<BuilderTypes, { code: string }>, field: string, what: string) {
  const AuditEntryRef = builder.objectRef<AuditEntry>('AuditEntry').implement({
    description: 'One recorded change: who, when, what. 操作记录',
    shareable: true,
    fields: (t) => ({
      id: t.exposeID('id', { description: "The entry's id: the same entry has the same id on every read." }),
      at: t.field({ type: 'DateTime', description: 'When the change was made. 操作时间', resolve: (e) => e.at }),
      actor: t.exposeString('actor', { description: 'The token subject of who made the change.' }),
      actorLevel: t.exposeString('actorLevel', { description: "The level of the actor's office (PROVINCE, CITY, …)." }),
      actorRegion: t.exposeString('actorRegion', { description: "The region code of the actor's office." }),
      action: t.exposeString('action', { description: 'What was done, e.g. `studio.transition`. 操作' }),
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
        first: t.arg.int({ required: true, description: `Page size, 1 to ${MAX_PAGE_SIZE}. 每页条数` }),
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
