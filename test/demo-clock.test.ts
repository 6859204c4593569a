import { afterAll, beforeAll } from 'vitest';
import { demoWorld, type DemoWorld } from '../demo/world.ts';
import { PENDING_SECOND_EVALUATIONS, REGION_OVERVIEW } from './support/contract.ts';
import { describe, expect, startTestHub, test, TEST_TODAY, type TestHub, expectAnswer } from './support/hub.ts';

const HEADLINE = PENDING_SECOND_EVALUATIONS;
const OVERVIEW = REGION_OVERVIEW;

/** Three years and a season after the day the tests are pinned to. */
const LATER = '2029-03-01';
const SHIFT = 3;
const SHENZHEN = '003-shenzhen-2';

const then = demoWorld(TEST_TODAY);
const later = demoWorld(LATER);

const ageOn = (day: string, birthDate: string) =>
  Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4)) - (day.slice(5) < birthDate.slice(5) ? 1 : 0);
const studioOf = (world: DemoWorld, studioId: string) => world.studios.find((s) => s.id === studioId)!;
const pendingSecondEvaluationsByCounty = (world: DemoWorld) => {
  const counts: Record<string, number> = {};
  for (const e of world.evaluations.filter((e) => e.kind === 'SECOND_EVALUATION' && e.status === 'PENDING'))
    counts[e.regionCode] = (counts[e.regionCode] ?? 0) + 1;
  return counts;
};

describe('the demo moves with the clock, so it does not rot (demo/world.ts)', () => {
  test('on any day it has the same schools, teachers, studios and teams, under the same ids', () => {
    expect(later.schools).toEqual(then.schools);
    expect(later.teachers.map((t) => t.id)).toEqual(then.teachers.map((t) => t.id));
    expect(later.studios.map(({ id, status, members }) => ({ id, status, members: members.map((m) => m.teacherId) }))).toEqual(
      then.studios.map(({ id, status, members }) => ({ id, status, members: members.map((m) => m.teacherId) })),
    );
    expect(later.evaluations.map((e) => [e.studioId, e.kind, e.status, e.result])).toEqual(
      then.evaluations.map((e) => [e.studioId, e.kind, e.status, e.result]),
    );
  });

  test('its years move by the years gone by; the Shenzhen 2nd batch stays in 2019—2021, when its policy was in force (003)', () => {
    then.studios.forEach((studio, i) => {
      const moved = studio.policyId === SHENZHEN ? 0 : SHIFT;
      expect(later.studios[i]!.startYear).toBe(studio.startYear + moved);
      expect(later.studios[i]!.batch).toBe(studio.batch.replace(/\d{4}/g, (y) => String(Number(y) + moved)));
    });
    then.evaluations.forEach((e, i) => {
      expect(later.evaluations[i]!.year).toBe(e.year + (studioOf(then, e.studioId).policyId === SHENZHEN ? 0 : SHIFT));
    });
    expect(later.studios.filter((s) => s.policyId === SHENZHEN).map((s) => s.batch)).toEqual(
      Array(3).fill('深圳市第二批（2019—2021）'),
    );
    expect(later.honors.map((h) => h.year)).toEqual(then.honors.map((h) => h.year + SHIFT));
  });

  test("this year's evaluations are pending on either day, and only this year's", () => {
    for (const [world, day] of [
      [then, TEST_TODAY],
      [later, LATER],
    ] as const) {
      const pendingYears = new Set(world.evaluations.filter((e) => e.status === 'PENDING').map((e) => e.year));
      expect([...pendingYears]).toEqual([Number(day.slice(0, 4))]);
    }
  });

  test('teachers keep their ages: hosts 42 or older, members under 40 (001 五(二); 002 方案3 五(二))', () => {
    const hosts = new Set(then.studios.map((s) => s.hostTeacherId));
    then.teachers.forEach((t, i) => {
      const age = ageOn(LATER, later.teachers[i]!.birthDate);
      // born as many years later as have passed, so at most a birthday apart
      expect(Math.abs(age - ageOn(TEST_TODAY, t.birthDate))).toBeLessThanOrEqual(1);
      if (hosts.has(t.id)) expect(age).toBeGreaterThanOrEqual(42);
    });
    const members = new Set(later.studios.flatMap((s) => s.members.map((m) => m.teacherId)));
    for (const t of later.teachers.filter((t) => members.has(t.id))) expect(ageOn(LATER, t.birthDate)).toBeLessThan(40);
  });
});

describe('a hub whose today is three years on answers as the pinned one did (HUB_TODAY)', () => {
  let hub: TestHub & { dispose(): Promise<void> };
  beforeAll(async () => {
    hub = await startTestHub({ HUB_TODAY: LATER });
  }, 180_000);
  afterAll(() => hub?.dispose());

  test('the pending 二次评估 per county are those of the demo on the pinned day (contract: pending-second-evaluations-by-county)', async () => {
    const data = expectAnswer(await hub.query(HEADLINE, { within: '410000' }));
    const counted = Object.fromEntries(
      data.region.descendants
        .filter((c: any) => c.evaluations.studioCount > 0)
        .map((c: any) => [c.code, c.evaluations.studioCount]),
    );
    const expected = pendingSecondEvaluationsByCounty(then);
    expect(Object.keys(expected).length).toBeGreaterThanOrEqual(2);
    expect(counted).toEqual(Object.fromEntries(Object.entries(expected).filter(([code]) => code.startsWith('41'))));
  });

  test("last year's money in a city is what it was a year before the pinned day (contract: region-overview)", async () => {
    const lastYear = Number(LATER.slice(0, 4)) - 1;
    const data = expectAnswer(await hub.query(OVERVIEW, { code: '410400', year: lastYear }));
    const fenIn = (world: DemoWorld, year: number) =>
      world.allocations.filter((a) => a.regionCode.startsWith('4104') && a.year === year).reduce((n, a) => n + a.amountFen, 0n);
    expect(fenIn(then, lastYear - SHIFT)).toBeGreaterThan(0n);
    expect(BigInt(data.region.funding.allocated.replace('.', ''))).toBe(fenIn(then, lastYear - SHIFT));
    expect(data.region.studios.total).toBe(then.studios.filter((s) => s.regionCode.startsWith('4104')).length);
  });
});
