import { FEDERATION_LINK } from '../../lib/graphql/builder.ts';
import type { SubgraphModule } from '../../lib/service/subgraph.ts';
import { builder } from './builder.ts';
import { loadDemo } from './demo.ts';
import { StudioMember } from './membership/membership.entity.ts';
import './membership/membership.schema.ts';
import { migrations } from './migrations/index.ts';
import './region/studio-summary.schema.ts';
import './analytics/studio-rollup.schema.ts';
import './membership/team.schema.ts';
import './lifecycle/lifecycle.schema.ts';
import './lifecycle/application.schema.ts';
import './policy/policy.schema.ts';
import './policy/binding.schema.ts';
import './policy/authoring.schema.ts';
import './policy/eligibility.schema.ts';
import './policy/funding.schema.ts';
import './policy/evaluation-plan.schema.ts';
import './policy/impact.schema.ts';
import { MembershipApplication } from './membership/application.entity.ts';
import './membership/application.schema.ts';
import './nomination/nomination.schema.ts';
import './work/work.schema.ts';
import { handlers } from './events.ts';
import { Attendance, WorkItem } from './work/work.entity.ts';
import { Nomination } from './nomination/nomination.entity.ts';
import { Policy, PolicyRule, PolicyVersion } from './policy/policy.entity.ts';
import { EligibilityWaiver } from './policy/waiver.entity.ts';
import './policy/waiver.schema.ts';
import { syncSeededPolicies } from './policy/sync.ts';
import { StudioTransition } from './lifecycle/transition.entity.ts';
import { UnappliedConsequence } from './lifecycle/unapplied.entity.ts';
import './lifecycle/unapplied.schema.ts';
import { AuditEntry } from '../../lib/data/audit.ts';
import { Studio } from './studio/studio.entity.ts';
import './studio/studio.schema.ts';
import './node.ts';

/** Studios: the studios, their teams and their place in the region tree. */
export const studios: SubgraphModule = {
  name: 'studios',
  schema: builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK }),
  entities: [
    Studio,
    StudioMember,
    StudioTransition,
    AuditEntry,
    Policy,
    PolicyVersion,
    PolicyRule,
    EligibilityWaiver,
    Nomination,
    WorkItem,
    Attendance,
    MembershipApplication,
    UnappliedConsequence,
  ],
  migrations,
  afterMigrations: syncSeededPolicies,
  loadDemo,
  calls: ['personnel', 'evaluations'],
  handlers,
};
