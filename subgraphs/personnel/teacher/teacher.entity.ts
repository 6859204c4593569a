import { defineEntity, p } from '@mikro-orm/core';
import { timestamps } from '../../../lib/entity.ts';

const TeacherSchema = defineEntity({
  name: 'Teacher',
  tableName: 'teacher',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    gender: p.string().$type<'FEMALE' | 'MALE'>().nullable(),
    birthDate: p.string().columnType('date').nullable(),
    schoolId: p.uuid(),
    title: p.string().nullable(),
    subject: p.string().nullable(),
    yearsWorked: p.integer().nullable(),
    headTeacherYears: p.integer(),
    activeHeadTeacher: p.boolean(),
    phone: p.string().nullable(),
    email: p.string().nullable(),
    ...timestamps(),
  },
});

export class Teacher extends TeacherSchema.class {}
TeacherSchema.setClass(Teacher);
