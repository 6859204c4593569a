import type { RouteHandler } from '../lib/http/server.ts';
import type { SignIn } from './playground.ts';
import { thisYear } from '../lib/domain/clock.ts';
import { sendBody } from '../lib/http/web.ts';

/**
 * The office dashboard at /dashboard: one page built only on the public GraphQL API (gateway/playground/
 * dashboard.js), a reference for dashboard frontends. Its scripts come from this machine like the playground's.
 * The token is the signed-in user's (gateway/playground/session.js, the same sign-in as the playground's: the
 * identity provider must allow /dashboard as a redirect address too) or, in development, the dev token; the year
 * its funding figures end with is the hub's (lib/domain/clock.ts).
 */
function page(token: string | undefined, signIn: SignIn | undefined): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>名班主任工作室数据看板</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/playground/hub.css">
  <style>
    body { --page-inset: 20px; margin: 0; font-size: 14px; color: #1f2328; background: #f6f8fa; }
    header { display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; padding: 10px 20px; background: #2f6fb0; color: #fff; }
    header h1 { font-size: 18px; margin: 0; }
    header a { color: #fff; }
    main { padding: 12px 20px; display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 14px; }
    section { background: #fff; border: 1px solid #d0d7de; border-radius: 6px; padding: 10px 14px; }
    section.wide { grid-column: 1 / -1; }
    section h2 { font-size: 15px; margin: 0 0 8px; }
    .cards { display: flex; flex-wrap: wrap; gap: 10px; }
    .card { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 12px; min-width: 110px; background: #fafbfc; }
    .card b { display: block; font-size: 22px; }
    table { border-collapse: collapse; width: 100%; }
    th, td { border-bottom: 1px solid #eaeef2; padding: 3px 6px; text-align: left; }
    td.number, th.number { text-align: right; }
    .chart { width: 100%; height: 300px; }
    #dashboard-map { height: 460px; }
    #dashboard-error { padding: 8px 12px; margin: 12px 20px; }
  </style>
</head>
<body>
  <header><h1 id="dashboard-title">名班主任工作室数据看板</h1><nav id="dashboard-nav"></nav><a href="/">查询工具</a></header>
  <div id="hub-bar"></div>
  <div id="dashboard-error" hidden></div>
  <main id="dashboard">正在加载…</main>
  <script src="/playground/echarts.js"></script>
  <script type="module">
    import { openDashboard } from '/playground/dashboard.js';
    import { hubBar, signedIn } from '/playground/session.js';
    const signIn = ${JSON.stringify(signIn ?? null)};
    const token = (await signedIn(signIn)) ?? ${JSON.stringify(token ?? null)};
    hubBar(document.getElementById('hub-bar'), { signIn, token });
    openDashboard({ token, year: ${thisYear()} });
  </script>
</body>
</html>`;
}

/** GET /dashboard; `token`, when given (development), is the one it uses without a sign-in; `signIn` as the playground's. */
export function dashboardRoutes(token?: string, signIn?: SignIn): Record<string, RouteHandler> {
  return {
    '/dashboard': (req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.setHeader('cache-control', 'no-cache');
      return sendBody(req, res, page(token, signIn));
    },
  };
}
