import { builder, GenderEnum, HonorLevelEnum } from '../builder.ts';

export const UpdateTeacherInput = builder.inputType('UpdateTeacherInput', {
  description: 'Changes to a teacher’s record; fields left out stay as they are (修改教师信息).',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The teacher’s id.' }),
    version: t.int({ required: true, description: 'The teacher’s version you read.' }),
    title: t.string({ description: 'Professional title, e.g. 高级教师. 职称' }),
    subject: t.string({ description: 'Subject taught. 任教学科' }),
    gender: t.field({ type: GenderEnum, description: '性别 (000 附件3)' }),
    birthDate: t.string({ description: '出生日期 YYYY-MM-DD (000 附件3)' }),
    headTeacherYears: t.int({ description: 'Years as a head teacher. 班主任工作年限' }),
    activeHeadTeacher: t.boolean({ description: 'Whether a head teacher now. 是否在岗班主任' }),
    education: t.string({ description: 'Education. 学历' }),
    position: t.string({ description: 'Post held. 职务' }),
    ethnicity: t.string({ description: 'Ethnicity (personal data). 民族' }),
    politicalStatus: t.string({ description: 'Political status (personal data). 政治面貌' }),
    phone: t.string({ description: 'Phone (personal data). 电话' }),
    email: t.string({ description: 'Email (personal data). 邮箱' }),
  }),
});

export const AddHonorInput = builder.inputType('AddHonorInput', {
  description: 'An honor of a teacher or their class. 荣誉',
  fields: (t) => ({
    teacherId: t.id({ required: true, description: 'The teacher.' }),
    title: t.string({ required: true, description: 'The honor as awarded. 荣誉名称' }),
    level: t.field({ type: HonorLevelEnum, required: true, description: 'Who awarded it. 荣誉级别' }),
    ofClass: t.boolean({ defaultValue: false, description: 'True for an honor of the class (班级荣誉).' }),
    year: t.int({ description: 'The year awarded.' }),
  }),
});

export const AddResearchProjectInput = builder.inputType('AddResearchProjectInput', {
  description: 'A research project of a teacher. 课题',
  fields: (t) => ({
    teacherId: t.id({ required: true, description: 'The teacher.' }),
    title: t.string({ required: true, description: 'The project’s title. 课题名称' }),
    level: t.field({ type: HonorLevelEnum, required: true, description: 'The level that approved it. 立项级别' }),
    hosted: t.boolean({ required: true, description: 'True if the teacher leads it (主持), false if a participant (参与).' }),
    year: t.int({ description: 'The year approved.' }),
    concluded: t.boolean({ defaultValue: false, description: 'True once concluded (结题).' }),
  }),
});

export const AddPublicationInput = builder.inputType('AddPublicationInput', {
  description: 'A paper or monograph of a teacher. 论文或专著',
  fields: (t) => ({
    teacherId: t.id({ required: true, description: 'The teacher.' }),
    title: t.string({ required: true, description: 'The title. 题目' }),
    venue: t.string({ required: true, description: 'The journal or publisher. 发表刊物/出版社' }),
    year: t.int({ description: 'The year published.' }),
    coreJournal: t.boolean({ defaultValue: false, description: 'In a core journal (核心期刊).' }),
    monograph: t.boolean({ defaultValue: false, description: 'A monograph (专著).' }),
    level: t.field({ type: HonorLevelEnum, description: "A paper's level: the journal's (刊物级别); not for a monograph." }),
  }),
});
