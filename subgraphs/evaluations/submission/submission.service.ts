import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOffice, assertRegionInScope, notFound, type Viewer } from '../../../lib/auth.ts';
import { change, type Work } from '../../../lib/change.ts';
import { assertVersion } from '../../../lib/concurrency.ts';
import { userError } from '../../../lib/errors.ts';
import type { SubgraphContext } from '../../../lib/context.ts';
import { regionLevelOf } from '../../../lib/region-code.ts';
import { openRegion } from '../../../lib/region-schema.ts';
import { childRegions, isKnownRegion } from '../../../lib/region-tree.ts';
import { lockUnitYear, unitKey, type SubmissionUnit } from './lock.ts';
import { AnnualSubmission, LOCKED_STATUSES, type AnnualSubmissionStatus } from './submission.entity.ts';
import { ANNUAL_SUBMISSION_ID } from '../../../lib/shapes.ts';

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

interface Counts {
  evaluations: number;
  pending: number;
  pass: number;
  fail: number;
}

/** One unit-year (a county's, or a city-run school's): its stored submission, if any, and its annual evaluations counted. */
export interface SubmissionView extends SubmissionUnit {
  year: number;
  row: AnnualSubmission | null;
  counts: Counts;
}

export interface Overview {
  cityCode: string;
  year: number;
  all: SubmissionView[];
  /** The city's city-run schools that have studios (by school id). */
  schools: SubmissionView[];
  statuses: AnnualSubmissionStatus[] | null;
}

const NO_COUNTS: Counts = { evaluations: 0, pending: 0, pass: 0, fail: 0 };

export const statusOf = (v: SubmissionView): AnnualSubmissionStatus =>
  v.row?.status ?? (v.counts.evaluations > 0 ? 'DRAFT' : 'NOT_STARTED');

export const isSubmitted = (status: AnnualSubmissionStatus) => status === 'SUBMITTED' || status === 'ACCEPTED';

/**
 * The ANNUAL evaluations of each unit that year, counted in one statement (cancelled ones left out): a county's are
 * those registered at its code, a city-run school's those registered at its city's code with it as host school.
 */
async function countsOf(em: EntityManager, units: readonly SubmissionUnit[], year: number): Promise<Map<string, Counts>> {
  const byKey = new Map<string, Counts>(units.map((unit) => [unitKey(unit), { ...NO_COUNTS }]));
  if (!units.length) return byKey;
  const counties = units.filter((u) => !u.schoolId).map((u) => u.regionCode);
  const schools = units.filter((u) => u.schoolId);
  const conditions = [
    ...(counties.length ? [`region_code in (${counties.map(() => '?').join(', ')})`] : []),
    ...(schools.length ? [`(region_code, host_school_id) in (${schools.map(() => '(?, ?::uuid)').join(', ')})`] : []),
  ];
  const rows = await em.getConnection().execute<Record<keyof Counts | 'region_code' | 'school_id', string>[]>(
    `select region_code,
            case when region_code like '%00' then host_school_id end as school_id,
            count(*) filter (where status <> 'CANCELLED') as evaluations,
            count(*) filter (where status = 'PENDING') as pending,
            count(*) filter (where result = 'PASS') as pass,
            count(*) filter (where result = 'FAIL') as fail
       from evaluation
      where kind = 'ANNUAL' and year = ? and (${conditions.join(' or ')})
      group by 1, 2`,
    [year, ...counties, ...schools.flatMap((u) => [u.regionCode, u.schoolId])],
    'all',
    em.getTransactionContext(),
  );
  for (const row of rows) {
    byKey.set(unitKey({ regionCode: row.region_code, schoolId: row.school_id ?? null }), {
      evaluations: Number(row.evaluations),
      pending: Number(row.pending),
      pass: Number(row.pass),
      fail: Number(row.fail),
    });
  }
  return byKey;
}

export async function viewsOf(em: EntityManager, units: readonly SubmissionUnit[], year: number): Promise<SubmissionView[]> {
  const codes = [...new Set(units.map((u) => u.regionCode))];
  const [rows, counts] = await Promise.all([
    codes.length ? em.find(AnnualSubmission, { regionCode: { $in: codes }, year }) : [],
    countsOf(em, units, year),
  ]);
  return units.map((unit) => ({
    ...unit,
    year,
    row: rows.find((r) => unitKey({ regionCode: r.regionCode, schoolId: r.schoolId ?? null }) === unitKey(unit)) ?? null,
    counts: counts.get(unitKey(unit))!,
  }));
}

/**
 * A unit-year's id, for `node(id:)` and clients' caches: `annual-<year>-<county code>`, or for a city-run school
 * `annual-<year>-<city code>-<school id>`. Made of the unit and the year, it stays the same from before anything is
 * stored (NOT_STARTED, DRAFT keep no row) through every submission.
 */
export const submissionId = (v: SubmissionUnit & { year: number }) =>
  ['annual', v.year, v.regionCode, ...(v.schoolId ? [v.schoolId] : [])].join('-');
export const isSubmissionId = (id: string) => ANNUAL_SUBMISSION_ID.test(id);

/** The unit-year by its id, read as `Region.annualSubmission` reads it; NOT_FOUND for no such unit or outside the scope. */
export async function findSubmission(ctx: SubgraphContext, id: string): Promise<SubmissionView> {
  const [, year, regionCode, schoolId] = ANNUAL_SUBMISSION_ID.exec(id) ?? [];
  const unit = { regionCode: regionCode!, schoolId: schoolId ?? null };
  const isUnit =
    year !== undefined &&
    Number(year) >= 2000 &&
    Number(year) <= 2100 &&
    isKnownRegion(unit.regionCode) &&
    regionLevelOf(unit.regionCode) === (unit.schoolId ? 'CITY' : 'COUNTY');
  const missing = () => notFound('年度考核结果上报', id);
  if (!isUnit) throw missing();
  try {
    assertMayRead(ctx.viewer, unit);
  } catch {
    // outside the scope (its only refusal) reads as missing, as for every object found by id
    throw missing();
  }
  if (unit.schoolId && !(await cityRunSchoolsOf(ctx.em, [unit.regionCode])).get(unit.regionCode)!.includes(unit.schoolId))
    throw missing();
  return (await viewsOf(ctx.em, [unit], Number(year)))[0]!;
}

/**
 * The city-run schools (局属学校) of each city: the host schools of the evaluations registered at the city's code,
 * any kind and year (evaluations know each one's region and host school), and any school with a submission there.
 */
export async function cityRunSchoolsOf(em: EntityManager, cities: readonly string[]): Promise<Map<string, string[]>> {
  const byCity = new Map<string, string[]>(cities.map((city) => [city, []]));
  if (!cities.length) return byCity;
  const marks = cities.map(() => '?').join(', ');
  const rows = await em.getConnection().execute<{ region_code: string; school_id: string }[]>(
    `select region_code, host_school_id as school_id from evaluation
      where region_code in (${marks}) and host_school_id is not null
     union
     select region_code, school_id from annual_submission where region_code in (${marks}) and school_id is not null
     order by 1, 2`,
    [...cities, ...cities],
    'all',
    em.getTransactionContext(),
  );
  for (const row of rows) byCity.get(row.region_code)!.push(row.school_id);
  return byCity;
}

/** The county-level regions directly under a city in the viewer's scope, from the tree every process holds. */
export function countiesOf(ctx: SubgraphContext, cityCode: string): string[] {
  return childRegions(openRegion(ctx, cityCode).code)
    .map((c) => c.code)
    .filter((code) => regionLevelOf(code) === 'COUNTY');
}

// ---- checks ---------------------------------------------------------------------------------------------------

/** The unit asked for: a county's code alone, or a city's code with one of its city-run schools. */
export function requireUnit(code: string, schoolId: string | null | undefined, argumentName = 'countyCode'): SubmissionUnit {
  if (schoolId) {
    if (regionLevelOf(code) !== 'CITY') {
      throw userError('BAD_USER_INPUT', `局属学校的年度考核结果在其所属市级行政区划下上报：${code} 不是市级行政区划代码`, {
        argumentName,
      });
    }
    return { regionCode: code, schoolId };
  }
  if (regionLevelOf(code) !== 'COUNTY') {
    throw userError(
      'BAD_USER_INPUT',
      `年度考核结果按县（市、区）或局属学校上报：${code} 不是县级行政区划代码；局属学校请同时给出 schoolId`,
      { argumentName },
    );
  }
  return { regionCode: code, schoolId: null };
}

/**
 * Offices read submissions of their subtree; a school does not see its county's reporting. A city-run school reads
 * its own (it reports it), never another school's.
 */
export function assertMayRead(viewer: Viewer, unit: SubmissionUnit | string): void {
  const { regionCode, schoolId } = typeof unit === 'string' ? { regionCode: unit, schoolId: null } : unit;
  assertRegionInScope(viewer, regionCode);
  if (!schoolId || viewer.schoolId !== schoolId) assertOffice(viewer, '年度考核结果的上报情况');
}

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
  args: { countyCode: string | number; schoolId?: string | number | null; year: number; version: number },
  what: string,
  apply: (row: AnnualSubmission) => { summary: string; after: Record<string, unknown> },
  check: () => void = () => {},
): Promise<SubmissionView> {
  const unit = requireUnit(String(args.countyCode), args.schoolId == null ? null : String(args.schoolId));
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
export async function submitAnnualResults(
  ctx: SubgraphContext,
  args: { countyCode: string | number; schoolId?: string | number | null; year: number; version?: number | null },
) {
  const unit = requireUnit(String(args.countyCode), args.schoolId == null ? null : String(args.schoolId));
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
export async function acceptAnnualResults(
  ctx: SubgraphContext,
  args: { countyCode: string | number; schoolId?: string | number | null; year: number; version: number },
) {
  return decide(ctx, args, '接收', (row) => {
    row.status = 'ACCEPTED';
    return { summary: `接收${summary(unitOfRow(row), row.year)}`, after: { status: 'ACCEPTED' } };
  });
}

/** The city (or the province above) returns submitted annual results with a reason; they open again (000 五.2). */
export async function returnAnnualResults(
  ctx: SubgraphContext,
  args: { countyCode: string | number; schoolId?: string | number | null; year: number; version: number; reason: string },
) {
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
