import { randomUUID } from 'node:crypto';
import { assertRegionInScope } from '../../../lib/auth/scope.ts';
import type { Viewer } from '../../../lib/auth/viewer.ts';
import { change, type Work } from '../../../lib/data/change.ts';
import { assertVersion } from '../../../lib/data/concurrency.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { lockUnitYear, unitKey, type SubmissionUnit } from './lock.ts';
import { AnnualSubmission, LOCKED_STATUSES, type AnnualSubmissionStatus } from './submission.entity.ts';
import type { AcceptAnnualResultsInput, ReturnAnnualResultsInput, SubmitAnnualResultsInput } from './submission.inputs.ts';
import { countsOf, requireUnit, statusOf, type Counts, type SubmissionView } from './submission.queries.ts';

/**
 * 000 五.2: 各县(市、区）教体局……进行年度考核，并将考核结果上报市教育体育局. A county submits the results of its
 * studios' annual assessments for a year to its city; the city accepts them (final, locked) or returns them with a
 * reason, and the county submits again. The results are the ANNUAL evaluations of the county's studios that year.
 *
 * 局属学校 report the same way: a city-run school's studios are registered at the city's code with their host school,
 * so no county holds them; the school is its own unit (its school id, under the city's code), submits its own
 * studios' results, and the city (or the province above) accepts or returns them. The city finds its city-run
 * schools in the evaluations themselves: every host school of an evaluation registered at the city's code (and any
 * school that has a submission there).
 */
const SEED = '000 五.2';

const DECIDING_ROLES = ['evaluator', 'admin'] as const;

function assertDecidingRole(viewer: Viewer, what: string): void {
  if (!viewer.roles.some((r) => (DECIDING_ROLES as readonly string[]).includes(r))) {
    throw userError('FORBIDDEN', `无权${what}：需要 evaluator 或 admin 角色`, { requiredRoles: DECIDING_ROLES });
  }
}

/**
 * The county's own office submits (000 五.2: 各县教体局……上报市教育体育局); a city-run school submits its own
 * (局属学校……上报市教育体育局): the school itself, not the city, a county or another school.
 */
function assertMaySubmit(viewer: Viewer, unit: SubmissionUnit): void {
  const county = unit.regionCode;
  assertRegionInScope(viewer, county);
  if (unit.schoolId) {
    if (viewer.level !== 'SCHOOL' || viewer.schoolId !== unit.schoolId) {
      throw userError('FORBIDDEN', `局属学校的年度考核结果须由该校自行上报（${SEED}），其他学校或教育行政部门不能代为上报`, {
        requiredLevel: 'SCHOOL',
        regionCode: county,
        schoolId: unit.schoolId,
      });
    }
    assertDecidingRole(viewer, '上报年度考核结果');
    return;
  }
  assertDecidingRole(viewer, '上报年度考核结果');
  if (viewer.level !== 'COUNTY' || viewer.regionCode !== county) {
    throw userError('FORBIDDEN', `年度考核结果须由该县（${county}）教育行政部门自行上报（${SEED}），其他层级不能代为上报`, {
      requiredLevel: 'COUNTY',
      regionCode: county,
    });
  }
}

/** The city the county (or city-run school) belongs to decides, or the province above it; never the unit itself. */
function assertMayDecide(viewer: Viewer, unit: SubmissionUnit, what: string): void {
  assertRegionInScope(viewer, unit.regionCode);
  assertDecidingRole(viewer, what);
  if (viewer.level !== 'CITY' && viewer.level !== 'PROVINCE') {
    const who = unit.schoolId ? '局属学校' : `县（${unit.regionCode}）`;
    throw userError('FORBIDDEN', `无权${what}：${who}上报的年度考核结果须由其所属市级教育行政部门审核（${SEED}）`, {
      requiredLevel: 'CITY',
      regionCode: unit.regionCode,
    });
  }
}

// ---- changes --------------------------------------------------------------------------------------------------

const gradesLine = (c: Counts) => `共 ${c.evaluations} 项：合格 ${c.pass}、不合格 ${c.fail}`;

const STATUS_NAMES: Record<AnnualSubmissionStatus, string> = {
  NOT_STARTED: '未开始',
  DRAFT: '填报中',
  SUBMITTED: '已上报、待市级审核',
  ACCEPTED: '已被市级接收',
  RETURNED: '已被市级退回',
};

/** Runs a change to one unit-year in one transaction, serialized with changes to its results. */
function changeSubmission(
  ctx: SubgraphContext,
  unit: SubmissionUnit,
  year: number,
  run: (w: Work, row: AnnualSubmission | null, counts: Counts) => Promise<AnnualSubmission>,
): Promise<SubmissionView> {
  return change(
    ctx.em,
    ctx.viewer,
    async (w) => {
      await lockUnitYear(w.tx, unit, year, 'exclusive');
      const row = await w.tx.findOne(
        AnnualSubmission,
        { regionCode: unit.regionCode, schoolId: unit.schoolId, year },
        { refresh: true },
      );
      const counts = (await countsOf(w.tx, [unit], year)).get(unitKey(unit))!;
      const saved = await run(w, row, counts);
      await w.tx.flush();
      return { ...unit, year, row: saved, counts };
    },
    '年度考核上报',
  );
}

const summary = (unit: SubmissionUnit, year: number) =>
  `${unit.schoolId ? `局属学校（${unit.regionCode} 下 ${unit.schoolId}）` : unit.regionCode} ${year} 年年度考核结果`;

const unitOfRow = (row: AnnualSubmission): SubmissionUnit => ({
  regionCode: row.regionCode,
  schoolId: row.schoolId ?? null,
});

/** Accepting or returning: only a SUBMITTED unit-year, by its city or the province above. */
function decide(
  ctx: SubgraphContext,
  args: typeof AcceptAnnualResultsInput.$inferInput,
  what: string,
  apply: (row: AnnualSubmission) => { summary: string; after: Record<string, unknown> },
  check: () => void = () => {},
): Promise<SubmissionView> {
  const unit = requireUnit(args.countyCode, args.schoolId);
  const county = unit.regionCode;
  const { year } = args;
  assertMayDecide(ctx.viewer, unit, what);
  check();
  return changeSubmission(ctx, unit, year, async ({ audit }, row, counts) => {
    assertVersion('年度考核上报', args.version, row?.version ?? 0);
    const status = statusOf({ ...unit, year, row, counts });
    if (!row || status !== 'SUBMITTED') {
      throw userError('CONFLICT', `${summary(unit, year)}${STATUS_NAMES[status]}，只能${what}已上报、待审核的结果`, {
        submissionStatus: status,
      });
    }
    const outcome = apply(row);
    row.decidedBy = ctx.viewer.subject;
    row.decidedAt = new Date();
    audit({
      action: what === '接收' ? 'acceptAnnualResults' : 'returnAnnualResults',
      entity: 'AnnualSubmission',
      entityId: row.id,
      regionCode: county,
      summary: `${outcome.summary}（${gradesLine(counts)}）`,
      before: { status: 'SUBMITTED' },
      after: outcome.after,
    });
    return row;
  });
}

/**
 * A county (or a city-run school) submits its studios' annual assessment results for a year to the city (000 五.2):
 * only when none is pending, not while submitted or once accepted; a returned submission can be submitted again.
 */
export async function submitAnnualResults(ctx: SubgraphContext, args: typeof SubmitAnnualResultsInput.$inferInput) {
  const unit = requireUnit(args.countyCode, args.schoolId);
  const county = unit.regionCode;
  const { year } = args;
  assertMaySubmit(ctx.viewer, unit);
  return changeSubmission(ctx, unit, year, async ({ tx, audit }, row, counts) => {
    if (args.version != null) assertVersion('年度考核上报', args.version, row?.version ?? 0);
    if (row && LOCKED_STATUSES.includes(row.status)) {
      throw userError('CONFLICT', `${summary(unit, year)}${STATUS_NAMES[row.status]}，不能重复上报`, {
        submissionStatus: row.status,
      });
    }
    if (counts.pending > 0) {
      throw userError(
        'POLICY_VIOLATION',
        `${summary(unit, year)}尚有 ${counts.pending} 项年度考核未录入结果，全部录入后才能上报（${SEED}）`,
        { rule: 'annualSubmission.noPending', seed: SEED, pendingCount: counts.pending },
      );
    }
    const before = statusOf({ ...unit, year, row, counts });
    const now = new Date();
    const fields = {
      status: 'SUBMITTED' as const,
      returnReason: null,
      submittedBy: ctx.viewer.subject,
      submittedAt: now,
      decidedBy: null,
      decidedAt: null,
    };
    const saved = row
      ? Object.assign(row, fields)
      : tx.create(AnnualSubmission, { id: randomUUID(), ...unit, year, version: 1, ...fields });
    audit({
      action: 'submitAnnualResults',
      entity: 'AnnualSubmission',
      entityId: saved.id,
      regionCode: county,
      summary: `上报${summary(unit, year)}（${gradesLine(counts)}）`,
      before: { status: before, ...(row?.returnReason ? { returnReason: row.returnReason } : {}) },
      after: { status: 'SUBMITTED', ...counts },
    });
    return saved;
  });
}

/** The city (or the province above) accepts submitted annual results: final, and locked for good (000 五.2). */
export async function acceptAnnualResults(ctx: SubgraphContext, args: typeof AcceptAnnualResultsInput.$inferInput) {
  return decide(ctx, args, '接收', (row) => {
    row.status = 'ACCEPTED';
    return { summary: `接收${summary(unitOfRow(row), row.year)}`, after: { status: 'ACCEPTED' } };
  });
}

/** The city (or the province above) returns submitted annual results with a reason; they open again (000 五.2). */
export async function returnAnnualResults(ctx: SubgraphContext, args: typeof ReturnAnnualResultsInput.$inferInput) {
  const reason = args.reason.trim();
  return decide(
    ctx,
    args,
    '退回',
    (row) => {
      row.status = 'RETURNED';
      row.returnReason = reason;
      return {
        summary: `退回${summary(unitOfRow(row), row.year)}：${reason}`,
        after: { status: 'RETURNED', returnReason: reason },
      };
    },
    () => {
      if (!reason) throw userError('BAD_USER_INPUT', '退回须写明原因', { argumentName: 'reason' });
      if (reason.length > 500) throw userError('BAD_USER_INPUT', '退回原因不超过 500 字', { argumentName: 'reason' });
    },
  );
}
