import { defineEntity, p } from '@mikro-orm/core';
import { timestamps } from '../../../lib/data/entity.ts';
import type { Gender, HonorKind, HonorLevel } from '../../../lib/domain/vocabulary.ts';

const TeacherSchema = defineEntity({
  name: 'Teacher',
  tableName: 'teacher',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    gender: p.string().$type<Gender>().nullable(),
    birthDate: p.string().columnType('date').nullable(),
    schoolId: p.uuid(),
    title: p.string().nullable(),
    subject: p.string().nullable(),
    yearsWorked: p.integer().nullable(),
    headTeacherYears: p.integer(),
    activeHeadTeacher: p.boolean(),
    /** An age as a spreadsheet declared it (000 附件4 年龄), and on which day, when no birth date is known. */
    declaredAge: p.integer().nullable(),
    declaredOn: p.string().columnType('date').nullable(),
    phone: p.string().nullable(),
    email: p.string().nullable(),
    /** 民族, 政治面貌, 学历, 职务 (000 附件3). */
    ethnicity: p.string().nullable(),
    politicalStatus: p.string().nullable(),
    education: p.string().nullable(),
    position: p.string().nullable(),
    version: p.integer().version(),
    ...timestamps(),
  },
});

export class Teacher extends TeacherSchema.class {}
TeacherSchema.setClass(Teacher);

const TeacherHonorSchema = defineEntity({
  name: 'TeacherHonor',
  tableName: 'teacher_honor',
  properties: {
    id: p.uuid().primary(),
    teacherId: p.uuid(),
    title: p.string(),
    level: p.string().$type<HonorLevel>(),
    kind: p.string().$type<HonorKind>(),
    year: p.integer().nullable(),
  },
});

/** An honor, personal or of the teacher's class (荣誉). */
export class TeacherHonor extends TeacherHonorSchema.class {}
TeacherHonorSchema.setClass(TeacherHonor);

const TeacherTransferSchema = defineEntity({
  name: 'TeacherTransfer',
  tableName: 'teacher_transfer',
  properties: {
    id: p.uuid().primary(),
    teacherId: p.uuid(),
    fromSchoolId: p.uuid(),
    toSchoolId: p.uuid(),
    movedOn: p.string().columnType('date'),
    reason: p.string(),
    actor: p.string(),
    at: p.datetime(),
  },
});

/** A teacher's move from one school to another (调动). */
export class TeacherTransfer extends TeacherTransferSchema.class {}
TeacherTransferSchema.setClass(TeacherTransfer);

export type { HonorLevel } from '../../../lib/domain/vocabulary.ts';

const TeacherResearchSchema = defineEntity({
  name: 'TeacherResearch',
  tableName: 'teacher_research',
  properties: {
    id: p.uuid().primary(),
    teacherId: p.uuid(),
    title: p.string(),
    level: p.string().$type<HonorLevel>(),
    role: p.string().$type<'HOST' | 'PARTICIPANT'>(),
    year: p.integer().nullable(),
    status: p.string().$type<'ONGOING' | 'CONCLUDED'>(),
  },
});
/** A research project (课题) the teacher hosts or takes part in. */
export class TeacherResearch extends TeacherResearchSchema.class {}
TeacherResearchSchema.setClass(TeacherResearch);

const TeacherPublicationSchema = defineEntity({
  name: 'TeacherPublication',
  tableName: 'teacher_publication',
  properties: {
    id: p.uuid().primary(),
    teacherId: p.uuid(),
    title: p.string(),
    venue: p.string(),
    year: p.integer().nullable(),
    coreJournal: p.boolean(),
    monograph: p.boolean(),
    /** A paper's level (刊物级别, e.g. 省级); null for a monograph, or a paper whose level is not recorded. */
    level: p.string().$type<HonorLevel>().nullable(),
  },
});
/** A paper or a monograph (论文, 专著). */
export class TeacherPublication extends TeacherPublicationSchema.class {}
TeacherPublicationSchema.setClass(TeacherPublication);
