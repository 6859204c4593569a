import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzz, startLayout } from '../scripts/fuzz.ts';

// the short version of `npm run fuzz` (20,000 of each there): a fixed seed, so a failure here can be repeated
const COUNT = 500;

describe('fuzzing the hub run as separate processes (random valid and nested operations, malformed requests)', () => {
  let layout: Awaited<ReturnType<typeof startLayout>>;
  beforeAll(async () => {
    layout = await startLayout();
  }, 240_000);
  afterAll(() => layout?.stop(), 60_000);

  it(`a request can fail, a process cannot: ${COUNT} valid operations (half walking nested and entity paths with out-of-range arguments) and ${COUNT} malformed requests, as province, city, county and school viewers, leave every process alive, with no INTERNAL_SERVER_ERROR and no 5xx`, async () => {
    expect(layout.tokens).toHaveLength(4);
    const report = await fuzz(layout.url, layout.tokens, { valid: COUNT, malformed: COUNT, seed: 20261202 });
    expect(report.valid.sent).toBe(COUNT);
    expect(report.malformed.sent).toBe(COUNT);
    expect(report.valid.examples).toEqual([]);
    expect(report.malformed.examples).toEqual([]);
    expect({ internal: report.valid.internal, fiveXX: report.valid.fiveXX + report.malformed.fiveXX }).toEqual({
      internal: 0,
      fiveXX: 0,
    });
    expect(report.valid.dropped + report.malformed.dropped).toBe(0);
    expect(layout.died()).toEqual([]);
    expect(layout.unhandled()).toBe(0);
    // most operations must reach the resolvers (data, or an error a resolver raised), or the fuzzing proves little
    expect(report.valid.answered).toBeGreaterThan(COUNT / 2);
  }, 240_000);

  it('the query that once ended the studios process (a page size out of range under policies.issuingRegion) is a BAD_USER_INPUT, and every process still answers', async () => {
    for (const first of [0, 716]) {
      const res = await fetch(`${layout.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${layout.tokens[0]}` },
        body: JSON.stringify({
          query: `{ policies { issuingRegion { studioChangesConnection(first: ${first}) { totalCount } } } }`,
        }),
      });
      const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
      expect(res.status).toBe(200);
      expect(body.errors.map((e) => e.extensions.code)).toContain('BAD_USER_INPUT');
    }
    await new Promise((r) => setTimeout(r, 200));
    expect(layout.died()).toEqual([]);
    expect(layout.unhandled()).toBe(0);
  });
});

describe('the last guard of every process', () => {
  it('an error that escapes every request (a lost rejection, a throw in a timer) is logged as one JSON line and counted, and the process goes on', () => {
    const script = `
      import { guardProcess, processRegistry } from './lib/service/observability.ts';
      guardProcess();
      Promise.reject(new Error('lost rejection'));
      setTimeout(() => { throw new Error('thrown in a timer'); }, 10);
      setTimeout(async () => console.log((await processRegistry.metrics()).match(/^hub_unhandled_errors_total.*$/gm).join('\\n')), 100);`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const logged = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logged.map((l) => [l.level, l.msg])).toEqual([
      [50, 'unhandled rejection'],
      [50, 'unhandled exception'],
    ]);
    expect(String(logged[0]!.error)).toContain('lost rejection');
    expect(lines.filter((l) => l.startsWith('hub_unhandled'))).toEqual([
      'hub_unhandled_errors_total{kind="rejection"} 1',
      'hub_unhandled_errors_total{kind="exception"} 1',
    ]);
  });
});
