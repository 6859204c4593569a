import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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
};

// the page opens on the headline of the integration contract, as registered in operations/
const DEFAULT_QUERY = `# 各县（区）待二次评估的工作室数 — studios per county with a pending 二次评估
# Press Ctrl-Enter (or the ▶ button) to run; change "within" below to any province or city code.
${readFileSync(new URL('../operations/contract/pending-second-evaluations-by-county.graphql', import.meta.url), 'utf8')}`;

const defaultHeaders = (token: string | undefined) =>
  JSON.stringify({ Authorization: `Bearer ${token ?? '<令牌：npm run token -- --level PROVINCE --region 410000>'}` }, null, 2);

function page(token: string | undefined): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>名班主任工作室数据中心 · GraphQL Playground</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/playground/graphiql.css">
  <style>html, body, #playground { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="playground">正在加载… Loading the playground…</div>
  <script src="/playground/react.js"></script>
  <script src="/playground/react-dom.js"></script>
  <script src="/playground/graphiql.js"></script>
  <script>
    const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
    ReactDOM.createRoot(document.getElementById('playground')).render(
      React.createElement(GraphiQL, {
        fetcher,
        defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
        variables: ${JSON.stringify(JSON.stringify({ within: '410000' }, null, 2))},
        defaultHeaders: ${JSON.stringify(defaultHeaders(token))},
        defaultEditorToolsVisibility: 'headers',
        shouldPersistHeaders: false,
      }),
    );
  </script>
</body>
</html>`;
}

/** The page and its assets; `token`, when given (development), is set in the page's Authorization header. */
export function playgroundRoutes(token?: string): Record<string, RouteHandler> {
  const html = page(token);
  const routes: Record<string, RouteHandler> = {
    '/': (req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-cache');
      return sendBody(req, res, html);
    },
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
