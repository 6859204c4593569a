import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertRegionInScope, type Viewer } from './auth.ts';
import type { ObjectRef } from '@pothos/core';
import type { Builder, HubTypes } from './context.ts';

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

/** The table, for each subgraph's migration. */
export const AUDIT_TABLE_SQL = [
  `create table audit_entry (
    id uuid primary key,
    at timestamptz(3) not null,
    actor text not null,
    actor_level text not null,
    actor_region varchar(6) not null,
    action text not null,
    entity text not null,
    entity_id text not null,
    region_code varchar(6) not null,
    host_school_id uuid,
    summary text not null,
    before jsonb,
    after jsonb
  )`,
  'create index audit_entry_region_idx on audit_entry (region_code text_pattern_ops, at)',
  'create index audit_entry_entity_idx on audit_entry (entity, entity_id, at)',
];

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
      at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
      actor: t.exposeString('actor', { description: 'The token subject of who made the change.' }),
      actorLevel: t.exposeString('actorLevel'),
      actorRegion: t.exposeString('actorRegion'),
      action: t.exposeString('action'),
      entity: t.exposeString('entity'),
      entityId: t.exposeString('entityId'),
      regionCode: t.exposeString('regionCode'),
      summary: t.exposeString('summary'),
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
  builder.objectFields(regionRef, (t) => ({
    [field]: t.field({
      type: [AuditEntryRef],
      description: `Changes to ${what} in the region's subtree, newest first (at most 200). 操作记录`,
      args: { since: t.arg({ type: 'DateTime' }), first: t.arg.int({ defaultValue: 50 }) },
      resolve: (region, { since, first }, ctx) => {
        assertRegionInScope(ctx.viewer, region.code);
        return ctx.em.find(
          AuditEntry,
          {
            regionCode: { $like: `${subtreePrefix(region.code)}%` },
            ...(ctx.viewer.schoolId ? { hostSchoolId: ctx.viewer.schoolId } : {}),
            ...(since ? { at: { $gte: since } } : {}),
          },
          { orderBy: { at: 'desc', id: 'asc' }, limit: Math.min(Math.max(first ?? 50, 1), 200) },
        );
      },
    }),
  }));
}
