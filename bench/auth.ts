/**
 * What a request's credentials cost in JavaScript, in a few seconds: the gateway verifying the same user token
 * (ES256) and signing the viewer for the subgraphs (HS256), a subgraph verifying the same `x-hub-viewer` header,
 * each done afresh every time (as before the caches) and through the caches (lib/auth/tokens.ts VerifiedTokens, lib/auth/gateway-signing.ts
 * subgraphSigner, gatewayViewers). `npm run bench:auth` (BENCH_AUTH_N sets the repetitions).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTokenVerifier, VerifiedTokens } from '../lib/auth/tokens.ts';
import { gatewayViewers, signForSubgraphs, subgraphSigner } from '../lib/auth/gateway-signing.ts';
import { signDevToken } from '../lib/auth/dev-keys.ts';
import type { Viewer } from '../lib/auth/viewer.ts';
import { parseConfig } from '../lib/service/config.ts';

const N = Number(process.env.BENCH_AUTH_N ?? 5000);

async function perCall(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 200; i++) await run();
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await run();
  return Number(process.hrtime.bigint() - start) / 1000 / N;
}

const dir = await mkdtemp(join(tmpdir(), 'bench-auth-'));
try {
  const config = parseConfig({ NODE_ENV: 'test', DEV_KEY_FILE: join(dir, 'dev-key.json') });
  const secret = randomBytes(32).toString('hex');
  const viewer: Viewer = { subject: 'bench', level: 'PROVINCE', regionCode: '410000', schoolId: null, roles: ['viewer'] };
  const authorization = `Bearer ${await signDevToken(config, viewer)}`;
  const header = await signForSubgraphs(secret, viewer);

  const rows = [
    [
      'gateway: verify the user token (ES256)',
      await createTokenVerifier(config, undefined, new VerifiedTokens(0)),
      await createTokenVerifier(config),
    ],
    ['gateway: sign x-hub-viewer (HS256)', (v: Viewer) => signForSubgraphs(secret, v), subgraphSigner(secret)],
    ['subgraph: verify x-hub-viewer (HS256)', gatewayViewers(secret, new VerifiedTokens(0)), gatewayViewers(secret)],
  ] as const;
  const args = [authorization, viewer, header] as const;
  console.log(`${N} calls each, µs per call`);
  console.log('| step | every time | cached | ratio |\n|---|---|---|---|');
  let before = 0;
  let after = 0;
  for (const [i, [name, fresh, cached]] of rows.entries()) {
    const arg = args[i] as never;
    const a = await perCall(() => (fresh as (x: never) => Promise<unknown>)(arg));
    const b = await perCall(() => (cached as (x: never) => Promise<unknown>)(arg));
    before += a;
    after += b;
    console.log(`| ${name} | ${a.toFixed(1)} | ${b.toFixed(1)} | ${(a / b).toFixed(0)}× |`);
  }
  // a request through the one-process hub: the gateway verifies and signs once, and each subgraph it asks
  // (studio-page asks three or four) verifies the header
  console.log(
    `| one token + one signature + one header check | ${before.toFixed(1)} | ${after.toFixed(1)} | ${(before / after).toFixed(0)}× |`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
