import { payloadMutation, replacedBy } from '../../../lib/graphql/payload.ts';
import { maySeePersonalData } from '../../../lib/auth/scope.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { builder, HonorLevelEnum } from '../builder.ts';
import type { TeacherHonor, TeacherPublication, TeacherResearch } from './teacher.entity.ts';
import { highestHonorLevel, honorsOf, publicationsOf, researchProjectsOf } from './teacher.queries.ts';
import { TeacherRef } from './teacher.schema.ts';
import { AddHonorInput, AddPublicationInput, AddResearchProjectInput, UpdateTeacherInput } from './profile.inputs.ts';
import { addHonor, addPublication, addResearchProject, updateTeacher } from './profile.service.ts';

/** The host application form's record of a teacher (000 附件3): profile, honors, research projects, publications. */

const HonorRef = builder.objectRef<TeacherHonor>('TeacherHonor').implement({
  description: 'An honor of the teacher or their class. 个人或班级所获荣誉',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The honor as awarded, e.g. 市级优秀班主任. 荣誉名称' }),
    level: t.field({ type: HonorLevelEnum, description: 'Who awarded it. 荣誉级别', resolve: (h) => h.level }),
    kind: t.exposeString('kind', { description: 'PERSONAL or CLASS (个人/班级)' }),
    year: t.exposeInt('year', { nullable: true, description: 'The year awarded. 获奖年份' }),
  }),
});
const ResearchRef = builder.objectRef<TeacherResearch>('TeacherResearch').implement({
  description: 'A research project. 课题研究',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The project’s title. 课题名称' }),
    level: t.field({ type: HonorLevelEnum, description: 'The level that approved it. 立项级别', resolve: (r) => r.level }),
    role: t.exposeString('role', { description: 'HOST (主持) or PARTICIPANT (参与)' }),
    year: t.exposeInt('year', { nullable: true, description: 'The year approved. 立项年份' }),
    status: t.exposeString('status', { description: 'ONGOING or CONCLUDED' }),
  }),
});
const PublicationRef = builder.objectRef<TeacherPublication>('TeacherPublication').implement({
  description: 'A paper or monograph. 论文、专著',
  fields: (t) => ({
    title: t.exposeString('title', { description: 'The title. 题目' }),
    venue: t.exposeString('venue', { description: 'The journal or publisher. 发表刊物/出版社' }),
    year: t.exposeInt('year', { nullable: true, description: 'The year published. 发表年份' }),
    coreJournal: t.exposeBoolean('coreJournal', { description: '核心期刊' }),
    monograph: t.exposeBoolean('monograph', { description: '专著' }),
    level: t.field({
      type: HonorLevelEnum,
      nullable: true,
      description: "A paper's level: the journal's (刊物级别, e.g. 省级); null for a monograph or when not recorded.",
      resolve: (x) => x.level ?? null,
    }),
  }),
});

const personal = (ctx: SubgraphContext, value: string | null | undefined) => {
  if (!maySeePersonalData(ctx.viewer))
    throw userError('FORBIDDEN', '无权查看个人信息（民族、政治面貌）：需要 editor 或 admin 角色');
  return value ?? null;
};

builder.objectFields(TeacherRef, (t) => ({
  version: t.exposeInt('version', { description: 'Send it back to change the teacher.' }),
  education: t.exposeString('education', { nullable: true, description: '学历' }),
  position: t.exposeString('position', { nullable: true, description: '职务' }),
  ethnicity: t.string({
    nullable: true,
    description: '民族 (personal data)',
    resolve: (x, _a, ctx) => personal(ctx, x.ethnicity),
  }),
  politicalStatus: t.string({
    nullable: true,
    description: '政治面貌 (personal data)',
    resolve: (x, _a, ctx) => personal(ctx, x.politicalStatus),
  }),
  highestHonorLevel: t.field({
    type: HonorLevelEnum,
    nullable: true,
    description: "The highest level of the teacher's personal honors (个人荣誉), for eligibility rules.",
    resolve: (x, _a, ctx) => highestHonorLevel(ctx, x.id, 'PERSONAL'),
  }),
  highestClassHonorLevel: t.field({
    type: HonorLevelEnum,
    nullable: true,
    description: "The highest level of the honors of the teacher's class (班级荣誉, e.g. 先进班集体).",
    resolve: (x, _a, ctx) => highestHonorLevel(ctx, x.id, 'CLASS'),
  }),
  honors: t.field({
    type: [HonorRef],
    description: 'Honors of the teacher and their class, newest first. 荣誉',
    resolve: (x, _a, ctx) => honorsOf(ctx, x.id),
  }),
  researchProjects: t.field({
    type: [ResearchRef],
    description: 'Research projects, newest first. 课题',
    resolve: (x, _a, ctx) => researchProjectsOf(ctx, x.id),
  }),
  publications: t.field({
    type: [PublicationRef],
    description: 'Papers and monographs, newest first. 论文、专著',
    resolve: (x, _a, ctx) => publicationsOf(ctx, x.id),
  }),
}));

builder.mutationFields((t) => ({
  addHonor: t.field({
    type: TeacherRef,
    deprecationReason: replacedBy('teacherHonorAdd'),
    description: 'Records an honor of the teacher or their class. 记录荣誉',
    args: {
      teacherId: t.arg.id({ required: true, description: 'The teacher.' }),
      title: t.arg.string({ required: true, description: 'The honor as awarded. 荣誉名称' }),
      level: t.arg({ type: HonorLevelEnum, required: true, description: 'Who awarded it. 荣誉级别' }),
      ofClass: t.arg.boolean({ defaultValue: false, description: 'True for an honor of the class (班级荣誉).' }),
      year: t.arg.int({ description: 'The year awarded.' }),
    },
    resolve: (_r, a, ctx) => addHonor(ctx, a),
  }),
  addResearchProject: t.field({
    type: TeacherRef,
    deprecationReason: replacedBy('teacherResearchProjectAdd'),
    description: 'Records a research project. 记录课题',
    args: {
      teacherId: t.arg.id({ required: true, description: 'The teacher.' }),
      title: t.arg.string({ required: true, description: 'The project’s title. 课题名称' }),
      level: t.arg({ type: HonorLevelEnum, required: true, description: 'The level that approved it. 立项级别' }),
      hosted: t.arg.boolean({
        required: true,
        description: 'True if the teacher leads it (主持), false if a participant (参与).',
      }),
      year: t.arg.int({ description: 'The year approved.' }),
      concluded: t.arg.boolean({ defaultValue: false, description: 'True once concluded (结题).' }),
    },
    resolve: (_r, a, ctx) => addResearchProject(ctx, a),
  }),
  addPublication: t.field({
    type: TeacherRef,
    deprecationReason: replacedBy('teacherPublicationAdd'),
    description: 'Records a paper or monograph. 记录论文或专著',
    args: {
      teacherId: t.arg.id({ required: true, description: 'The teacher.' }),
      title: t.arg.string({ required: true, description: 'The title. 题目' }),
      venue: t.arg.string({ required: true, description: 'The journal or publisher. 发表刊物/出版社' }),
      year: t.arg.int({ description: 'The year published.' }),
      coreJournal: t.arg.boolean({ defaultValue: false, description: 'In a core journal (核心期刊).' }),
      monograph: t.arg.boolean({ defaultValue: false, description: 'A monograph (专著).' }),
      level: t.arg({ type: HonorLevelEnum, description: "A paper's level: the journal's (刊物级别); not for a monograph." }),
    },
    resolve: (_r, a, ctx) => addPublication(ctx, a),
  }),
}));

payloadMutation(builder, {
  name: 'teacherUpdate',
  field: 'teacher',
  description: "Changes a teacher's record; fields left out stay as they are. 修改教师信息",
  input: UpdateTeacherInput,
  type: TeacherRef,
  resolve: updateTeacher,
  replaces: { name: 'updateTeacher', input: 'The changes, with the version read.' },
});

payloadMutation(builder, {
  name: 'teacherHonorAdd',
  field: 'teacher',
  description: 'Records an honor of the teacher or their class. 记录荣誉',
  input: AddHonorInput,
  type: TeacherRef,
  resolve: addHonor,
});

payloadMutation(builder, {
  name: 'teacherResearchProjectAdd',
  field: 'teacher',
  description: 'Records a research project. 记录课题',
  input: AddResearchProjectInput,
  type: TeacherRef,
  resolve: addResearchProject,
});

payloadMutation(builder, {
  name: 'teacherPublicationAdd',
  field: 'teacher',
  description: 'Records a paper or monograph. 记录论文或专著',
  input: AddPublicationInput,
  type: TeacherRef,
  resolve: addPublication,
});
