import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { assertOffice, assertRegionInScope, type Viewer } from '../../../lib/auth.ts';
import { audit } from '../../../lib/audit.ts';
import { assertVersion, guardConflicts } from '../../../lib/concurrency.ts';
import { enumValues, requireRegionCode, requireYear, userError, type SubgraphContext } from '../../../lib/graphql.ts';
import { rowsLoader } from '../../../lib/loaders.ts';
import { regionLevelOf } from '../../../lib/region-code.ts';
import { builder, RegionRef } from '../builder.ts';
import { Evaluation } from '../evaluation/evaluation.entity.ts';
import { EvaluationRef } from '../evaluation/evaluation.schema.ts';
import { lockCountyYear } from './lock.ts';
import { AnnualSubmission, LOCKED_STATUSES, type AnnualSubmissionStatus } from './submission.entity.ts';

/**
 * 000 五.2: 各县(市、区）教体局……进行年度考核，并将考核结果上报市教育体育局. A county submits the results of its
 * studios' annual assessments for a year to its city; the city accepts them (final, locked) or returns them with a
 * reason, and the county submits again. The results are the ANNUAL evaluations of the county's studios that year.
 */
const SEED = '000 五.2';
const DECIDING_ROLES = ['evaluator', 'admin'] as const;

interface Counts {
  evaluations: number;
  pending: number;
  pass: number;
  fail: number;
}
/** One county-year: its stored submission, if any, and its annual evaluations counted. */
interface SubmissionView {
  regionCode: string;
  year: number;
  row: AnnualSubmission | null;
  counts: Counts;
}
interface Overview {
  cityCode: string;
  year: number;
  all: SubmissionView[];
  statuses: AnnualSubmissionStatus[] | null;
}

const NO_COUNTS: Counts = { evaluations: 0, pending: 0, pass: 0, fail: 0 };

const statusOf = (v: SubmissionView): AnnualSubmissionStatus =>
  v.row?.status ?? (v.counts.evaluations > 0 ? 'DRAFT' : 'NOT_STARTED');
const isSubmitted = (status: AnnualSubmissionStatus) => status === 'SUBMITTED' || status === 'ACCEPTED';

/** The ANNUAL evaluations of each county that year, counted in one statement (cancelled ones left out). */
async function countsOf(em: EntityManager, codes: readonly string[], year: number): Promise<Map<string, Counts>> {
  const byCode = new Map<string, Counts>(codes.map((code) => [code, { ...NO_COUNTS }]));
  if (!codes.length) return byCode;
  const rows = await em.getConnection().execute<Record<keyof Counts | 'region_code', string>[]>(
    `select region_code,
            count(*) filter (where status <> 'CANCELLED') as evaluations,
            count(*) filter (where status = 'PENDING') as pending,
            count(*) filter (where result = 'PASS') as pass,
            count(*) filter (where result = 'FAIL') as fail
       from evaluation
      where kind = 'ANNUAL' and year = ? and region_code in (${codes.map(() => '?').join(', ')})
      group by region_code`,
    [year, ...codes],
    'all',
    em.getTransactionContext(),
  );
  for (const row of rows) {
    byCode.set(row.region_code, {
      evaluations: Number(row.evaluations),
      pending: Number(row.pending),
      pass: Number(row.pass),
      fail: Number(row.fail),
    });
  }
  return byCode;
}

async function viewsOf(em: EntityManager, codes: readonly string[], year: number): Promise<SubmissionView[]> {
  const [rows, counts] = await Promise.all([
    codes.length ? em.find(AnnualSubmission, { regionCode: { $in: [...codes] }, year }) : [],
    countsOf(em, codes, year),
  ]);
  return codes.map((regionCode) => ({
    regionCode,
    year,
    row: rows.find((r) => r.regionCode === regionCode) ?? null,
    counts: counts.get(regionCode)!,
  }));
}

/** The county-level regions directly under each city, from personnel (the region tree is its data), as this user. */
async function countiesOf(ctx: SubgraphContext, cityCode: string): Promise<string[]> {
  const { region } = await ctx.peers.query<{ region: { children: { code: string }[] } | null }>(
    'personnel',
    ctx.viewer,
    'query ($code: ID!) { region(code: $code) { children { code } } }',
    { code: cityCode },
  );
  if (!region) throw userError('NOT_FOUND', `未找到行政区划 ${cityCode}`, { regionCode: cityCode });
  return region.children.map((c) => c.code).filter((code) => regionLevelOf(code) === 'COUNTY');
}

// ---- checks ---------------------------------------------------------------------------------------------------

function requireCounty(code: string, argumentName = 'countyCode'): string {
  requireRegionCode(code, argumentName);
  if (regionLevelOf(code) !== 'COUNTY') {
    throw userError('BAD_USER_INPUT', `年度考核结果按县（市、区）上报：${code} 不是县级行政区划代码`, { argumentName });
  }
  return code;
}

/** Offices read submissions of their subtree; a school does not see its county's reporting. */
function assertMayRead(viewer: Viewer, code: string): void {
  assertRegionInScope(viewer, code);
  assertOffice(viewer, '年度考核结果的上报情况');
}

function assertDecidingRole(viewer: Viewer, what: string): void {
  if (!viewer.roles.some((r) => (DECIDING_ROLES as readonly string[]).includes(r))) {
    throw userError('FORBIDDEN', `无权${what}：需要 evaluator 或 admin 角色`, { requiredRoles: DECIDING_ROLES });
  }
}

/** The county's own office submits (000 五.2: 各县教体局……上报市教育体育局). */
function assertMaySubmit(viewer: Viewer, county: string): void {
  assertRegionInScope(viewer, county);
  assertDecidingRole(viewer, '上报年度考核结果');
  if (viewer.level !== 'COUNTY' || viewer.regionCode !== county) {
    throw userError('FORBIDDEN', `年度考核结果须由该县（${county}）教育行政部门自行上报（${SEED}），其他层级不能代为上报`, {
      requiredLevel: 'COUNTY',
      regionCode: county,
    });
  }
}

/** The city the county belongs to decides, or the province above it; never the county itself. */
function assertMayDecide(viewer: Viewer, county: string, what: string): void {
  assertRegionInScope(viewer, county);
  assertDecidingRole(viewer, what);
  if (viewer.level !== 'CITY' && viewer.level !== 'PROVINCE') {
    throw userError('FORBIDDEN', `无权${what}：县（${county}）上报的年度考核结果须由其所属市级教育行政部门审核（${SEED}）`, {
      requiredLevel: 'CITY',
      regionCode: county,
    });
  }
}

// ---- types ----------------------------------------------------------------------------------------------------

export const AnnualSubmissionStatusEnum = builder.enumType('AnnualSubmissionStatus', {
  description: '年度考核结果上报状态',
  values: enumValues<AnnualSubmissionStatus>({
    NOT_STARTED: '未开始：该年尚无年度考核',
    DRAFT: '填报中：已有年度考核，尚未上报',
    SUBMITTED: '已上报，待市级审核（结果锁定）',
    ACCEPTED: '市级已接收（结果锁定）',
    RETURNED: '市级已退回，须修改后重新上报',
  }),
});

const AnnualSubmissionRef = builder.objectRef<SubmissionView>('AnnualSubmission').implement({
  description:
    "A county's annual assessment results for a year as reported to its city (000 五.2): the ANNUAL evaluations of the county's studios that year, and where they stand. 年度考核结果上报",
  fields: (t) => ({
    region: t.field({ type: RegionRef, description: 'The county.', resolve: (v) => ({ code: v.regionCode }) }),
    year: t.exposeInt('year'),
    status: t.field({ type: AnnualSubmissionStatusEnum, resolve: statusOf }),
    locked: t.boolean({
      description: 'Whether the results are locked: submitted (until returned) or accepted.',
      resolve: (v) => LOCKED_STATUSES.includes(statusOf(v)),
    }),
    evaluationCount: t.int({
      description: 'Annual evaluations of the county that year (cancelled ones not counted).',
      resolve: (v) => v.counts.evaluations,
    }),
    pendingCount: t.int({
      description: 'Of them still without a result: the county cannot submit while any is.',
      resolve: (v) => v.counts.pending,
    }),
    passCount: t.int({ description: '合格', resolve: (v) => v.counts.pass }),
    failCount: t.int({ description: '不合格', resolve: (v) => v.counts.fail }),
    submittedBy: t.string({
      nullable: true,
      description: 'Who submitted last (token subject).',
      resolve: (v) => v.row?.submittedBy ?? null,
    }),
    submittedAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.row?.submittedAt ?? null }),
    decidedBy: t.string({
      nullable: true,
      description: 'Who accepted or returned them.',
      resolve: (v) => v.row?.decidedBy ?? null,
    }),
    decidedAt: t.field({ type: 'DateTime', nullable: true, resolve: (v) => v.row?.decidedAt ?? null }),
    returnReason: t.string({
      nullable: true,
      description: "The city's reason, while RETURNED. 退回原因",
      resolve: (v) => v.row?.returnReason ?? null,
    }),
    version: t.int({
      description: 'Send it back with a change; 0 while nothing has been submitted.',
      resolve: (v) => v.row?.version ?? 0,
    }),
    evaluations: t.field({
      type: [EvaluationRef],
      description: 'The annual evaluations these results are made of, cancelled ones included.',
      resolve: (v, _args, ctx) =>
        rowsLoader(ctx, Evaluation, 'regionCode', {
          where: { kind: 'ANNUAL', year: v.year },
          orderBy: { createdAt: 'asc', id: 'asc' },
        }).load(v.regionCode),
    }),
  }),
});

const StatusCountRef = builder
  .objectRef<{ status: AnnualSubmissionStatus; count: number }>('AnnualSubmissionStatusCount')
  .implement({
    fields: (t) => ({
      status: t.field({ type: AnnualSubmissionStatusEnum, resolve: (s) => s.status }),
      count: t.exposeInt('count'),
    }),
  });

const STATUS_ORDER: AnnualSubmissionStatus[] = ['NOT_STARTED', 'DRAFT', 'RETURNED', 'SUBMITTED', 'ACCEPTED'];

const OverviewRef = builder.objectRef<Overview>('AnnualSubmissionOverview').implement({
  description:
    'Where each county of a city stands with its annual results for a year: who has not submitted yet. 年度考核上报情况',
  fields: (t) => ({
    region: t.field({ type: RegionRef, description: 'The city.', resolve: (o) => ({ code: o.cityCode }) }),
    year: t.exposeInt('year'),
    countyCount: t.int({ description: "The city's county-level regions.", resolve: (o) => o.all.length }),
    submittedCount: t.int({
      description: 'Counties that have submitted (SUBMITTED or ACCEPTED).',
      resolve: (o) => o.all.filter((v) => isSubmitted(statusOf(v))).length,
    }),
    notSubmittedCount: t.int({
      description: 'Counties that have not (NOT_STARTED, DRAFT or RETURNED). 未上报',
      resolve: (o) => o.all.filter((v) => !isSubmitted(statusOf(v))).length,
    }),
    byStatus: t.field({
      type: [StatusCountRef],
      description: 'Counties by status, every status listed.',
      resolve: (o) => STATUS_ORDER.map((status) => ({ status, count: o.all.filter((v) => statusOf(v) === status).length })),
    }),
    counties: t.field({
      type: [AnnualSubmissionRef],
      description: 'Each county, by code; only those in `status` when it is given.',
      resolve: (o) => (o.statuses ? o.all.filter((v) => o.statuses!.includes(statusOf(v))) : o.all),
    }),
  }),
});

builder.objectFields(RegionRef, (t) => ({
  annualSubmission: t.field({
    type: AnnualSubmissionRef,
    description:
      "A county's annual assessment results for a year and where they stand with the city (000 五.2). 年度考核结果上报",
    args: { year: t.arg.int({ required: true }) },
    resolve: (region, { year }, ctx) => {
      requireCounty(region.code, 'code');
      requireYear(year);
      assertMayRead(ctx.viewer, region.code);
      return ctx.loaders
        .get<string, SubmissionView>(`annualSubmission:${year}`, (codes, em) => viewsOf(em, codes, year))
        .load(region.code);
    },
  }),
  annualSubmissions: t.field({
    type: OverviewRef,
    description:
      "For a city: each of its counties' annual assessment results for a year and where they stand, so the city sees who has not submitted (000 五.2). 各县年度考核上报情况",
    args: {
      year: t.arg.int({ required: true }),
      status: t.arg({ type: [AnnualSubmissionStatusEnum], required: false, description: 'Only counties in these statuses.' }),
    },
    resolve: async (region, { year, status }, ctx) => {
      if (regionLevelOf(region.code) !== 'CITY') {
        throw userError(
          'BAD_USER_INPUT',
          `年度考核结果由县上报到市：请在市级行政区划上查询各县上报情况（${region.code} 不是市级）`,
          {
            regionCode: region.code,
          },
        );
      }
      requireYear(year);
      assertMayRead(ctx.viewer, region.code);
      const all = await ctx.loaders
        .get<string, SubmissionView[]>(`annualSubmissions:${year}`, async (cities, em) => {
          const counties = await Promise.all(cities.map((city) => countiesOf(ctx, city)));
          const views = await viewsOf(em, counties.flat(), year);
          return counties.map((codes) => views.filter((v) => codes.includes(v.regionCode)));
        })
        .load(region.code);
      return { cityCode: region.code, year, all, statuses: status ?? null };
    },
  }),
}));

// ---- changes --------------------------------------------------------------------------------------------------

const gradesLine = (c: Counts) => `共 ${c.evaluations} 项：合格 ${c.pass}、不合格 ${c.fail}`;
const STATUS_NAMES: Record<AnnualSubmissionStatus, string> = {
  NOT_STARTED: '未开始',
  DRAFT: '填报中',
  SUBMITTED: '已上报、待市级审核',
  ACCEPTED: '已被市级接收',
  RETURNED: '已被市级退回',
};

/** Runs a change to one county-year in one transaction, serialized with changes to its results. */
function change(
  ctx: SubgraphContext,
  county: string,
  year: number,
  run: (tx: EntityManager, row: AnnualSubmission | null, counts: Counts) => Promise<AnnualSubmission>,
): Promise<SubmissionView> {
  return guardConflicts('年度考核上报', () =>
    ctx.em.transactional(async (tx) => {
      await lockCountyYear(tx, county, year, 'exclusive');
      const row = await tx.findOne(AnnualSubmission, { regionCode: county, year }, { refresh: true });
      const counts = (await countsOf(tx, [county], year)).get(county)!;
      const saved = await run(tx, row, counts);
      await tx.flush();
      return { regionCode: county, year, row: saved, counts };
    }),
  );
}

const summary = (county: string, year: number) => `${county} ${year} 年年度考核结果`;

builder.mutationField('submitAnnualResults', (t) =>
  t.field({
    type: AnnualSubmissionRef,
    description:
      "The county office submits its studios' annual assessment results for a year to the city (000 五.2): only when none is pending, not while submitted or once accepted; a returned submission can be submitted again. Locks the results. 上报年度考核结果",
    args: {
      countyCode: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      version: t.arg.int({ required: false, description: 'The version you read (0 before the first submission).' }),
    },
    resolve: (_root, args, ctx) => {
      const county = requireCounty(String(args.countyCode));
      const year = requireYear(args.year);
      assertMaySubmit(ctx.viewer, county);
      return change(ctx, county, year, async (tx, row, counts) => {
        if (args.version != null) assertVersion('年度考核上报', args.version, row?.version ?? 0);
        if (row && LOCKED_STATUSES.includes(row.status)) {
          throw userError('CONFLICT', `${summary(county, year)}${STATUS_NAMES[row.status]}，不能重复上报`, {
            submissionStatus: row.status,
          });
        }
        if (counts.pending > 0) {
          throw userError(
            'POLICY_VIOLATION',
            `${summary(county, year)}尚有 ${counts.pending} 项年度考核未录入结果，全部录入后才能上报（${SEED}）`,
            { rule: 'annualSubmission.noPending', seed: SEED, pendingCount: counts.pending },
          );
        }
        const before = statusOf({ regionCode: county, year, row, counts });
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
          : tx.create(AnnualSubmission, { id: randomUUID(), regionCode: county, year, version: 1, ...fields });
        audit(tx, ctx.viewer, {
          action: 'submitAnnualResults',
          entity: 'AnnualSubmission',
          entityId: saved.id,
          regionCode: county,
          summary: `上报${summary(county, year)}（${gradesLine(counts)}）`,
          before: { status: before, ...(row?.returnReason ? { returnReason: row.returnReason } : {}) },
          after: { status: 'SUBMITTED', ...counts },
        });
        return saved;
      });
    },
  }),
);

/** Accepting or returning: only a SUBMITTED county-year, by its city or the province above. */
function decide(
  ctx: SubgraphContext,
  args: { countyCode: string | number; year: number; version: number },
  what: string,
  apply: (row: AnnualSubmission) => { summary: string; after: Record<string, unknown> },
  check: () => void = () => {},
): Promise<SubmissionView> {
  const county = requireCounty(String(args.countyCode));
  const year = requireYear(args.year);
  assertMayDecide(ctx.viewer, county, what);
  check();
  return change(ctx, county, year, async (tx, row, counts) => {
    assertVersion('年度考核上报', args.version, row?.version ?? 0);
    const status = statusOf({ regionCode: county, year, row, counts });
    if (!row || status !== 'SUBMITTED') {
      throw userError('CONFLICT', `${summary(county, year)}${STATUS_NAMES[status]}，只能${what}已上报、待审核的结果`, {
        submissionStatus: status,
      });
    }
    const outcome = apply(row);
    row.decidedBy = ctx.viewer.subject;
    row.decidedAt = new Date();
    audit(tx, ctx.viewer, {
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

builder.mutationField('acceptAnnualResults', (t) =>
  t.field({
    type: AnnualSubmissionRef,
    description:
      "The city (or the province above it) accepts a county's submitted annual results (000 五.2); accepted results are locked for good. 接收年度考核结果",
    args: {
      countyCode: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      version: t.arg.int({ required: true, description: 'The version you read.' }),
    },
    resolve: (_root, args, ctx) =>
      decide(ctx, args, '接收', (row) => {
        row.status = 'ACCEPTED';
        return { summary: `接收${summary(row.regionCode, row.year)}`, after: { status: 'ACCEPTED' } };
      }),
  }),
);

builder.mutationField('returnAnnualResults', (t) =>
  t.field({
    type: AnnualSubmissionRef,
    description:
      "The city (or the province above it) returns a county's submitted annual results with a reason (000 五.2); the results open again and the county submits anew. 退回年度考核结果",
    args: {
      countyCode: t.arg.id({ required: true }),
      year: t.arg.int({ required: true }),
      version: t.arg.int({ required: true, description: 'The version you read.' }),
      reason: t.arg.string({ required: true, description: '退回原因：写明须修改什么' }),
    },
    resolve: (_root, args, ctx) => {
      const reason = args.reason.trim();
      return decide(
        ctx,
        args,
        '退回',
        (row) => {
          row.status = 'RETURNED';
          row.returnReason = reason;
          return {
            summary: `退回${summary(row.regionCode, row.year)}：${reason}`,
            after: { status: 'RETURNED', returnReason: reason },
          };
        },
        () => {
          if (!reason) throw userError('BAD_USER_INPUT', '退回须写明原因', { argumentName: 'reason' });
          if (reason.length > 500) throw userError('BAD_USER_INPUT', '退回原因不超过 500 字', { argumentName: 'reason' });
        },
      );
    },
  }),
);
