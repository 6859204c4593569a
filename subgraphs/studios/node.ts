import { AUDIT_NODE } from '../../lib/data/audit.ts';
import { externalEntity } from '../../lib/graphql/builder.ts';
import { findInScope } from '../../lib/data/loaders.ts';
import { nodeFields, type NodeType } from '../../lib/graphql/node.ts';
import type { SubgraphContext } from '../../lib/graphql/context.ts';
import { builder, NodeRef } from './builder.ts';
import { MembershipApplication } from './membership/application.entity.ts';
import { StudioMember } from './membership/membership.entity.ts';
import { Nomination } from './nomination/nomination.entity.ts';
import { nominationPlace } from './nomination/nomination.queries.ts';
import { findPolicy } from './policy/policy.queries.ts';
import { EligibilityWaiver } from './policy/waiver.entity.ts';
import { findStudio } from './studio/studio.queries.ts';
import { WorkItem } from './work/work.entity.ts';
import { isPolicyId, isUuid } from '../../lib/graphql/shapes.ts';

/** A row about a studio lies where its studio does (outside the scope when the studio is). */
const atStudio = (ctx: SubgraphContext) => (row: { studioId: string }) => findStudio(ctx, row.studioId);

/**
 * Studios answers `node(id:)` and `nodes(ids:)` (lib/graphql/node.ts): studios, policies, memberships, membership
 * applications, nominations, work items, eligibility waivers and its change log's entries here, the rest from their
 * owners (regions, schools, teachers: personnel; evaluations, rectifications, member ratings, annual submissions:
 * evaluations; allocations, expenditures, budgets: funding; the other change logs' entries whole from theirs).
 */
const NODE_TYPES: readonly NodeType[] = [
  { name: 'Studio', accepts: isUuid, find: findStudio },
  { name: 'Policy', accepts: isPolicyId, find: findPolicy },
  {
    name: 'StudioMember',
    accepts: isUuid,
    find: (ctx, id) => findInScope(ctx, StudioMember, id, '工作室成员', atStudio(ctx)),
  },
  {
    name: 'MembershipApplication',
    accepts: isUuid,
    find: (ctx, id) => findInScope(ctx, MembershipApplication, id, '申请', atStudio(ctx)),
  },
  { name: 'Nomination', accepts: isUuid, find: (ctx, id) => findInScope(ctx, Nomination, id, '推荐', nominationPlace) },
  { name: 'WorkItem', accepts: isUuid, find: (ctx, id) => findInScope(ctx, WorkItem, id, '工作记录', atStudio(ctx)) },
  { name: 'EligibilityWaiver', accepts: isUuid, find: (ctx, id) => findInScope(ctx, EligibilityWaiver, id, '豁免') },
  AUDIT_NODE,
];

// the owners' node types not otherwise known here
externalEntity(builder, 'Allocation', NodeRef);
externalEntity(builder, 'Expenditure', NodeRef);
externalEntity(builder, 'Rectification', NodeRef);
externalEntity(builder, 'MemberRating', NodeRef);
externalEntity(builder, 'AnnualSubmission', NodeRef);
externalEntity(builder, 'Budget', NodeRef);

nodeFields(builder, NodeRef, NODE_TYPES, ['personnel', 'evaluations', 'funding']);
