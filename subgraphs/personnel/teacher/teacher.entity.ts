import { defineEntity, p } from '@mikro-orm/core';

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
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class Teacher extends TeacherSchema.class {}
TeacherSchema.setClass(Teacher);
