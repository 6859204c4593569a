import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOffice, assertRegionInScope, notFound } from '../../../lib/auth/scope.ts';
import type { Viewer } from '../../../lib/auth/viewer.ts';
import type { SubgraphContext } from '../../../lib/graphql/context.ts';
import { userError } from '../../../lib/graphql/errors.ts';
import { ANNUAL_SUBMISSION_ID } from '../../../lib/graphql/shapes.ts';
import { defineLoader, rowsLoader } from '../../../lib/data/loaders.ts';
import { regionLevelOf } from '../../../lib/domain/region-code.ts';
import { openRegion } from '../../../lib/graphql/region-queries.ts';
import { childRegions, isKnownRegion } from '../../../lib/domain/region-tree.ts';
import { Evaluation } from '../evaluation/evaluation.entity.ts';
import { unitKey, type SubmissionUnit } from './lock.ts';
import { AnnualSubmission, type AnnualSubmissionStatus } from './submission.entity.ts';

/** The reads of annual submissions (000 五.2): the unit-years as counted from their evaluations, and their checks. */

export interface Counts {
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
export async function countsOf(em: EntityManager, units: readonly SubmissionUnit[], year: number): Promise<Map<string, Counts>> {
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

/** The county-level regions directly under a city, from the tree every process holds. */
function countiesOf(cityCode: string): string[] {
  return childRegions(cityCode)
    .map((c) => c.code)
    .filter((code) => regionLevelOf(code) === 'COUNTY');
}

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

/** The unit-years of units (`unitKey`) in a year. */
const submissionsOfUnits = defineLoader((keys: readonly string[], em, year: number) =>
  viewsOf(
    em,
    keys.map((key) => {
      const [regionCode, school] = key.split(':');
      return { regionCode: regionCode!, schoolId: school ?? null };
    }),
    year,
  ),
);

/** A county's (or, with `schoolId`, a city-run school's) unit-year; one statement per year for the request. */
export function annualSubmission(ctx: SubgraphContext, code: string, schoolId: string | null, year: number) {
  const unit = requireUnit(code, schoolId, 'code');
  assertMayRead(ctx.viewer, unit);
  return ctx.loaders.get(submissionsOfUnits, year).load(unitKey(unit));
}

/** Each county's and city-run school's unit-years of cities in a year. */
const submissionsOfCities = defineLoader(async (cities: readonly string[], em, year: number) => {
  const [counties, cityRun] = [cities.map(countiesOf), await cityRunSchoolsOf(em, cities)];
  const schoolUnits = cities.flatMap((city) => cityRun.get(city)!.map((schoolId) => ({ regionCode: city, schoolId })));
  const views = await viewsOf(
    em,
    [...counties.flat().map((regionCode) => ({ regionCode, schoolId: null })), ...schoolUnits],
    year,
  );
  return cities.map((city, i) => ({
    all: views.filter((v) => !v.schoolId && counties[i]!.includes(v.regionCode)),
    schools: views.filter((v) => v.schoolId && v.regionCode === city),
  }));
});

/** Each county's and city-run school's unit-year of a city, only those in `statuses` when given. */
export async function annualSubmissions(
  ctx: SubgraphContext,
  cityCode: string,
  year: number,
  statuses: AnnualSubmissionStatus[] | null,
): Promise<Overview> {
  if (regionLevelOf(cityCode) !== 'CITY') {
    throw userError('BAD_USER_INPUT', `年度考核结果由县上报到市：请在市级行政区划上查询各县上报情况（${cityCode} 不是市级）`, {
      regionCode: cityCode,
    });
  }
  assertMayRead(ctx.viewer, cityCode);
  openRegion(ctx, cityCode);
  const { all, schools } = await ctx.loaders.get(submissionsOfCities, year).load(cityCode);
  return { cityCode, year, all, schools, statuses };
}

const annualOfSchools = rowsLoader(Evaluation, 'hostSchoolId', {
  where: ({ year, regionCode }: { year: number; regionCode: string }) => ({ kind: 'ANNUAL' as const, year, regionCode }),
  orderBy: { createdAt: 'asc', id: 'asc' },
});
const annualOfRegions = rowsLoader(Evaluation, 'regionCode', {
  where: (year: number) => ({ kind: 'ANNUAL' as const, year }),
  orderBy: { createdAt: 'asc', id: 'asc' },
});

/** The annual evaluations a unit-year's results are made of, cancelled ones included. */
export const evaluationsOfSubmission = (ctx: SubgraphContext, v: SubmissionView) =>
  v.schoolId
    ? ctx.loaders.get(annualOfSchools, { year: v.year, regionCode: v.regionCode }).load(v.schoolId)
    : ctx.loaders.get(annualOfRegions, v.year).load(v.regionCode);
