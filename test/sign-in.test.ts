import type { Server } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import { Provider } from 'oidc-provider';
import { afterAll, beforeAll, it } from 'vitest';
import { inChromium } from './support/chromium.ts';
import { describe, expect, startTestHub, type TestHub } from './support/hub.ts';
import { freePort } from './support/ports.ts';

// issue 25 item 3: where the hub verifies tokens against an identity provider (JWT_JWKS_URL), the playground signs
// its user in there with OpenID Connect (authorization code with PKCE) and keeps the token for the session. The
// provider here is oidc-provider, started by the test, with its development login and consent pages; it issues
// JWT access tokens for the hub's audience carrying the hub's claims (level, region, roles).

const CLIENT_ID = 'studio-hub-playground';
/** the hub's audience: a resource indicator is an absolute URI (RFC 8707) */
const AUDIENCE = 'urn:studio-hub:api';

let hub: TestHub & { dispose(): Promise<void> };
let server: Server;
let issuer: string;

beforeAll(async () => {
  const providerPort = await freePort();
  const hubPort = await freePort();
  issuer = `http://127.0.0.1:${providerPort}`;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        token_endpoint_auth_method: 'none', // a public client: the page holds no secret, PKCE protects the code
        redirect_uris: [`http://127.0.0.1:${hubPort}/`, `http://127.0.0.1:${hubPort}/dashboard`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'ES256', use: 'sig', kid: 'test-key' }] },
    pkce: { required: () => true },
    findAccount: (_ctx: unknown, id: string) => ({ accountId: id, claims: () => ({ sub: id }) }),
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'hub',
          audience: AUDIENCE,
          accessTokenTTL: 3600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        }),
      },
    },
    // the office the signed-in person works for, as the hub reads it from a token
    extraTokenClaims: () => ({ level: 'PROVINCE', region: '410000', roles: ['analyst'] }),
  });
  server = provider.listen(providerPort, '127.0.0.1');
  hub = await startTestHub({
    PORT: String(hubPort),
    JWT_JWKS_URL: `${issuer}/jwks`,
    JWT_ISSUER: issuer,
    JWT_AUDIENCE: AUDIENCE,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_SCOPE: 'openid hub',
  });
});
afterAll(async () => {
  await hub?.dispose();
  await new Promise((resolve) => server?.close(resolve));
});

describe('sign-in at the identity provider (issue 25 item 3)', () => {
  it('the playground signs in with authorization code + PKCE, runs queries with that token, and keeps it for the session, the dashboard too', async () => {
    await inChromium(async (page) => {
      const authorize: URL[] = [];
      page.on('request', (r) => void (r.url().startsWith(`${issuer}/auth`) && authorize.push(new URL(r.url()))));
      await page.goto(`${hub.url}/`);
      // no development token on a hub that verifies the provider's tokens: nobody is signed in yet
      await expect.poll(() => page.locator('#hub-status').innerText(), { timeout: 30_000 }).toBe('未登录');
      expect(hub.devToken).toBeNull();

      await page.locator('#sign-in').click();
      await page.locator('input[name="login"]').fill('clerk-wang');
      await page.locator('input[name="password"]').fill('any');
      await page.locator('button[type="submit"]').click();
      await page.locator('button[type="submit"]').click(); // consent
      await page.waitForURL(`${hub.url}/`);
      await expect.poll(() => page.locator('#hub-status').innerText(), { timeout: 30_000 }).toBe('已登录');

      // the code was asked for with PKCE (S256), and the address bar keeps no code
      expect(authorize[0]!.searchParams.get('code_challenge_method')).toBe('S256');
      expect(authorize[0]!.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
      expect(page.url()).toBe(`${hub.url}/`);

      // the token is the provider's, kept in sessionStorage, and the hub takes it: the playground's query answers
      const kept = JSON.parse((await page.evaluate(() => sessionStorage.getItem('studio-hub:token')))!) as { token: string };
      const claims = JSON.parse(Buffer.from(kept.token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
      expect(claims).toMatchObject({ iss: issuer, aud: AUDIENCE, sub: 'clerk-wang', level: 'PROVINCE', region: '410000' });
      await page.locator('.graphiql-execute-button').click();
      const response = page.locator('.graphiql-response');
      await expect.poll(() => response.innerText(), { timeout: 30_000 }).toContain('descendants');
      // the export list is the signed-in viewer's too
      await expect.poll(() => page.locator('#export-name option').count(), { timeout: 30_000 }).toBeGreaterThan(3);

      // a reload keeps the session's token without going back to the provider
      const before = authorize.length;
      await page.reload();
      await expect.poll(() => page.locator('#hub-status').innerText(), { timeout: 30_000 }).toBe('已登录');
      expect(authorize).toHaveLength(before);

      // the dashboard is signed in by the same session: the provider's viewer, 河南省, without a development token
      await page.goto(`${hub.url}/dashboard`);
      await expect.poll(() => page.locator('#hub-status').innerText(), { timeout: 30_000 }).toBe('已登录');
      await expect.poll(() => page.locator('#dashboard-title').innerText(), { timeout: 60_000 }).toContain('河南省');
      expect(authorize).toHaveLength(before);

      // signing out forgets it
      await page.locator('#sign-out').click();
      await expect.poll(() => page.locator('#hub-status').innerText(), { timeout: 30_000 }).toBe('未登录');
      expect(await page.evaluate(() => sessionStorage.getItem('studio-hub:token'))).toBeNull();
    });
  });

  it('without a token the hub still refuses: the provider signs people in, the hub checks every token', async () => {
    const res = await fetch(`${hub.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ region(code: "410000") { name } }' }),
    });
    expect(res.status).toBe(401);
  });
});
