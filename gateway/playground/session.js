/* global document, location, sessionStorage, history */
// The hub's pages in a browser: who is signed in, and downloads. A plain browser module, no build step.
//
// Sign-in: where the hub verifies tokens against an identity provider, the page signs its user in there with
// OpenID Connect (authorization code with PKCE, a public client; oauth4webapi) and keeps the access token for the
// browser's session (sessionStorage: gone when the tab closes, never in a URL). In development the page has the
// dev token instead.
//
// Downloads: the page asks the gateway (POST /export/links, with the token) for a short-lived link to a named
// export or to its current result, and the browser follows that link: it carries no long-lived secret, only a
// ticket for that one download, good for a few minutes and once.

const TOKEN = 'studio-hub:token';
/** Why the last sign-in did not finish (the provider refused, the code was not accepted), for the bar to show. */
let failed = null;
const PENDING = 'studio-hub:sign-in';

async function provider(signIn) {
  const oauth = await import('/playground/oauth4webapi.js');
  const issuer = new URL(signIn.issuer);
  // a provider on plain http is for tests and local trials only
  const options = issuer.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {};
  const as = await oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, options));
  return { oauth, as, client: { client_id: signIn.clientId }, options, redirect: location.origin + location.pathname };
}

/**
 * The signed-in user's access token: finishes a sign-in the provider has just sent the browser back from, else
 * the one kept for this session while it has more than a minute to live (`{ token, expires }` under
 * `studio-hub:token`); null when nobody is signed in.
 */
export async function signedIn(signIn) {
  const here = new URL(location.href);
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  if (signIn && pending && (here.searchParams.has('code') || here.searchParams.has('error'))) {
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', pending.back); // the page's own address again, without the code
    const { oauth, as, client, options, redirect } = await provider(signIn);
    const params = oauth.validateAuthResponse(as, client, here, pending.state);
    const response = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      redirect,
      pending.verifier,
      options,
    );
    const result = await oauth.processAuthorizationCodeResponse(as, client, response);
    const expires = Date.now() + (result.expires_in ?? 3600) * 1000;
    sessionStorage.setItem(TOKEN, JSON.stringify({ token: result.access_token, expires }));
  }
  const kept = JSON.parse(sessionStorage.getItem(TOKEN) ?? 'null');
  return kept && kept.expires > Date.now() + 60_000 ? kept.token : null;
}

/** Sends the browser to the provider's sign-in, to come back to this very page. */
export async function startSignIn(signIn) {
  const { oauth, as, redirect } = await provider(signIn);
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, back: location.href }));
  const url = new URL(as.authorization_endpoint);
  url.searchParams.set('client_id', signIn.clientId);
  url.searchParams.set('redirect_uri', redirect);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('scope', signIn.scope);
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  location.assign(url.href);
}

export function signOut() {
  sessionStorage.removeItem(TOKEN);
  location.reload();
}

const element = (tag, properties = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
};

/** Follows a download link: the browser saves the file (or shows the gateway's page saying why not). */
function follow(url) {
  const link = element('a', { href: url, download: '' });
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * The bar above the playground: who is signed in (登录 / 退出), the named exports for the viewer's region, and
 * 导出结果 for the current result. `ran(params, headers)` tells it each query the page runs, with the headers it
 * ran with (the analyst may have changed the token).
 */
export function hubBar(container, { signIn, token }) {
  let authorization = token ? `Bearer ${token}` : null;
  let last = null;
  const status = element('span', { id: 'hub-status' });
  const error = element('span', { id: 'hub-error', className: 'error' });
  const named = element('select', { id: 'export-name', title: '本辖区的导出' });
  const format = element(
    'select',
    { id: 'export-format' },
    element('option', { value: 'xlsx', textContent: 'XLSX' }),
    element('option', { value: 'csv', textContent: 'CSV' }),
  );
  const download = element('button', { id: 'export-download', textContent: '下载' });
  const result = element('button', { id: 'export-result', textContent: '导出当前结果', disabled: true });
  const account = signIn
    ? token
      ? element('button', { id: 'sign-out', textContent: '退出登录', onclick: signOut })
      : element('button', { id: 'sign-in', textContent: '登录', onclick: () => startSignIn(signIn).catch(show) })
    : '';
  status.textContent = token ? (signIn ? '已登录' : '开发令牌') : signIn ? '未登录' : '';
  container.append(
    element('strong', { textContent: '导出' }),
    named,
    format,
    download,
    result,
    error,
    element('span', { className: 'spacer' }),
    status,
    account,
  );

  function show(problem) {
    error.textContent = problem ? String(problem.message ?? problem) : '';
  }

  async function call(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: { ...(authorization ? { authorization } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await res.json();
    if (!res.ok) throw new Error(answer.errors?.[0]?.message ?? `HTTP ${res.status}`);
    return answer;
  }

  async function listExports() {
    named.replaceChildren();
    if (!authorization) return;
    try {
      const { exports } = await call('GET', '/export/list');
      for (const e of exports) named.append(element('option', { value: e.path, textContent: e.title }));
      show(null);
    } catch (problem) {
      show(problem);
    }
  }

  async function linkTo(body) {
    show(null);
    try {
      follow((await call('POST', '/export/links', body)).url);
    } catch (problem) {
      show(problem);
    }
  }

  download.onclick = () => {
    if (!named.value) return;
    const path = named.value.replace(/\.xlsx\?/, `.${format.value}?`);
    return linkTo({ path });
  };
  result.onclick = () => last && linkTo({ result: last, format: format.value });
  listExports();
  if (failed) show(failed);

  return {
    ran(params, headers) {
      const sent = headers?.Authorization ?? headers?.authorization;
      if (sent && sent !== authorization && !sent.includes('<')) {
        authorization = sent;
        listExports();
      }
      if (!params?.query || /\b__schema\b/.test(params.query)) return;
      last = { query: params.query, variables: params.variables ?? {}, operationName: params.operationName ?? null };
      result.disabled = false;
    },
  };
}
