import { builder, WorkKindEnum } from '../builder.ts';
import { LocalDate } from '../../../lib/graphql/shapes.ts';

export const RecordWorkInput = builder.inputType('RecordWorkInput', {
  description: 'An activity, plan, summary or output to record. 记录工作',
  fields: (t) => ({
    studioId: t.id({ required: true, description: 'The studio.' }),
    kind: t.field({ type: WorkKindEnum, required: true, description: 'What kind of work. 类别' }),
    title: t.string({ required: true, description: 'Its title. 名称' }),
    doneOn: t.string({ required: true, validate: LocalDate, description: 'YYYY-MM-DD' }),
    halfDays: t.int({ description: 'Activities: how many half days (3 continuing-education hours each).' }),
    level: t.string({ description: 'The level as written, e.g. 市级 (a research project, a training), 镇级 (a showcase).' }),
    attended: t.idList({ description: 'Activities: members present.' }),
    absent: t.idList({ description: 'Activities: members absent.' }),
    by: t.id({
      description:
        "A member's own work (读书心得, 主讲…), counted for per-member obligations, or the host's (参加培训), counted for the host's: that teacher.",
    }),
  }),
});

export const ApplyAbsenceRuleInput = builder.inputType('ApplyAbsenceRuleInput', {
  description: "The studio whose members' absences are judged (002 方案1 三(二)3). 执行缺勤规定",
  fields: (t) => ({
    studioId: t.id({ required: true, description: "The studio's id." }),
    version: t.int({ required: true, description: "The studio's version you read." }),
  }),
});
