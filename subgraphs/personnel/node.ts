import { AUDIT_NODE } from '../../lib/data/audit.ts';
import { notFound, regionInScope } from '../../lib/auth/scope.ts';
import { nodeTypesField, type NodeType } from '../../lib/graphql/node.ts';
import { isRegionCode } from '../../lib/domain/region-code.ts';
import { builder } from './builder.ts';
import { findRegion } from '../../lib/graphql/region-queries.ts';
import { findSchool } from './school/school.queries.ts';
import { findTeacher } from './teacher/teacher.queries.ts';
import { isUuid } from '../../lib/graphql/shapes.ts';

/** What personnel answers `node(id:)` for (lib/graphql/node.ts): regions of the viewer's subtree, schools, teachers,
 * and the entries of its change log. */
export const NODE_TYPES: readonly NodeType[] = [
  {
    name: 'Region',
    accepts: isRegionCode,
    find: async (ctx, code) => {
      if (!regionInScope(ctx.viewer, code)) throw notFound('地区', code);
      return findRegion(code);
    },
  },
  { name: 'School', accepts: isUuid, find: findSchool },
  { name: 'Teacher', accepts: isUuid, find: findTeacher },
  AUDIT_NODE,
];

nodeTypesField(builder, NODE_TYPES);
