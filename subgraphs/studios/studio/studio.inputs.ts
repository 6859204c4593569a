import { builder, StudioLevelEnum, StudioStatusEnum } from '../builder.ts';

export const StudioFilter = builder.inputType('StudioFilter', {
  description: 'Which studios to keep; conditions given all hold. 筛选条件',
  fields: (t) => ({
    updatedSince: t.field({ type: 'DateTime', description: 'Only studios changed at or after this instant.' }),
    level: t.field({ type: StudioLevelEnum, description: 'Only studios of this level. 工作室级别' }),
    status: t.field({ type: StudioStatusEnum, description: 'Only studios in this status. 状态' }),
  }),
});
