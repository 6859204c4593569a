import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RouteHandler } from '../lib/http.ts';
import { sendBody, staticAsset } from '../lib/web.ts';

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
  // OpenID Connect in the browser (sign-in, gateway/playground/session.js): the package's ESM build
  '/playground/oauth4webapi.js': { pkg: 'oauth4webapi', file: 'build/index.js', type: 'text/javascript' },
};
/** The identity provider the pages sign users in with: its issuer (JWT_ISSUER), the client id and the scope. */
export interface SignIn {
  issuer: string;
  clientId: string;
  scope: string;
}
/** Our own plain browser modules: the table and chart beside GraphiQL's JSON; sign-in and downloads. */
const SCRIPTS = ['results.js', 'session.js'];

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
  <title>名班主任工作室数据中心 · GraphQL Playground</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/playground/graphiql.css">
  <style>
    html, body { height: 100%; margin: 0; }
    body { display: flex; flex-direction: column; font-family: system-ui, sans-serif; }
    #playground { flex: 1 1 60%; min-height: 0; }
    #results { flex: 0 0 40%; overflow: auto; border-top: 2px solid #d0d7de; padding: 6px 12px; font-size: 13px; }
    #results.collapsed { flex-basis: 2em; overflow: hidden; }
    #results h2 { font-size: 14px; margin: 2px 0 6px; cursor: pointer; }
    #results .controls { display: flex; gap: 16px; align-items: center; margin: 4px 0; flex-wrap: wrap; }
    #result-table { border-collapse: collapse; margin-top: 8px; }
    #result-table th, #result-table td { border: 1px solid #d0d7de; padding: 2px 6px; text-align: left; white-space: nowrap; }
    #result-table th { background: #f3f5f7; position: sticky; top: 0; }
    #hub-bar { display: flex; gap: 10px; align-items: center; flex-wrap: wrap; padding: 4px 12px; font-size: 13px; border-bottom: 1px solid #d0d7de; }
    #hub-bar .spacer { flex: 1; }
    #hub-bar .error { color: #b42318; }
  </style>
</head>
<body>
  <div id="hub-bar"></div>
  <div id="playground">正在加载… Loading the playground…</div>
  <section id="results">
    <h2 id="results-title" title="点击收起/展开">结果表格与图表 · Table and chart of the result</h2>
    <div id="results-body"><p class="hint">运行查询后，结果中的对象列表在此显示为表格和条形图。</p></div>
  </section>
  <script src="/playground/react.js"></script>
  <script src="/playground/react-dom.js"></script>
  <script src="/playground/graphiql.js"></script>
  <script type="module">
    import { showResult } from '/playground/results.js';
    import { hubBar, signedIn } from '/playground/session.js';
    // signed in at the identity provider (kept for the browser's session), else the development token, if any
    const signIn = ${JSON.stringify(signIn ?? null)};
    const token = (await signedIn(signIn)) ?? ${JSON.stringify(token ?? null)};
    const bar = hubBar(document.getElementById('hub-bar'), { signIn, token });
    const panel = document.getElementById('results-body');
    document.getElementById('results-title').addEventListener('click', () =>
      document.getElementById('results').classList.toggle('collapsed'));
    // GraphiQL's own fetcher, plus the table and chart of every result the analyst runs (not the schema's)
    const fetcher = async (params, options) => {
      bar.ran(params, options?.headers);
      const res = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...(options?.headers ?? {}) },
        body: JSON.stringify(params),
      });
      const result = await res.json();
      if (!result?.data?.__schema) showResult(panel, result);
      return result;
    };
    ReactDOM.createRoot(document.getElementById('playground')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
        variables: ${JSON.stringify(JSON.stringify({ within: '410000' }, null, 2))},
        defaultHeaders: JSON.stringify({ Authorization: token ? 'Bearer ' + token : ${JSON.stringify(PLACEHOLDER)} }, null, 2),
        defaultEditorToolsVisibility: 'headers',
        shouldPersistHeaders: false,
      }),
    );
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
  for (const script of SCRIPTS)
    routes[`/playground/${script}`] = async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(await readFile(fileURLToPath(new URL(`./playground/${script}`, import.meta.url))));
    };
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
