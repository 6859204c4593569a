/**
 * What the hub's in-memory LRUs cost per operation, at the sizes they run at: the verified tokens (10,000 kept),
 * the gateway's x-hub-viewer signer (10,000 viewers) and each server's parsed documents (16 MB, contract-sized
 * documents of about 1,000 characters). Per cache: gets of kept entries, and sets of new ones past the bound (each
 * drops the least recently used). `node bench/lru.ts` (BENCH_LRU_N sets the operations per row); millions of
 * operations per second, the best of five rounds.
 */
import { parse } from 'graphql';
import { subgraphSigner } from '../lib/auth/gateway-signing.ts';
import { VerifiedTokens } from '../lib/auth/tokens.ts';
import type { Viewer } from '../lib/auth/viewer.ts';
import { documentStore } from '../lib/http/server.ts';

const N = Number(process.env.BENCH_LRU_N ?? 200_000);

async function opsPerSecond(run: (i: number) => unknown): Promise<number> {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < N; i++) await run(i);
    best = Math.min(best, Number(process.hrtime.bigint() - start));
  }
  return N / (best / 1e9) / 1e6;
}

const viewer: Viewer = { subject: 'bench', level: 'PROVINCE', regionCode: '410000', schoolId: null, roles: ['viewer'] };
const exp = Math.floor(Date.now() / 1000) + 3600;
const tokens = Array.from({ length: 20_000 }, (_, i) => `token-${i}-${'x'.repeat(400)}`);
const verified = new VerifiedTokens();
for (let i = 0; i < 10_000; i++) verified.set(tokens[i]!, viewer, exp);

const sign = subgraphSigner('0'.repeat(64));
const viewers = Array.from({ length: 1_000 }, (_, i) => ({ ...viewer, subject: `user-${i}` }));
for (const v of viewers) await sign(v);

const document = parse(`query Q { ${Array.from({ length: 25 }, (_, i) => `a${i}: region(code: "410000") { name }`).join(' ')} }`);
const documents = documentStore();
const keys = Array.from({ length: 1_000 }, (_, i) => `document-${i}`);
for (const key of keys) await documents.set(key, document);
const kept = keys.slice(-150);

const rows: [string, (i: number) => unknown][] = [
  ['verified tokens: get (10,000 kept)', (i) => verified.get(tokens[i % 10_000]!)],
  ['verified tokens: set past 10,000', (i) => verified.set(tokens[i % 20_000]!, viewer, exp)],
  ['x-hub-viewer signer: same viewers (1,000)', (i) => sign(viewers[i % 1_000]!)],
  ['parsed documents: get (150 kept)', (i) => documents.get(kept[i % 150]!)],
  ['parsed documents: set past 16 MB', (i) => documents.set(keys[i % 1_000]!, document)],
];
console.log(`${N} operations per row, millions per second (best of 5)`);
console.log('| cache | Mops/s |\n|---|---|');
for (const [name, run] of rows) console.log(`| ${name} | ${(await opsPerSecond(run)).toFixed(2)} |`);
