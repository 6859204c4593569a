import { defineEntity, p } from '@mikro-orm/core';
import type { WorkKind } from '../policy/rules.ts';

const WorkItemSchema = defineEntity({
  name: 'WorkItem',
  tableName: 'work_item',
  properties: {
    id: p.uuid().primary(),
    studioId: p.uuid(),
    kind: p.string().$type<WorkKind>(),
    title: p.string(),
    doneOn: p.string().columnType('date'),
    /** Activities: half days, for continuing-education hours. */
    halfDays: p.integer().nullable(),
    /** The level, e.g. 市级 for a research project or a training the host attended, 镇级 for a showcase. */
    level: p.string().nullable(),
    /** The member whose own work it is (a per-member obligation counts it for them); null: the studio's. */
    teacherId: p.uuid().nullable(),
    actor: p.string(),
    createdAt: p.datetime(),
  },
});
export class WorkItem extends WorkItemSchema.class {}
WorkItemSchema.setClass(WorkItem);

const AttendanceSchema = defineEntity({
  name: 'Attendance',
  tableName: 'attendance',
  properties: {
    workItemId: p.uuid().primary(),
    teacherId: p.uuid().primary(),
    present: p.boolean(),
  },
});
export class Attendance extends AttendanceSchema.class {}
AttendanceSchema.setClass(Attendance);
