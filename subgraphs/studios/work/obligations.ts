import { ACTIVITY_KINDS, OUTPUT_KINDS, type Period, type Rules, type WorkKind } from '../policy/rules.ts';

export interface Span {
  start: string;
  end: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const day = (text: string) => new Date(`${text}T00:00:00Z`);
const addDays = (text: string, n: number) => iso(new Date(day(text).getTime() + n * 86_400_000));

/**
 * The period of a kind that contains a day. Semesters run September–January and February–August; years are
 * calendar years; a cycle is the studio's construction cycle.
 */
export function periodOf(per: Period, on: string, cycle: { startYear: number; endYear: number }): Span {
  const d = day(on);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  switch (per) {
    case 'WEEK': {
      const monday = addDays(on, -((d.getUTCDay() + 6) % 7));
      return { start: monday, end: addDays(monday, 6) };
    }
    case 'MONTH':
      return { start: iso(new Date(Date.UTC(y, m - 1, 1))), end: iso(new Date(Date.UTC(y, m, 0))) };
    case 'SEMESTER':
      if (m >= 9) return { start: `${y}-09-01`, end: iso(new Date(Date.UTC(y + 1, 1, 0))) };
      if (m === 1) return { start: `${y - 1}-09-01`, end: `${y}-01-31` };
      return { start: `${y}-02-01`, end: `${y}-08-31` };
    case 'YEAR':
      return { start: `${y}-01-01`, end: `${y}-12-31` };
    case 'CYCLE':
      return { start: `${cycle.startYear}-01-01`, end: `${cycle.endYear}-12-31` };
  }
}

export type ObligationState = 'MET' | 'BEHIND' | 'OVERDUE';

export interface ObligationStatus {
  kind: WorkKind;
  per: Period;
  required: number;
  period: Span;
  done: number;
  /** The period before, when it has ended: how much was done then. */
  previousDone: number | null;
  state: ObligationState;
  seed: string;
  text: string;
}

/**
 * Each obligation of the policy on a day: MET when this period's count is reached; OVERDUE when the period
 * before ended short (or, for the cycle, the cycle has ended short); BEHIND otherwise, while there is still time.
 * A period that began before the studio did is not held against it (a studio founded today is not OVERDUE).
 */
export function obligationStatus(
  rules: Rules,
  work: { kind: WorkKind; doneOn: string }[],
  asOf: string,
  cycle: { startYear: number; endYear: number; foundedOn?: string | null },
): ObligationStatus[] {
  // obligations count from the studio's start: the first day of its cycle, or the day it was founded if later
  const cycleStart = [`${cycle.startYear}-01-01`, cycle.foundedOn ?? ''].sort().at(-1)!;
  const statuses: ObligationStatus[] = [];
  for (const kind of [...ACTIVITY_KINDS, ...OUTPUT_KINDS]) {
    const rule = rules.get(`obligation.${kind}`);
    if (!rule) continue;
    const { count: required, per } = rule.value;
    const within = (span: Span) => work.filter((w) => w.kind === kind && w.doneOn >= span.start && w.doneOn <= span.end).length;
    const period = periodOf(per, asOf, cycle);
    const done = within(period);
    const previous = per === 'CYCLE' ? null : periodOf(per, addDays(period.start, -1), cycle);
    const previousDone = previous && previous.start >= cycleStart ? within(previous) : null;
    const cycleOver = per === 'CYCLE' && asOf > period.end;
    const state: ObligationState =
      done >= required ? 'MET' : cycleOver || (previousDone !== null && previousDone < required) ? 'OVERDUE' : 'BEHIND';
    statuses.push({ kind, per, required, period, done, previousDone, state, seed: rule.seed, text: rule.text });
  }
  return statuses;
}

/** Continuing-education hours of an activity: half a day of collective activity counts 3 hours (003 五(二)). */
export const continuingEducationHours = (halfDays: number | null) => (halfDays ?? 0) * 3;
