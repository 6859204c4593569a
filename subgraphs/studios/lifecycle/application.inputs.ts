import { builder, StudioCategoryEnum } from '../builder.ts';
import { PolicyId, StudioName, Year } from '../../../lib/graphql/shapes.ts';

export const ApplyForStudioInput = builder.inputType('ApplyForStudioInput', {
  description: 'An application to set up a studio under a policy. 工作室申报',
  fields: (t) => ({
    policyId: t.id({ required: true, validate: PolicyId, description: 'The policy applied under, e.g. "000-pingdingshan".' }),
    hostTeacherId: t.id({ required: true, description: 'The host-to-be. 主持人' }),
    batch: t.string({ required: true, description: 'The batch applied in. 批次' }),
    startYear: t.int({ required: true, validate: Year, description: 'First year of the construction cycle.' }),
    name: t.string({
      validate: StudioName,
      description:
        "The studio's name (工作室名称), at most 40 characters; left out or blank, the host's name and the studio's category (“张三名班主任工作室”, “张三名师工作室”). Under a policy stating studio.namedAfterHost it must carry the host's name.",
    }),
    category: t.field({
      type: StudioCategoryEnum,
      description: 'A 名师工作室 (TEACHER) or, by default, a 名班主任工作室 (HEAD_TEACHER). 工作室类别',
    }),
  }),
});
