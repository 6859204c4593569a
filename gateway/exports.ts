import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import ExcelJS from 'exceljs';
import type { GraphQLError } from 'graphql';
import type { Viewer } from '../lib/auth.ts';
import { neutralise, toCsv } from '../lib/csv.ts';
import { sendJson, type RouteHandler } from '../lib/http.ts';
import { MAX_PAGE_SIZE } from '../lib/pagination.ts';

/**
 * Downloads for offices: each export is a GraphQL operation run through the gateway as the signed-in user, so
 * the subgraphs scope it exactly as they scope the same query, then laid out as rows with Chinese headers.
 *   GET /export/<name>.csv|xlsx?within=410400&year=2025   (Authorization: Bearer …)
 */
type Row = Record<string, string | number | null>;
type Params = Record<string, string | number | string[] | null>;
type Run = (query: string, variables: Params) => Promise<any>;
type Column = [key: string, header: string];

/** Query-string parameters: a region code, a year, a comma-separated list of dimensions; `?` marks optional. */
type ParamKind = 'code' | 'year' | 'year?' | 'dimensions' | 'level?' | 'policy' | 'version?';

interface ExportDefinition {
  title: string;
  params: Record<string, ParamKind>;
  /** The columns, fixed or depending on what was asked (a rollup's dimensions). */
  columns: Column[] | ((params: Params) => Column[]);
  /** The dimensions `groupBy` may name (rollups only). */
  dimensions?: string[];
  /** The GraphQL documents it runs (registered as trusted documents). */
  documents: string[];
  rows(run: Run, params: Params): Promise<Row[]>;
}

/**
 * A grouped rollup as an export: `groupBy=REGION,LEVEL` picks the dimensions; the columns are the dimensions
 * asked for, then the measures.
 */
function rollupExport(
  title: string,
  field: string,
  dimensionType: string,
  dimensions: Record<string, Column[]>,
  measures: Column[],
  extra: Record<string, ParamKind> = {},
): ExportDefinition {
  // `region.code` and `region.name` become `region { code name }`
  const fields = new Map<string, string[]>();
  for (const [key] of Object.values(dimensions).flat()) {
    const [head, sub] = key.split('.') as [string, string | undefined];
    fields.set(head, [...(fields.get(head) ?? []), ...(sub ? [sub] : [])]);
  }
  const selection = [...fields].map(([head, subs]) => (subs.length ? `${head} { ${subs.join(' ')} }` : head)).join(' ');
  const extraArgs = Object.keys(extra);
  const query = `query ($within: ID!, $groupBy: [${dimensionType}!]!, $regionLevel: RegionLevel${extraArgs.map((a) => `, $${a}: Int`).join('')}) {
    ${field}(within: $within, groupBy: $groupBy, regionLevel: $regionLevel${extraArgs.map((a) => `, ${a}: $${a}`).join('')}) {
      ${selection} ${measures.map(([key]) => key).join(' ')}
    }
  }`;
  const columnsFor = (params: Params) => [...(params.groupBy as string[]).flatMap((d) => dimensions[d] ?? []), ...measures];
  return {
    title,
    params: { within: 'code', groupBy: 'dimensions', regionLevel: 'level?', ...extra },
    columns: columnsFor,
    dimensions: Object.keys(dimensions),
    documents: [query],
    async rows(run, params) {
      const data = await run(query, { ...params, regionLevel: params.regionLevel ?? 'COUNTY' });
      return data[field].map((group: any) =>
        Object.fromEntries(columnsFor(params).map(([key]) => [key, key.split('.').reduce((v, k) => v?.[k], group) ?? null])),
      );
    },
  };
}

const REGION_COLUMNS: Column[] = [
  ['region.code', '地区代码'],
  ['region.name', '地区'],
];

const STUDIO_PAGE = `query ($within: ID!, $first: Int!, $after: String, $year: Int!) {
  studios(within: $within, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id name level status batch startYear endYear updatedAt memberCount
      region { code name } host { name } funding(year: $year) { allocated spent balance } } }
  }
}`;

const POLICY_DIFF = `query ($a: String!, $b: String!, $aVersion: Int, $bVersion: Int) {
  policyDiff(a: $a, b: $b, aVersion: $aVersion, bVersion: $bVersion) {
    code change before { value seed text } after { value seed text }
  }
}`;
const CHANGE_NAMES = { ADDED: '新增', REMOVED: '删除', CHANGED: '取值不同' };

const COUNTIES = `query ($within: ID!) {
  region(code: $within) { descendants(level: COUNTY) { code name parent { name }
    evaluations(filter: { kind: SECOND_EVALUATION, status: PENDING }) { studioCount } } }
}`;

const CHILDREN = `query ($within: ID!, $year: Int!) {
  region(code: $within) { children { code name level studios { total memberCount }
    evaluations(filter: { year: $year }) { count studioCount }
    pending: evaluations(filter: { kind: SECOND_EVALUATION, status: PENDING }) { studioCount }
    funding(year: $year) { allocated matched spent balance executionRate } } }
}`;

const SUBMISSION_ROW = `region { code name } school { id name } status evaluationCount pendingCount passCount failCount
      submittedAt decidedAt returnReason`;
const ANNUAL_SUBMISSIONS = `query ($within: ID!, $year: Int!) {
  region(code: $within) { annualSubmissions(year: $year) {
    counties { ${SUBMISSION_ROW} }
    schools { ${SUBMISSION_ROW} } } }
}`;
const MATCHING = `query ($within: ID!, $year: Int!) {
  region(code: $within) { fundingMatching(year: $year) { region { code name } required matched shortfall compliant } }
}`;

export const EXPORTS: Record<string, ExportDefinition> = {
  'annual-submissions': {
    // one row per county, then one per city-run school (局属学校), which reports its own to the city (000 五.2)
    title: '各县（区）、局属学校年度考核结果上报情况',
    params: { within: 'code', year: 'year' },
    documents: [ANNUAL_SUBMISSIONS],
    columns: [
      ['code', '区县代码'],
      ['name', '区县'],
      ['school', '局属学校'],
      ['status', '上报状态'],
      ['evaluationCount', '年度考核数'],
      ['pendingCount', '待评'],
      ['passCount', '合格'],
      ['failCount', '不合格'],
      ['submittedAt', '上报时间'],
      ['decidedAt', '处理时间'],
      ['returnReason', '退回原因'],
    ],
    async rows(run, params) {
      const data = await run(ANNUAL_SUBMISSIONS, params);
      const { counties, schools } = data.region.annualSubmissions;
      return [...counties, ...schools].map((c: any) => ({
        code: c.region.code,
        name: c.region.name,
        school: c.school?.name ?? '',
        status: c.status,
        evaluationCount: c.evaluationCount,
        pendingCount: c.pendingCount,
        passCount: c.passCount,
        failCount: c.failCount,
        submittedAt: c.submittedAt,
        decidedAt: c.decidedAt,
        returnReason: c.returnReason,
      }));
    },
  },
  'funding-matching': {
    title: '区级配套经费落实情况',
    params: { within: 'code', year: 'year' },
    documents: [MATCHING],
    columns: [
      ['code', '区县代码'],
      ['name', '区县'],
      ['required', '应配套（元）'],
      ['matched', '已配套（元）'],
      ['shortfall', '差额（元）'],
      ['compliant', '是否达标'],
    ],
    async rows(run, params) {
      const data = await run(MATCHING, params);
      return data.region.fundingMatching.map((d: any) => ({
        code: d.region.code,
        name: d.region.name,
        required: d.required,
        matched: d.matched,
        shortfall: d.shortfall,
        compliant: d.compliant ? '是' : '否',
      }));
    },
  },

  studios: {
    title: '工作室名单',
    params: { within: 'code', year: 'year' },
    documents: [STUDIO_PAGE],
    columns: [
      ['id', '编号'],
      ['name', '工作室名称'],
      ['level', '级别'],
      ['status', '状态'],
      ['regionCode', '地区代码'],
      ['regionName', '所在地区'],
      ['host', '主持人'],
      ['memberCount', '成员数'],
      ['batch', '批次'],
      ['startYear', '建设起始年'],
      ['endYear', '建设截止年'],
      ['allocated', '年度拨付（元）'],
      ['spent', '年度支出（元）'],
      ['balance', '结余（元）'],
      ['updatedAt', '更新时间'],
    ],
    async rows(run, params) {
      const rows: Row[] = [];
      let after: string | null = null;
      do {
        const data: any = await run(STUDIO_PAGE, { ...params, first: MAX_PAGE_SIZE, after });
        for (const { node: s } of data.studios.edges) {
          rows.push({
            id: s.id,
            name: s.name,
            level: s.level,
            status: s.status,
            regionCode: s.region.code,
            regionName: s.region.name,
            host: s.host.name,
            memberCount: s.memberCount,
            batch: s.batch,
            startYear: s.startYear,
            endYear: s.endYear,
            allocated: s.funding.allocated,
            spent: s.funding.spent,
            balance: s.funding.balance,
            updatedAt: s.updatedAt,
          });
        }
        after = data.studios.pageInfo.hasNextPage ? data.studios.pageInfo.endCursor : null;
      } while (after);
      return rows;
    },
  },
  'policy-diff': {
    title: '政策比较',
    params: { a: 'policy', b: 'policy', aVersion: 'version?', bVersion: 'version?' },
    documents: [POLICY_DIFF],
    columns: [
      ['code', '规则代码'],
      ['change', '变化'],
      ['beforeValue', '甲方取值'],
      ['beforeSeed', '甲方条款'],
      ['beforeText', '甲方原文'],
      ['afterValue', '乙方取值'],
      ['afterSeed', '乙方条款'],
      ['afterText', '乙方原文'],
    ],
    async rows(run, params) {
      const data = await run(POLICY_DIFF, { aVersion: null, bVersion: null, ...params });
      type Side = { value: string; seed: string; text: string } | null;
      const changes: { code: string; change: keyof typeof CHANGE_NAMES; before: Side; after: Side }[] = data.policyDiff;
      return changes.map((c) => ({
        code: c.code,
        change: CHANGE_NAMES[c.change],
        beforeValue: c.before?.value ?? null,
        beforeSeed: c.before?.seed ?? null,
        beforeText: c.before?.text ?? null,
        afterValue: c.after?.value ?? null,
        afterSeed: c.after?.seed ?? null,
        afterText: c.after?.text ?? null,
      }));
    },
  },
  'pending-second-evaluations': {
    title: '各县（区）待二次评估工作室数',
    params: { within: 'code' },
    documents: [COUNTIES],
    columns: [
      ['code', '区县代码'],
      ['name', '区县'],
      ['city', '所属地市'],
      ['studioCount', '待二次评估工作室数'],
    ],
    async rows(run, params) {
      const data = await run(COUNTIES, params);
      return data.region.descendants.map((c: any) => ({
        code: c.code,
        name: c.name,
        city: c.parent?.name ?? null,
        studioCount: c.evaluations.studioCount,
      }));
    },
  },
  'studio-rollup': rollupExport(
    '工作室分组统计',
    'studioRollup',
    'StudioDimension',
    {
      REGION: REGION_COLUMNS,
      LEVEL: [['level', '级别']],
      STATUS: [['status', '状态']],
      POLICY: [
        ['policy.id', '政策编号'],
        ['policy.name', '政策'],
      ],
      BATCH: [['batch', '批次']],
      START_YEAR: [['startYear', '建设起始年']],
    },
    [
      ['studioCount', '工作室数'],
      ['memberCount', '成员数'],
      ['share', '占比'],
    ],
  ),
  'evaluation-rollup': rollupExport(
    '评估分组统计',
    'evaluationRollup',
    'EvaluationDimension',
    {
      REGION: REGION_COLUMNS,
      KIND: [['kind', '评估类型']],
      STATUS: [['status', '评估状态']],
      RESULT: [['result', '结果']],
      YEAR: [['year', '年度']],
    },
    [
      ['count', '评估次数'],
      ['studioCount', '涉及工作室数'],
      ['passed', '合格及以上（归一）'],
      ['passedWithDistinction', '优秀（归一）'],
      ['failed', '不合格'],
      ['share', '占比'],
    ],
  ),
  'funding-rollup': rollupExport(
    '经费分组统计',
    'fundingRollup',
    'FundingDimension',
    { REGION: REGION_COLUMNS, YEAR: [['year', '年度']], SOURCE: [['source', '经费来源']], CATEGORY: [['category', '支出类别']] },
    [
      ['allocated', '拨付（元）'],
      ['matched', '配套（元）'],
      ['spent', '支出（元）'],
      ['share', '占比'],
    ],
    { year: 'year?' },
  ),
  'region-overview': {
    title: '下级地区概览',
    params: { within: 'code', year: 'year' },
    documents: [CHILDREN],
    columns: [
      ['code', '地区代码'],
      ['name', '地区'],
      ['studios', '工作室数'],
      ['members', '成员数'],
      ['evaluations', '年度评估次数'],
      ['pending', '待二次评估工作室数'],
      ['allocated', '拨付（元）'],
      ['matched', '配套（元）'],
      ['spent', '支出（元）'],
      ['balance', '结余（元）'],
      ['executionRate', '执行率'],
    ],
    async rows(run, params) {
      const data = await run(CHILDREN, params);
      return data.region.children.map((c: any) => ({
        code: c.code,
        name: c.name,
        studios: c.studios.total,
        members: c.studios.memberCount,
        evaluations: c.evaluations.count,
        pending: c.pending.studioCount,
        allocated: c.funding.allocated,
        matched: c.funding.matched,
        spent: c.funding.spent,
        balance: c.funding.balance,
        executionRate: c.funding.executionRate,
      }));
    },
  },
};

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

const REGION_LEVELS = ['PROVINCE', 'CITY', 'COUNTY'];

const badParam = (name: string, message: string) =>
  new ExportError(400, [{ message, extensions: { code: 'BAD_USER_INPUT', argumentName: name } }]);

function readParams(definition: ExportDefinition, url: URL): Params {
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
      const allowed = definition.dimensions ?? [];
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

const csv = (columns: Column[], rows: Row[]) =>
  toCsv(
    columns.map(([, header]) => header),
    rows.map((r) => columns.map(([key]) => r[key])),
  );

async function xlsx(title: string, columns: Column[], rows: Row[]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(title);
  sheet.columns = columns.map(([key, header]) => ({ key, header, width: Math.max(10, header.length * 2 + 2) }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const row of rows) sheet.addRow(Object.fromEntries(Object.entries(row).map(([key, value]) => [key, neutralise(value)])));
  return Buffer.from(await book.xlsx.writeBuffer());
}

const CONTENT_TYPE = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export function exportRoutes<C extends { viewer: Viewer }>(
  apollo: ApolloServer<C>,
  authenticate: (req: IncomingMessage) => Promise<C>,
): Record<string, RouteHandler> {
  const routes: Record<string, RouteHandler> = {};
  for (const [name, definition] of Object.entries(EXPORTS)) {
    for (const format of ['csv', 'xlsx'] as const) {
      routes[`/export/${name}.${format}`] = async (req: IncomingMessage, res: ServerResponse) => {
        try {
          const contextValue = await authenticate(req).catch((error: GraphQLError) => {
            throw new ExportError(401, [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }]);
          });
          const params = readParams(definition, new URL(req.url ?? '/', 'http://localhost'));
          const run: Run = async (query, variables) => {
            const response = await apollo.executeOperation({ query, variables }, { contextValue });
            if (response.body.kind !== 'single') throw new Error('unexpected incremental response');
            const { data, errors } = response.body.singleResult;
            if (errors?.length) throw new ExportError(STATUS_OF[String(errors[0]!.extensions?.code)] ?? 500, errors);
            return data;
          };
          const rows = await definition.rows(run, params);
          const columns = typeof definition.columns === 'function' ? definition.columns(params) : definition.columns;
          const body = format === 'csv' ? csv(columns, rows) : await xlsx(definition.title, columns, rows);
          const filename = `${definition.title}-${Object.values(params).flat().join('-')}.${format}`;
          res.writeHead(200, {
            'content-type': CONTENT_TYPE[format],
            'content-disposition': `attachment; filename="${name}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
          });
          res.end(body);
        } catch (error) {
          if (!(error instanceof ExportError)) throw error;
          sendJson(res, error.status, { errors: error.errors });
        }
      };
    }
  }
  return routes;
}
