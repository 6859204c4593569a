import { spawnSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../lib/service/config.ts';
import { formatMoney, MoneyFormatError, parseMoney, ratio } from '../lib/domain/money.ts';
import { Year } from '../lib/graphql/shapes.ts';
import { isRegionCode, parentCodeOf, regionLevelOf, subtreePrefix } from '../lib/domain/region-code.ts';
import { perMilleUp } from '../subgraphs/funding/allocation/funds.ts';
import { evaluationPlan } from '../subgraphs/studios/policy/evaluation-plan.ts';
import { Rules } from '../subgraphs/studios/policy/rules.ts';

describe('Money: integer fen inside, a decimal yuan string outside, never a float (DOMAIN: 经费)', () => {
  it('formats fen as yuan with two places', () => {
    expect(formatMoney(8_000_000n)).toBe('80000.00');
    expect(formatMoney(5n)).toBe('0.05');
    expect(formatMoney(0n)).toBe('0.00');
    expect(formatMoney(-150n)).toBe('-1.50');
    expect(formatMoney('123456789012345678')).toBe('1234567890123456.78'); // beyond GraphQL Int and float precision
  });

  it('parses yuan with up to two decimal places, and no more', () => {
    expect(parseMoney('80000')).toBe(8_000_000n);
    expect(parseMoney('80000.5')).toBe(8_000_050n);
    expect(parseMoney('0.01')).toBe(1n);
    expect(() => parseMoney('0.001')).toThrow(MoneyFormatError);
    expect(() => parseMoney('1e5')).toThrow(/金额格式不正确/);
    expect(() => parseMoney('')).toThrow(MoneyFormatError);
  });

  it('computes execution rates in integers, 0 when nothing is allocated', () => {
    expect(ratio(1n, 3n)).toBe(0.3333);
    expect(ratio(0n, 0n)).toBe(0);
    expect(ratio(500n, 500n)).toBe(1);
  });
});

describe('GB/T 2260 codes encode the path (DOMAIN: Who and where)', () => {
  it('reads the level from the code', () => {
    expect(regionLevelOf('410000')).toBe('PROVINCE');
    expect(regionLevelOf('410400')).toBe('CITY');
    expect(regionLevelOf('410422')).toBe('COUNTY');
    expect(regionLevelOf('410471')).toBe('COUNTY'); // 高新区, a functional zone
  });

  it('finds the subtree prefix and the parent', () => {
    expect(subtreePrefix('410000')).toBe('41');
    expect(subtreePrefix('410400')).toBe('4104');
    expect(subtreePrefix('410422')).toBe('410422');
    expect(parentCodeOf('410422')).toBe('410400');
    expect(parentCodeOf('410400')).toBe('410000');
    expect(parentCodeOf('410000')).toBe('100000');
  });

  it('puts the nation, 100000, above the provinces, its subtree every region', () => {
    expect(regionLevelOf('100000')).toBe('NATION');
    expect(subtreePrefix('100000')).toBe('');
    expect(parentCodeOf('100000')).toBeNull();
    expect(regionLevelOf('110000')).toBe('PROVINCE'); // 北京市
  });

  it('accepts six digits only', () => {
    expect(isRegionCode('410422')).toBe(true);
    expect(isRegionCode('41042')).toBe(false);
    expect(isRegionCode('4104220')).toBe(false);
    expect(isRegionCode('41042a')).toBe(false);
    expect(isRegionCode('000000')).toBe(false);
  });
});

describe('configuration is validated at start', () => {
  it('has working defaults: gateway on 4000, subgraphs on 4001–4004, embedded database', () => {
    const config = parseConfig({});
    expect([config.PORT, config.PERSONNEL_PORT, config.STUDIOS_PORT, config.EVALUATIONS_PORT, config.FUNDING_PORT]).toEqual([
      4000, 4001, 4002, 4003, 4004,
    ]);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('names every bad value', () => {
    let error: unknown;
    try {
      parseConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', FUNDING_PORT: '70000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('FUNDING_PORT');
  });

  it('accepts the edges of the port range and refuses beyond them', () => {
    expect(parseConfig({ PORT: '0' }).PORT).toBe(0);
    expect(parseConfig({ PORT: '65535' }).PORT).toBe(65535);
    expect(() => parseConfig({ PORT: '65536' })).toThrow(ConfigError);
    expect(() => parseConfig({ PORT: '-1' })).toThrow(ConfigError);
  });

  it('takes a variable set to nothing as unset, as shells and compose files write it', () => {
    const config = parseConfig({ DATABASE_URL: '', GATEWAY_SECRET: '', PORT: '' });
    expect([config.DATABASE_URL, config.GATEWAY_SECRET, config.PORT]).toEqual([undefined, undefined, 4000]);
    expect(() => parseConfig({ DATABASE_URL: ' ' })).toThrow(ConfigError);
  });
});

describe('matching ratio (003 经费办法 第二条: 不低于 1:1): per mille, never rounded below the minimum', () => {
  it('keeps exact ratios and rounds any remainder up', () => {
    expect([perMilleUp('1'), perMilleUp('1.5'), perMilleUp('0.125')]).toEqual([1000, 1500, 125]);
    expect([perMilleUp('0.3333'), perMilleUp('1.0001'), perMilleUp('1.0000')]).toEqual([334, 1001, 1000]);
  });
});

describe("evaluation plan over a policy's cycle (evaluation.kinds)", () => {
  const rules = (kinds: string[]) =>
    new Rules({ policyId: 'test', version: 1 }, [{ code: 'evaluation.kinds', value: kinds, seed: '000 五.1', text: '—' }]);
  const years = (cycle: number, kind: string) =>
    evaluationPlan(rules(['CREATION', 'ANNUAL', 'MIDTERM', 'FINAL']), { startYear: 2024, endYear: 2024 + cycle - 1 })
      .filter((p) => p.kind === kind)
      .map((p) => p.year);
  it('holds the midterm in the year that ends the first half: year 1 of 2, year 2 of 3 or 4', () => {
    expect([years(2, 'MIDTERM'), years(3, 'MIDTERM'), years(4, 'MIDTERM')]).toEqual([[2024], [2025], [2025]]);
  });
  it('holds the creation evaluation first, an annual assessment every year and the final last', () => {
    expect([years(4, 'CREATION'), years(4, 'ANNUAL'), years(4, 'FINAL')]).toEqual([[2024], [2024, 2025, 2026, 2027], [2027]]);
  });
  it('holds nothing for a policy that names no evaluations', () => {
    expect(evaluationPlan(new Rules({ policyId: 'test', version: 1 }, []), { startYear: 2024, endYear: 2026 })).toEqual([]);
  });
});

describe('years in arguments: 2000 to 2100, what the tables accept', () => {
  it('accepts both ends and refuses one beyond each with BAD_USER_INPUT', () => {
    expect([Year.safeParse(2000).success, Year.safeParse(2100).success]).toEqual([true, true]);
    for (const year of [1999, 2101, 2026.5]) {
      expect(Year.safeParse(year).error?.issues[0]?.message).toMatch(/^年份不正确/);
    }
  });
});

describe('npm run token, as the README shows it', () => {
  const keyFile = join(tmpdir(), `studio-hub-token-test-${process.pid}.json`);
  afterAll(() => rm(keyFile, { force: true }));
  const token = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/token.ts', ...args], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      encoding: 'utf8',
      env: { ...process.env, DEV_KEY_FILE: keyFile },
    });

  it('--help prints the usage and exits 0', () => {
    const run = token('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('用法 (usage): npm run -s token --');
  });

  it('an unknown option is refused with the usage, never a stack trace', () => {
    const run = token('--bogus');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('参数有误');
    expect(run.stderr).toContain('用法');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints the token once and nothing else', () => {
    const run = token('--level', 'COUNTY', '--region', '410422');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  });
});
