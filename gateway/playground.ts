import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteHandler } from '../lib/http/server.ts';
import { sendBody, staticAsset } from '../lib/http/web.ts';
import { ENUMS } from './labels.ts';
import { regionMap } from './map.ts';

/**
 * A GraphiQL playground served entirely from this machine: the offices' networks do not reach the CDNs that
 * Apollo's default landing page loads from. Scripts and styles come from the installed npm packages.
 */
const require = createRequire(import.meta.url);
const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  '/playground/react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  '/playground/react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  '/playground/graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  '/playground/graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
  '/playground/echarts.js': { pkg: 'echarts', file: 'dist/echarts.min.js', type: 'text/javascript' },
  // OpenID Connect in the browser (sign-in, gateway/playground/session.js): the package's ESM build
  '/playground/oauth4webapi.js': { pkg: 'oauth4webapi', file: 'build/index.js', type: 'text/javascript' },
};
/** The identity provider the pages sign users in with: its issuer (JWT_ISSUER), the client id and the scope. */
export interface SignIn {
  issuer: string;
  clientId: string;
  scope: string;
}
/**
 * Our own plain browser modules (gateway/playground/): the results panel, its map, the dashboard, sign-in and downloads;
 * and the stylesheet the playground and the dashboard share.
 */
const MODULES = ['results.js', 'map.js', 'schema.js', 'zh.js', 'toolbar.js', 'dashboard.js', 'session.js', 'hub.css'];
/** The Chinese names of enum values the exports use (gateway/labels.ts), for the results panel and the dashboard. */
const LABELS_MODULE = `export const ENUM_LABELS = ${JSON.stringify(ENUMS)};\n`;

// the page opens on the headline of the integration contract, as registered in operations/
const DEFAULT_QUERY = `# 各县（区）待二次评估的工作室数 — studios per county with a pending 二次评估
# Press Ctrl-Enter (or the ▶ button) to run; change "within" below to any province or city code.
${readFileSync(new URL('../operations/contract/pending-second-evaluations-by-county.graphql', import.meta.url), 'utf8')}`;

const PLACEHOLDER = 'Bearer <令牌：npm run token -- --level PROVINCE --region 410000>';

function page(token: string | undefined, signIn: SignIn | undefined): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>名班主任工作室数据中心 · 查询工具</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/playground/graphiql.css">
  <link rel="stylesheet" href="/playground/hub.css">
  <style>
    html, body { height: 100%; margin: 0; }
    body { display: flex; flex-direction: column; }
    #toolbar { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; padding: 4px 12px; border-bottom: 1px solid #d0d7de; font-size: 13px; }
    #toolbar .title { font-weight: 600; }
    #toolbar .group { display: inline-flex; gap: 4px; align-items: center; }
    #toolbar a { color: #2f6fb0; }
    #toolbar-message { color: #555; }
    #playground { flex: 1 1 50%; min-height: 0; }
    #results { flex: 0 0 45%; overflow: auto; border-top: 2px solid #d0d7de; padding: 6px 12px; font-size: 13px; }
    #results.collapsed { flex-basis: 2em; overflow: hidden; }
    #results.expanded { flex-basis: 85%; }
    #results h2 { font-size: 14px; margin: 2px 0 6px; display: flex; gap: 12px; align-items: center; }
    #results h2 span { cursor: pointer; }
    #results .controls { display: flex; gap: 16px; align-items: center; margin: 4px 0; flex-wrap: wrap; }
    #results .tabs { display: flex; gap: 4px; margin: 6px 0; border-bottom: 1px solid #d0d7de; }
    #results .tabs button { border: 1px solid #d0d7de; border-bottom: none; background: #f3f5f7; padding: 3px 14px; cursor: pointer; }
    #results .tabs button[aria-selected="true"] { background: #fff; font-weight: 600; }
    #result-errors { padding: 4px 10px; margin: 4px 0; }
    #result-errors ul { margin: 2px 0; padding-left: 20px; }
    #result-table { border-collapse: collapse; margin-top: 8px; }
    #result-table th, #result-table td { border: 1px solid #d0d7de; padding: 2px 6px; text-align: left; white-space: nowrap; }
    #result-table th { background: #f3f5f7; position: sticky; top: 0; cursor: pointer; }
    #result-table tr.filters th { top: 1.6em; cursor: default; }
    #result-table tr.filters input { width: 7em; }
    #result-table .number { text-align: right; }
  </style>
</head>
<body>
  <nav id="toolbar"><span class="title">名班主任工作室数据中心 · 查询工具</span><a href="/dashboard">数据看板</a></nav>
  <div id="hub-bar"></div>
  <div id="playground">正在加载查询工具…</div>
  <section id="results">
    <h2><span id="results-title" title="点击收起/展开">结果：表格 · 图表 · 地图</span>
      <button type="button" id="results-expand">放大/还原</button></h2>
    <div id="results-body"><p class="hint">运行查询（Ctrl-Enter 或 ▶）后，结果中的对象列表在此显示为表格、图表和地图。</p></div>
  </section>
  <script src="/playground/react.js"></script>
  <script src="/playground/react-dom.js"></script>
  <script src="/playground/graphiql.js"></script>
  <script src="/playground/echarts.js"></script>
  <script type="module">
    import { showResult } from '/playground/results.js';
    import { describeSchema } from '/playground/schema.js';
    import { ENUM_LABELS } from '/playground/labels.js';
    import { inChinese } from '/playground/zh.js';
    import { fromLink, toolbar } from '/playground/toolbar.js';
    import { hubBar, signedIn } from '/playground/session.js';
    // signed in at the identity provider (kept for the browser's session), else the development token, if any
    const signIn = ${JSON.stringify(signIn ?? null)};
    const token = (await signedIn(signIn)) ?? ${JSON.stringify(token ?? null)};
    const session = hubBar(document.getElementById('hub-bar'), { signIn, token });
    const panel = document.getElementById('results-body');
    const results = document.getElementById('results');
    document.getElementById('results-title').addEventListener('click', () => results.classList.toggle('collapsed'));
    document.getElementById('results-expand').addEventListener('click', () => results.classList.toggle('expanded'));
    let schema;
    let lastRun = null;
    const bar = toolbar(() => lastRun);
    // a shared link reopens its query and variables; the token stays in the headers, never in a link
    const opened = fromLink(location.href);
    // GraphiQL's own fetcher, plus the table, chart and map of every result the analyst runs (not the schema's)
    const fetcher = async (params, options) => {
      // GraphiQL's own schema fetch is not the analyst's run: it neither becomes the shared link nor the export
      const introspection = params.operationName === 'IntrospectionQuery';
      if (!introspection) session.ran(params, options?.headers);
      let result;
      try {
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...(options?.headers ?? {}) },
          body: JSON.stringify(params),
        });
        result = await res.json().catch(() => ({ errors: [{ message: \`数据中心的回答无法读取（HTTP \${res.status}）\` }] }));
      } catch (e) {
        result = { errors: [{ message: \`无法连接数据中心：\${e.message}\` }] };
      }
      if (result?.data?.__schema) schema = describeSchema(result.data.__schema, ENUM_LABELS);
      else if (!introspection) {
        lastRun = { query: params.query, variables: params.variables ? JSON.stringify(params.variables, null, 2) : '' };
        bar.ran(lastRun);
        showResult(panel, result, schema, params.query);
      }
      return result;
    };
    ReactDOM.createRoot(document.getElementById('playground')).render(
      React.createElement(GraphiQL, {
        fetcher,
        query: opened?.query,
        defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
        variables: opened ? opened.variables : ${JSON.stringify(JSON.stringify({ within: '410000' }, null, 2))},
        defaultHeaders: JSON.stringify({ Authorization: token ? 'Bearer ' + token : ${JSON.stringify(PLACEHOLDER)} }, null, 2),
        defaultEditorToolsVisibility: opened?.variables ? 'variables' : 'headers',
        shouldPersistHeaders: false,
      }),
    );
    inChinese(document.getElementById('playground'));
  </script>
</body>
</html>`;
}

/**
 * The page and its assets; `token`, when given (development), is set in the page's Authorization header; with
 * `signIn`, the page signs its user in at the identity provider and uses that token.
 */
export function playgroundRoutes(token?: string, signIn?: SignIn): Record<string, RouteHandler> {
  const html = page(token, signIn);
  const routes: Record<string, RouteHandler> = {
    '/': (req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-cache');
      return sendBody(req, res, html);
    },
  };
  for (const name of MODULES)
    routes[`/playground/${name}`] = async (_req, res) => {
      const type = name.endsWith('.css') ? 'text/css' : 'text/javascript';
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' });
      res.end(await readFile(fileURLToPath(new URL(`./playground/${name}`, import.meta.url))));
    };
  routes['/playground/labels.js'] = (req, res) => {
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    return sendBody(req, res, LABELS_MODULE);
  };
  routes['/maps/region.json'] = regionMap;
  for (const [path, asset] of Object.entries(ASSETS)) {
    // the bundles are not in the packages' exports maps, so find them from each package's root
    const file = join(dirname(require.resolve(`${asset.pkg}/package.json`)), asset.file);
    // read, hashed and compressed once, on first use: an ETag and a day's caching
    let serve: Promise<RouteHandler> | null = null;
    routes[path] = async (req, res) => {
      serve ??= readFile(file).then((body) => staticAsset(body, `${asset.type}; charset=utf-8`));
      await (
        await serve
      )(req, res);
    };
  }
  return routes;
}
