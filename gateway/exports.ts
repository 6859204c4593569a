import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Viewer } from '../lib/auth/viewer.ts';
import { now, today } from '../lib/domain/clock.ts';
import { sendJson, type RouteHandler } from '../lib/http/server.ts';
import { logger, requestIdOf } from '../lib/service/observability.ts';
import { MAX_PAGE_SIZE } from '../lib/graphql/pagination.ts';
import type { GraphQLSchema } from 'graphql';
import {
  DownloadRefusal,
  MAX_LINKED_QUERY,
  resultSheet,
  sendErrorPage,
  wantsPage,
  type DownloadTickets,
  type Ticketed,
} from './downloads.ts';
import { document, type Document, type ResultOf } from './documents.ts';
import type { ExportSlots } from './export-slots.ts';
import * as labels from './labels.ts';
import {
  chinaTime,
  ClientGone,
  enumeration,
  instant,
  int,
  money,
  layout,
  percent,
  plainInt,
  text,
  writeCsv,
  writeXlsx,
  yesNo,
  type Column,
  type CsvEncoding,
  type Header,
  type Pages,
} from './sheet.ts';

/**
 * Downloads for offices: each export is a GraphQL query run through the gateway as the signed-in user, so the
 * subgraphs scope it exactly as they scope the same query, and a list of column declarations (Chinese header,
 * accessor, kind) from which both the CSV and the XLSX are rendered.
 *   GET /export/<name>.csv|xlsx?within=410400&year=2025   (Authorization: Bearer …)
 */
type Params = Record<string, string | number | string[] | null>;
/** Runs a document as the viewer; its answer is typed from the document (gateway/documents.ts). */
type Run = <D extends Document>(query: D, variables: Params, operationName?: string | null) => Promise<ResultOf<D>>;

/** Query-string parameters: a region code, a year, a comma-separated list of dimensions; `?` marks optional. */
type ParamKind = 'code' | 'year' | 'year?' | 'dimensions' | 'level?' | 'policy' | 'version?';

const REGION = document(`query ($within: ID!) { region(code: $within) { code name level } }`);
type Region = NonNullable<ResultOf<typeof REGION>['region']>;

interface ExportRequest {
  run: Run;
  params: Params;
  viewer: Viewer;
  /** the region `within` names; null for an export without one (a policy comparison) */
  region: Region | null;
}

interface Export {
  title: string;
  params: Record<string, ParamKind>;
  /** The dimensions `groupBy` may name, with their Chinese names (rollups only). */
  dimensions?: Record<string, string>;
  /** The GraphQL documents it runs (registered as trusted documents). */
  documents: Document[];
  /** Its columns, and its rows' values page by page, fetched as they are written. */
  sheet(request: ExportRequest): { headers: Header[]; pages: Pages };
}

type Columns<R> = (Column<R> | Column<R>[])[];

/**
 * An export from its query's rows and the columns declared over them (fixed, or by what was asked). `rows` gives
 * them all at once (a list a region or rollup answers whole) or page by page (a connection read with first/after).
 * The row type is a path into the type of the document it comes from (gateway/documents.ts).
 */
function declare<R>(definition: {
  title: string;
  params: Record<string, ParamKind>;
  dimensions?: Record<string, string>;
  documents: Document[];
  /** its columns, some in groups (a region's name and code) */
  columns: Columns<R> | ((params: Params) => Columns<R>);
  rows(request: ExportRequest): Promise<R[]> | AsyncIterable<R[]>;
}): Export {
  const { columns, rows, ...rest } = definition;
  return {
    ...rest,
    sheet(request) {
      const { headers, values } = layout((typeof columns === 'function' ? columns(request.params) : columns).flat());
      const source = rows(request);
      async function* pages() {
        for await (const page of Symbol.asyncIterator in source ? source : [source]) yield page.map(values);
      }
      return { headers, pages: pages() };
    },
  };
}

/** A region's name under `header` and its code beside it. */
const named = <R>(header: string, region: (row: R) => { name: string; code: string } | null, codeHeader = `${header}代码`) => [
  text(header, (row: R) => region(row)?.name),
  text(codeHeader, (row: R) => region(row)?.code),
];

// ---- rollups ----------------------------------------------------------------------------------------------------

/** A dimension `groupBy` may name: its column, or its columns (a policy's name and id), named by the first. */
type Dimension<G> = Column<G> | Column<G>[];
/** A rollup's groups: the list its one field answers. */
type GroupOf<D extends Document> = ResultOf<D>[keyof ResultOf<D>] extends readonly (infer G)[] ? G : never;

/**
 * A grouped rollup as an export: `groupBy=REGION,LEVEL` picks the dimensions; the columns are the dimensions asked
 * for, then the measures. Its document selects every dimension; the rollup sets those grouped by. Every rollup
 * groups by REGION too (lib/graphql/analytics.ts), listed first.
 */
function rollupExport<D extends Document>(
  title: string,
  query: D,
  declared: { dimensions: Record<string, Dimension<GroupOf<D>>>; measures: Column<GroupOf<D>>[] },
  extra: Record<string, ParamKind> = {},
): Export {
  const byRegion = named('地区', (g: { region: { code: string; name: string } | null }) => g.region);
  const dimensions: Record<string, Dimension<GroupOf<D>>> = { REGION: byRegion as Column<GroupOf<D>>[], ...declared.dimensions };
  return declare({
    title,
    params: { within: 'code', groupBy: 'dimensions', regionLevel: 'level?', ...extra },
    dimensions: Object.fromEntries(Object.entries(dimensions).map(([key, d]) => [key, [d].flat()[0]!.header])),
    documents: [query],
    columns: (params) => [...(params.groupBy as string[]).map((d) => dimensions[d]!), ...declared.measures],
    async rows({ run, params }) {
      const data = await run(query, { ...params, regionLevel: params.regionLevel ?? 'COUNTY' });
      return Object.values(data as object)[0] as GroupOf<D>[]; // the rollup's one field
    },
  });
}

const STUDIO_ROLLUP = document(`query ($within: ID!, $groupBy: [StudioDimension!]!, $regionLevel: RegionLevel) {
    studioRollup(within: $within, groupBy: $groupBy, regionLevel: $regionLevel) {
      region { name code } level status policy { name id } batch startYear studioCount memberCount share
    }
  }`);
const EVALUATION_ROLLUP = document(`query ($within: ID!, $groupBy: [EvaluationDimension!]!, $regionLevel: RegionLevel) {
    evaluationRollup(within: $within, groupBy: $groupBy, regionLevel: $regionLevel) {
      region { name code } kind status result year count studioCount passed passedWithDistinction failed share
    }
  }`);
const FUNDING_ROLLUP = document(`query ($within: ID!, $groupBy: [FundingDimension!]!, $regionLevel: RegionLevel, $year: Int) {
    fundingRollup(within: $within, groupBy: $groupBy, regionLevel: $regionLevel, year: $year) {
      region { name code } year source category allocated matched spent share
    }
  }`);

// ---- studios ----------------------------------------------------------------------------------------------------

const STUDIO_PAGE = document(`query ($within: ID!, $first: Int!, $after: String, $year: Int!) {
  studios(within: $within, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id name level status batch startYear endYear updatedAt memberCount
      region { code name } host { name } funding(year: $year) { allocated spent balance } } }
  }
}`);
type StudioRow = ResultOf<typeof STUDIO_PAGE>['studios']['edges'][number]['node'];

const POLICY_DIFF = document(`query ($a: String!, $b: String!, $aVersion: Int, $bVersion: Int) {
  policyDiff(a: $a, b: $b, aVersion: $aVersion, bVersion: $bVersion) {
    code change before { value seed text } after { value seed text } meaning
  }
}`);
type DiffRow = ResultOf<typeof POLICY_DIFF>['policyDiff'][number];
/** One policy's side of a rule: its value, the clause it comes from and the clause's text. */
const side = (party: string, of: (row: DiffRow) => DiffRow['before']): Column<DiffRow>[] => [
  text(`${party}取值`, (c) => of(c)?.value),
  text(`${party}条款`, (c) => of(c)?.seed),
  text(`${party}原文`, (c) => of(c)?.text),
];
const CHANGE_NAMES: Record<string, string> = { ADDED: '新增', REMOVED: '删除', CHANGED: '取值不同', REDEFINED: '含义不同' };

const POLICY_IMPACT = document(`query ($policy: ID!, $version: Int) {
  policyImpact(policy: $policy, version: $version) {
    rows { studio { name region { code name } } subject teacher { name } rule
      current { passed reason } proposed { passed reason policyVersion } }
  }
}`);
type ImpactRow = ResultOf<typeof POLICY_IMPACT>['policyImpact']['rows'][number];
const SUBJECT_NAMES: Record<string, string> = { TEAM: '团队', HOST: '主持人', MEMBER: '成员' };
const passedName = (v: { passed: boolean | null } | null) =>
  !v ? '未规定' : v.passed === null ? '无法判定' : v.passed ? '符合' : '不符合';

// ---- counties and children ----------------------------------------------------------------------------------------

const PENDING_FIELDS = `code name parent { name } evaluations(filter: { kind: SECOND_EVALUATION, status: PENDING }) { studioCount }`;
const COUNTIES = document(`query ($within: ID!) {
  region(code: $within) { ${PENDING_FIELDS} descendants(level: COUNTY) { ${PENDING_FIELDS} } }
}`);
type PendingRow = NonNullable<ResultOf<typeof COUNTIES>['region']>['descendants'][number];

const OVERVIEW_FIELDS = `code name level studios { total memberCount }
    evaluations(filter: { year: $year }) { count }
    pending: evaluations(filter: { kind: SECOND_EVALUATION, status: PENDING }) { studioCount }
    funding(year: $year) { allocated matched spent balance executionRate }`;
const CHILDREN = document(`query ($within: ID!, $year: Int!) {
  region(code: $within) { ${OVERVIEW_FIELDS} children { ${OVERVIEW_FIELDS} } }
}`);
type OverviewRow = NonNullable<ResultOf<typeof CHILDREN>['region']>['children'][number];

/** A region's rows below it, or (a county's, or a school's within one, which has none) its own row. */
function belowOrOwn<R, Key extends string>(region: (R & Record<Key, R[]>) | null, below: Key): R[] {
  const { [below]: rows, ...own } = region!;
  return rows.length ? rows : [own as unknown as R];
}

// ---- annual submissions -------------------------------------------------------------------------------------------

const SUBMISSION_ROW = `region { code name } school { name } status evaluationCount pendingCount passCount failCount
      submittedAt decidedAt returnReason`;
const CITY_LIST = `annualSubmissions(year: $year) { counties { ${SUBMISSION_ROW} } schools { ${SUBMISSION_ROW} } }` as const;
/** a city's counties and city-run schools (000 五.2) */
const ANNUAL_SUBMISSIONS = document(`query ($within: ID!, $year: Int!) { region(code: $within) { ${CITY_LIST} } }`);
/** a province's or the nation's: every city's */
const ANNUAL_SUBMISSIONS_BY_CITY = document(`query ($within: ID!, $year: Int!) {
  region(code: $within) { descendants(level: CITY) { ${CITY_LIST} } }
}`);
/** a county's own, or a city-run school's own */
const ANNUAL_SUBMISSION = document(`query ($within: ID!, $year: Int!, $schoolId: ID) {
  region(code: $within) { annualSubmission(year: $year, schoolId: $schoolId) { ${SUBMISSION_ROW} } }
}`);
type SubmissionRow = NonNullable<ResultOf<typeof ANNUAL_SUBMISSION>['region']>['annualSubmission'];

const MATCHING = document(`query ($within: ID!, $year: Int!) {
  region(code: $within) { fundingMatching(year: $year) { region { code name } required matched shortfall compliant } }
}`);
type MatchingRow = NonNullable<ResultOf<typeof MATCHING>['region']>['fundingMatching'][number];

export const EXPORTS: Record<string, Export> = {
  'annual-submissions': declare<SubmissionRow>({
    // one row per county, then one per city-run school (局属学校), which reports its own to the city (000 五.2)
    title: '各县（区）、局属学校年度考核结果上报情况',
    params: { within: 'code', year: 'year' },
    documents: [ANNUAL_SUBMISSIONS, ANNUAL_SUBMISSIONS_BY_CITY, ANNUAL_SUBMISSION],
    columns: [
      named('区县', (c) => c.region),
      text('局属学校', (c) => c.school?.name ?? ''),
      enumeration('上报状态', labels.SUBMISSION_STATUS, (c) => c.status),
      int('年度考核数', (c) => c.evaluationCount),
      int('待评', (c) => c.pendingCount),
      int('合格', (c) => c.passCount),
      int('不合格', (c) => c.failCount),
      instant('上报时间（北京时间）', (c) => c.submittedAt),
      instant('处理时间（北京时间）', (c) => c.decidedAt),
      text('退回原因', (c) => c.returnReason),
    ],
    async rows({ run, params, viewer, region: asked }) {
      const region = asked!; // `within` is required here
      // a county reports its own; a city-run school (a school user at the city's code) its own; a city lists
      // its counties and schools; a province or the nation every city's
      if (region.level === 'COUNTY' || (region.level === 'CITY' && viewer.level === 'SCHOOL')) {
        const schoolId = region.level === 'CITY' ? viewer.schoolId : null;
        const data = await run(ANNUAL_SUBMISSION, { ...params, schoolId });
        return [data.region!.annualSubmission];
      }
      const lists =
        region.level === 'CITY'
          ? [(await run(ANNUAL_SUBMISSIONS, params)).region!.annualSubmissions]
          : (await run(ANNUAL_SUBMISSIONS_BY_CITY, params)).region!.descendants.map((c) => c.annualSubmissions);
      return lists.flatMap((l) => [...l.counties, ...l.schools]);
    },
  }),
  'funding-matching': declare<MatchingRow>({
    title: '区级配套经费落实情况',
    params: { within: 'code', year: 'year' },
    documents: [MATCHING],
    columns: [
      named('区县', (d) => d.region),
      money('应配套（元）', (d) => d.required),
      money('已配套（元）', (d) => d.matched),
      money('差额（元）', (d) => d.shortfall),
      yesNo('是否达标', (d) => d.compliant),
    ],
    async rows({ run, params }) {
      return (await run(MATCHING, params)).region!.fundingMatching;
    },
  }),
  studios: declare<StudioRow>({
    title: '工作室名单',
    params: { within: 'code', year: 'year' },
    documents: [STUDIO_PAGE],
    columns: [
      text('工作室名称', (s) => s.name),
      enumeration('级别', labels.STUDIO_LEVEL, (s) => s.level),
      enumeration('状态', labels.STUDIO_STATUS, (s) => s.status),
      named('所在地区', (s) => s.region, '地区代码'),
      text('主持人', (s) => s.host?.name),
      int('成员数', (s) => s.memberCount),
      text('批次', (s) => s.batch),
      plainInt('建设起始年', (s) => s.startYear),
      plainInt('建设截止年', (s) => s.endYear),
      money('年度拨付（元）', (s) => s.funding?.allocated),
      money('年度支出（元）', (s) => s.funding?.spent),
      money('结余（元）', (s) => s.funding?.balance),
      instant('更新时间（北京时间）', (s) => s.updatedAt),
      // the id last: names first, and a UUID is wide
      text('编号', (s) => s.id),
    ],
    async *rows({ run, params }) {
      let after: string | null = null;
      do {
        const { studios }: ResultOf<typeof STUDIO_PAGE> = await run(STUDIO_PAGE, { ...params, first: MAX_PAGE_SIZE, after });
        yield studios.edges.map((e) => e.node);
        after = studios.pageInfo.hasNextPage ? studios.pageInfo.endCursor : null;
      } while (after);
    },
  }),
  'policy-diff': declare<DiffRow>({
    title: '政策比较',
    params: { a: 'policy', b: 'policy', aVersion: 'version?', bVersion: 'version?' },
    documents: [POLICY_DIFF],
    columns: [
      text('规则代码', (c) => c.code),
      enumeration('变化', CHANGE_NAMES, (c) => c.change),
      side('甲方', (c) => c.before),
      side('乙方', (c) => c.after),
      text('含义差异', (c) => c.meaning),
    ],
    async rows({ run, params }) {
      return (await run(POLICY_DIFF, { aVersion: null, bVersion: null, ...params })).policyDiff;
    },
  }),
  'policy-impact': declare<ImpactRow>({
    title: '政策发布前影响评估',
    params: { policy: 'policy', version: 'version?' },
    documents: [POLICY_IMPACT],
    columns: [
      text('区县代码', (r) => r.studio.region.code),
      text('区县', (r) => r.studio.region.name),
      text('工作室', (r) => r.studio.name),
      enumeration('对象', SUBJECT_NAMES, (r) => r.subject),
      text('教师', (r) => r.teacher?.name ?? ''),
      text('规则代码', (r) => r.rule),
      text('现行结论', (r) => passedName(r.current)),
      text('现行理由', (r) => r.current?.reason ?? ''),
      text('新版结论', (r) => passedName(r.proposed)),
      text('新版理由', (r) => r.proposed.reason),
    ],
    async rows({ run, params }) {
      return (await run(POLICY_IMPACT, { version: null, ...params })).policyImpact.rows;
    },
  }),
  'pending-second-evaluations': declare<PendingRow>({
    title: '各县（区）待二次评估工作室数',
    params: { within: 'code' },
    documents: [COUNTIES],
    columns: [
      named('区县', (c) => c),
      text('所属地市', (c) => c.parent?.name),
      int('待二次评估工作室数', (c) => c.evaluations?.studioCount),
    ],
    rows: async ({ run, params }) => belowOrOwn((await run(COUNTIES, params)).region, 'descendants'),
  }),
  'studio-rollup': rollupExport('工作室分组统计', STUDIO_ROLLUP, {
    dimensions: {
      LEVEL: enumeration('级别', labels.STUDIO_LEVEL, (g) => g.level),
      STATUS: enumeration('状态', labels.STUDIO_STATUS, (g) => g.status),
      POLICY: [text('政策', (g) => g.policy?.name), text('政策编号', (g) => g.policy?.id)],
      BATCH: text('批次', (g) => g.batch),
      START_YEAR: plainInt('建设起始年', (g) => g.startYear),
    },
    measures: [int('工作室数', (g) => g.studioCount), int('成员数', (g) => g.memberCount), percent('占比', (g) => g.share)],
  }),
  'evaluation-rollup': rollupExport('评估分组统计', EVALUATION_ROLLUP, {
    dimensions: {
      KIND: enumeration('评估类型', labels.EVALUATION_KIND, (g) => g.kind),
      STATUS: enumeration('评估状态', labels.EVALUATION_STATUS, (g) => g.status),
      RESULT: enumeration('结果', labels.GRADE, (g) => g.result),
      YEAR: plainInt('年度', (g) => g.year),
    },
    measures: [
      int('评估次数', (g) => g.count),
      plainInt('涉及工作室数', (g) => g.studioCount), // a studio evaluated twice is in two groups
      int('合格及以上（归一）', (g) => g.passed),
      int('优秀（归一）', (g) => g.passedWithDistinction),
      int('不合格', (g) => g.failed),
      percent('占比', (g) => g.share),
    ],
  }),
  'funding-rollup': rollupExport(
    '经费分组统计',
    FUNDING_ROLLUP,
    {
      dimensions: {
        YEAR: plainInt('年度', (g) => g.year),
        SOURCE: enumeration('经费来源', labels.FUNDING_SOURCE, (g) => g.source),
        CATEGORY: enumeration('支出类别', labels.SPENDING_CATEGORY, (g) => g.category),
      },
      measures: [
        money('拨付（元）', (g) => g.allocated),
        money('配套（元）', (g) => g.matched),
        money('支出（元）', (g) => g.spent),
        percent('占比', (g) => g.share),
      ],
    },
    { year: 'year?' },
  ),
  'region-overview': declare<OverviewRow>({
    title: '下级地区概览',
    params: { within: 'code', year: 'year' },
    documents: [CHILDREN],
    columns: [
      named('地区', (c) => c),
      int('工作室数', (c) => c.studios?.total),
      int('成员数', (c) => c.studios?.memberCount),
      int('年度评估次数', (c) => c.evaluations?.count),
      int('待二次评估工作室数', (c) => c.pending?.studioCount),
      money('拨付（元）', (c) => c.funding?.allocated),
      money('配套（元）', (c) => c.funding?.matched),
      money('支出（元）', (c) => c.funding?.spent),
      money('结余（元）', (c) => c.funding?.balance),
      percent('执行率', (c) => c.funding?.executionRate),
    ],
    rows: async ({ run, params }) => belowOrOwn((await run(CHILDREN, params)).region, 'children'),
  }),
};

/** Every document an export may run, for the trusted documents' registry. */
export const EXPORT_DOCUMENTS = [REGION, ...Object.values(EXPORTS).flatMap((e) => e.documents)];

class ExportError extends Error {
  readonly status: number;
  readonly errors: readonly unknown[];
  constructor(status: number, errors: readonly unknown[]) {
    super('export failed');
    this.status = status;
    this.errors = errors;
  }
}

const STATUS_OF: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  SERVICE_UNAVAILABLE: 503,
};

const REGION_LEVELS = Object.keys(labels.REGION_LEVEL);
const log = logger('gateway');

const badParam = (name: string, message: string) =>
  new ExportError(400, [{ message, extensions: { code: 'BAD_USER_INPUT', argumentName: name } }]);

function readParams(definition: Export, url: URL): Params {
  const params: Params = {};
  for (const [name, kind] of Object.entries(definition.params)) {
    const value = url.searchParams.get(name);
    if (value === null) {
      if (kind.endsWith('?')) continue;
      throw badParam(name, `缺少参数 ${name}`);
    }
    if (kind === 'policy' && !/^[\p{L}\p{N}_-]{1,64}$/u.test(value))
      throw badParam(name, `参数 ${name} 应为政策编号，例如 000-pingdingshan`);
    if (kind === 'version?' && !/^[1-9]\d{0,5}$/.test(value)) throw badParam(name, `参数 ${name} 应为版本号，例如 1`);
    if (kind.startsWith('year') && !/^\d{4}$/.test(value)) throw badParam(name, `参数 ${name} 应为四位年份，例如 2025`);
    if (kind === 'level?' && !REGION_LEVELS.includes(value))
      throw badParam(name, `参数 ${name} 只能是 ${REGION_LEVELS.join('、')} 之一，收到 ${value}`);
    if (kind === 'dimensions') {
      const asked = value.split(',').filter(Boolean);
      const allowed = Object.keys(definition.dimensions ?? {});
      const unknown = asked.filter((d) => !allowed.includes(d));
      if (!asked.length || unknown.length)
        throw badParam(name, `参数 ${name} 可选 ${allowed.join('、')}（用逗号分隔），不支持 ${unknown.join('、') || '空值'}`);
      params[name] = asked;
      continue;
    }
    params[name] = kind.startsWith('year') || kind === 'version?' ? Number(value) : value;
  }
  return params;
}

const scopeOf = (region: Region | null) =>
  region ? `${region.name}（${region.code}，${labels.LEVEL[region.level]}）及其下级，按导出人的权限` : '按导出人的权限';

/** The data sheet's title row: what, for which region, on which business day. */
const headingOf = (title: string, scope: string) => `${title}\u3000范围：${scope}\u3000业务日期：${today()}`;

/** The `说明` sheet's last lines, for every export: the row count, when, the business day, and who. */
function countAndWho(viewer: Viewer, rowCount: number): [string, string][] {
  const office = `${labels.LEVEL[viewer.level]} ${viewer.regionCode}${viewer.schoolId ? ` 学校 ${viewer.schoolId}` : ''}`;
  return [
    ['行数', String(rowCount)],
    ['生成时间', `${chinaTime(now())}（北京时间）`],
    ['业务日期', today()],
    ['导出人', `${viewer.subject}（${office}，角色 ${viewer.roles.join('、')}）`],
  ];
}

/** What the `说明` sheet says of an export: its scope, its parameters in words, when, and for whom. */
function aboutLines(definition: Export, { params, viewer, region }: ExportRequest, rowCount: number): [string, string][] {
  const words = (name: string, value: Params[string]): [string, string] | null => {
    if (value === null || value === undefined) return null;
    if (name === 'within') return null; // the scope line says it
    if (name === 'year') return ['年度', String(value)];
    if (name === 'groupBy') return ['分组', (value as string[]).map((d) => definition.dimensions![d]).join('、')];
    if (name === 'regionLevel') return ['地区汇总到', labels.REGION_LEVEL[String(value) as keyof typeof labels.REGION_LEVEL]];
    return [name, String(value)];
  };
  return [
    ['范围', scopeOf(region)],
    ...Object.entries(params).flatMap(([name, value]) => [words(name, value)].filter((w) => w !== null)),
    ['查询参数', new URLSearchParams(Object.entries(params).map(([k, v]) => [k, [v].flat().join(',')])).toString()],
    ...countAndWho(viewer, rowCount),
  ];
}

const CONTENT_TYPE = {
  csv: { 'utf-8': 'text/csv; charset=utf-8', gb18030: 'text/csv; charset=gb18030' },
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** `?encoding=gb18030` asks a CSV in GB18030 for old Excel; UTF-8 with a byte-order mark otherwise. */
function csvEncoding(url: URL): CsvEncoding {
  const asked = url.searchParams.get('encoding');
  if (asked === null || /^utf-?8$/i.test(asked)) return 'utf-8';
  if (/^(gb18030|gbk)$/i.test(asked)) return 'gb18030';
  throw badParam('encoding', `参数 encoding 只能是 utf-8 或 gb18030，收到 ${asked}`);
}

/**
 * An export's queries bypass the answer cache (gateway/answer-cache.ts): a national studio list is 60 pages that
 * nobody asks for twice in a row, and keeping them would push out the answers interactive users ask for again.
 */
const uncached = () => ({ method: 'POST', headers: new HeaderMap([['cache-control', 'no-store']]), search: '', body: null });

/** What a refused export is told to wait before asking again, in seconds. */
const BUSY_RETRY_SECONDS = 30;

/** A file to write: its names, its columns, its rows page by page, and what its 说明 sheet says. */
interface Produced {
  title: string;
  scope: string;
  filename: string;
  headers: Header[];
  pages: Pages;
  lines: (rowCount: number) => [string, string][];
}

interface Served<C> {
  contextValue: C;
  format: 'csv' | 'xlsx';
  encoding: CsvEncoding;
  /** the file, from queries run as the viewer */
  make(run: Run): Promise<Produced>;
}

/** A named export's or a result's download, as the routes need it. */
export interface ExportOptions<C> {
  /** The request's user from its Authorization header (UNAUTHENTICATED without one). */
  authenticate: (req: IncomingMessage) => Promise<C>;
  /** The request's context for a user a download link names. */
  contextFor: (req: IncomingMessage, viewer: Viewer) => C;
  tickets: DownloadTickets;
  /** The supergraph's schema, which types a result's columns. */
  schema: () => GraphQLSchema;
}

/**
 * The export routes. Each export takes a turn from `slots` once its caller and parameters are checked, reads its
 * first page before answering (so a refusal is still a status with an error), then writes the file page by page
 * as the subgraphs give it: memory holds one page, however many rows. A failure after the first page can only
 * cut the connection, so the client sees an incomplete download rather than a short file. A program's refusal is
 * JSON; a browser's (a download link, or a page asking for HTML) is a page a clerk can read.
 *
 *   GET  /export/<name>.csv|xlsx?…        Authorization: Bearer …, or a link's `ticket`
 *   GET  /export/result.csv|xlsx?ticket=… a query's result, from a link only
 *   GET  /export/list                     the named exports for the viewer's own region
 *   POST /export/links                    {"path": "/export/…"} or {"result": {query, variables}, "format": "xlsx"}
 */
export function exportRoutes<C extends { viewer: Viewer }>(
  apollo: ApolloServer<C>,
  slots: ExportSlots,
  options: ExportOptions<C>,
): Record<string, RouteHandler> {
  const signedIn = (req: IncomingMessage) =>
    options.authenticate(req).catch((error: GraphQLError) => {
      throw new ExportError(401, [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }]);
    });
  /** the viewer a request's link names, or its Authorization header */
  const viewerContext = async (req: IncomingMessage, url: URL) =>
    url.searchParams.has('ticket') ? options.contextFor(req, (await options.tickets.redeem(url)).viewer) : signedIn(req);

  const serve =
    (prepare: (req: IncomingMessage, url: URL) => Promise<Served<C>>): RouteHandler =>
    async (req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      let release = () => {};
      try {
        const { contextValue, format, encoding, make } = await prepare(req, url);
        const turn = slots.take(res);
        if (!turn) {
          res.setHeader('retry-after', String(BUSY_RETRY_SECONDS));
          throw new ExportError(503, [
            {
              message: `导出繁忙：已有 ${slots.concurrency} 份在生成、${slots.queue} 份在排队，请 ${BUSY_RETRY_SECONDS} 秒后再试`,
              extensions: { code: 'EXPORT_BUSY', retryAfter: BUSY_RETRY_SECONDS },
            },
          ]);
        }
        release = await turn;
        if (res.destroyed) return; // the client left while it waited
        const run: Run = async (query, variables, operationName) => {
          const response = await apollo.executeOperation(
            { query, variables, operationName: operationName ?? undefined, http: uncached() },
            { contextValue },
          );
          if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
          const { data, errors } = response.body.singleResult;
          if (errors?.length) throw new ExportError(STATUS_OF[String(errors[0]!.extensions?.code)] ?? 500, errors);
          return data as never;
        };
        const produced = await make(run);
        const rest = produced.pages[Symbol.asyncIterator]();
        const first = await rest.next();
        async function* all(): Pages {
          if (first.done) return;
          yield first.value;
          for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
        }
        const filename = `${produced.filename}.${format}`;
        res.writeHead(200, {
          'content-type': format === 'csv' ? CONTENT_TYPE.csv[encoding] : CONTENT_TYPE.xlsx,
          'content-disposition': `attachment; filename="${url.pathname.split('/').pop()}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
          'cache-control': 'no-store',
        });
        if (format === 'csv') await writeCsv(res, produced.headers, all(), encoding);
        else
          await writeXlsx(res, produced.headers, all(), {
            title: produced.title,
            heading: headingOf(produced.title, produced.scope),
            lines: produced.lines,
          });
      } catch (error) {
        if (res.headersSent) {
          // part of the file is out: only a cut connection tells the client it is incomplete
          res.destroy();
          if (!(error instanceof ClientGone)) log.error({ err: error, path: url.pathname }, 'export failed after its first page');
          return;
        }
        refuse(req, res, url, error);
      } finally {
        release();
      }
    };

  const routes: Record<string, RouteHandler> = {};
  for (const [name, definition] of Object.entries(EXPORTS)) {
    for (const format of ['csv', 'xlsx'] as const) {
      routes[`/export/${name}.${format}`] = serve(async (req, url) => {
        const contextValue = await viewerContext(req, url);
        const params = readParams(definition, url);
        return {
          contextValue,
          format,
          encoding: format === 'csv' ? csvEncoding(url) : 'utf-8',
          async make(run) {
            const region = params.within ? (await run(REGION, { within: params.within })).region : null;
            const request = { run, params, viewer: contextValue.viewer, region };
            const { headers, pages } = definition.sheet(request);
            return {
              title: definition.title,
              scope: region ? `${region.name}（${region.code}）` : '按导出人的权限',
              filename: `${definition.title}-${Object.values(params).flat().join('-')}`,
              headers,
              pages,
              lines: (rowCount) => aboutLines(definition, request, rowCount),
            };
          },
        };
      });
    }
  }
  // the result of a query the playground ran, from a link only: the query travels signed inside it
  for (const format of ['csv', 'xlsx'] as const) {
    routes[`/export/result.${format}`] = serve(async (req, url) => {
      if (!url.searchParams.has('ticket'))
        throw new ExportError(401, [
          { message: '导出查询结果须用页面上的“导出结果”按钮生成的下载链接', extensions: { code: 'UNAUTHENTICATED' } },
        ]);
      const { viewer, what } = await options.tickets.redeem(url);
      if (!('result' in what)) throw new DownloadRefusal(403, 'FORBIDDEN', '下载链接与所下载的内容不符');
      const { query, variables, operationName } = what.result;
      return {
        contextValue: options.contextFor(req, viewer),
        format,
        encoding: format === 'csv' ? csvEncoding(url) : 'utf-8',
        async make(run) {
          const data = await run(query as Document, variables as Params, operationName);
          const sheet = resultSheet(options.schema(), query, operationName, data);
          if (!sheet)
            throw new ExportError(400, [
              { message: '查询结果中没有可导出的列表：请查询一组对象（例如各县的统计）', extensions: { code: 'BAD_USER_INPUT' } },
            ]);
          const { headers, values } = layout(sheet.columns);
          const scope = viewer.schoolId ? `本校（${viewer.regionCode}）` : `${viewer.regionCode} 及其下级`;
          return {
            title: '查询结果',
            scope,
            filename: `查询结果-${today()}`,
            headers,
            pages: (async function* () {
              yield sheet.rows.map(values);
            })(),
            lines: (rowCount) => [
              ['范围', `${scope}，按导出人的权限`],
              ['查询', query],
              ['变量', JSON.stringify(variables)],
              ...countAndWho(viewer, rowCount),
            ],
          };
        },
      };
    });
  }

  routes['/export/list'] = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const { viewer } = await signedIn(req);
      const year = today().slice(0, 4);
      const exports = Object.entries(EXPORTS)
        .filter(([, e]) => 'within' in e.params)
        .map(([name, e]) => {
          const params = new URLSearchParams({ within: viewer.regionCode });
          if ('year' in e.params) params.set('year', year);
          if ('groupBy' in e.params) params.set('groupBy', Object.keys(e.dimensions!).slice(0, 2).join(','));
          return { name, title: e.title, formats: ['xlsx', 'csv'], path: `/export/${name}.xlsx?${params}` };
        });
      sendJson(res, 200, { exports });
    } catch (error) {
      refuse(req, res, url, error);
    }
  };

  routes['POST /export/links'] = async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      const { viewer } = await signedIn(req);
      const body = await readJson(req);
      sendJson(res, 200, await options.tickets.issue(viewer, linkable(body)));
    } catch (error) {
      refuse(req, res, url, error);
    }
  };
  return routes;
}

/** What `POST /export/links` may ask a link to: a named export with parameters that read, or a query's result. */
function linkable(body: unknown): Ticketed {
  const asked = (body ?? {}) as {
    path?: unknown;
    result?: { query?: unknown; variables?: unknown; operationName?: unknown };
    format?: unknown;
  };
  if (typeof asked.path === 'string') {
    const url = new URL(asked.path, 'http://localhost');
    const [, name, format] = /^\/export\/([a-z-]+)\.(csv|xlsx)$/.exec(url.pathname) ?? [];
    const definition = name ? EXPORTS[name] : undefined;
    if (!definition || !format)
      throw badParam('path', `没有这个导出：${url.pathname}（可选 ${Object.keys(EXPORTS).join('、')}，格式 .xlsx 或 .csv）`);
    readParams(definition, url); // its parameters are checked now, not when the link is followed
    if (format === 'csv') csvEncoding(url);
    url.searchParams.delete('ticket');
    return { path: `${url.pathname}${url.search}` };
  }
  const result = asked.result;
  if (result && typeof result.query === 'string' && (asked.format === 'csv' || asked.format === 'xlsx')) {
    if (result.query.length > MAX_LINKED_QUERY)
      throw badParam('result', `查询过长（超过 ${MAX_LINKED_QUERY} 个字符），无法生成下载链接`);
    const variables =
      result.variables && typeof result.variables === 'object' ? (result.variables as Record<string, unknown>) : {};
    const operationName = typeof result.operationName === 'string' ? result.operationName : null;
    return { result: { query: result.query, variables, operationName }, format: asked.format };
  }
  throw badParam(
    'path',
    '请求体应为 {"path": "/export/studios.xlsx?within=410400&year=2025"} 或 {"result": {"query": "…", "variables": {}}, "format": "xlsx"}',
  );
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw badParam('body', '请求体过大（上限 64 KB）');
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw badParam('body', '请求体不是有效的 JSON');
  }
}

/**
 * A refusal before the first byte: JSON for a program; a page for a browser (a link, or a request that asks for
 * HTML), never with a stack trace, a fault only logged and named by the request's id.
 */
function refuse(req: IncomingMessage, res: ServerResponse, url: URL, error: unknown): void {
  let status: number;
  let errors: readonly { message: string; extensions?: Record<string, unknown> }[];
  if (error instanceof ExportError) ({ status, errors } = error as ExportError & { errors: typeof errors });
  else if (error instanceof DownloadRefusal) {
    status = error.status;
    errors = [{ message: error.message, extensions: { code: error.code } }];
  } else {
    const id = requestIdOf(req);
    log.error({ err: error, path: url.pathname, requestId: id }, 'export failed');
    status = 500;
    errors = [
      {
        message: `导出失败：服务器内部错误（请求编号 ${id}），请稍后再试或联系管理员`,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      },
    ];
  }
  if (wantsPage(req, url)) {
    const first = errors[0]!;
    return sendErrorPage(res, status, String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), first.message);
  }
  // what a program may read: the message and the code with its details, never a stack trace (not in development either)
  const shown = errors.map(({ message, extensions = {} }) => {
    const { stacktrace: _stack, exception: _exception, ...rest } = extensions;
    return { message, extensions: rest };
  });
  sendJson(res, status, { errors: shown });
}
