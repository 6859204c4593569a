import { FEDERATION_LINK } from '../../lib/graphql/builder.ts';
import type { SubgraphModule } from '../../lib/service/subgraph.ts';
import { builder } from './builder.ts';
import { loadDemo } from './demo.ts';
import { migrations } from './migrations/index.ts';
import { Region } from './region/region.entity.ts';
import './region/region.schema.ts';
import { School } from './school/school.entity.ts';
import './school/school.schema.ts';
import './school/register.schema.ts';
import { Teacher, TeacherHonor, TeacherPublication, TeacherResearch, TeacherTransfer } from './teacher/teacher.entity.ts';
import './teacher/teacher.schema.ts';
import './region/people-summary.schema.ts';
import './teacher/import.schema.ts';
import './teacher/transfer.schema.ts';
import './teacher/profile.schema.ts';
import './node.ts';
import { AuditEntry } from '../../lib/data/audit.ts';

/** Personnel: regions (行政区划), schools and head teachers. */
export const personnel: SubgraphModule = {
  name: 'personnel',
  schema: builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK }),
  entities: [Region, School, Teacher, TeacherHonor, TeacherTransfer, TeacherResearch, TeacherPublication, AuditEntry],
  migrations,
  loadDemo,
};
