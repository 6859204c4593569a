import { fuzz } from '../scripts/fuzz.ts';
import { describe, expect, test } from './support/hub.ts';

// the short version of `npm run fuzz` (10,000 of each there): a fixed seed, so a failure here can be repeated
const COUNT = 500;

describe('fuzzing the gateway (random valid operations, malformed requests)', () => {
  test(`${COUNT} random valid operations answer no INTERNAL_SERVER_ERROR and no 5xx; ${COUNT} malformed requests no 5xx`, async ({
    hub,
  }) => {
    const token = await hub.token({ level: 'PROVINCE', region: '410000', roles: ['admin', 'editor', 'evaluator', 'finance'] });
    const report = await fuzz(hub.url, token, { valid: COUNT, malformed: COUNT, seed: 20261202 });
    expect(report.valid.sent).toBe(COUNT);
    expect(report.malformed.sent).toBe(COUNT);
    expect(report.valid.examples).toEqual([]);
    expect(report.malformed.examples).toEqual([]);
    expect({ internal: report.valid.internal, fiveXX: report.valid.fiveXX + report.malformed.fiveXX }).toEqual({
      internal: 0,
      fiveXX: 0,
    });
    expect(report.valid.dropped + report.malformed.dropped).toBe(0);
    // most operations must reach the resolvers, or the fuzzing proves little
    expect(report.valid.answered).toBeGreaterThan(COUNT / 5);
  }, 180_000);
});
