import { atLeastLevel, levelOfText, obligationState } from '../../../lib/domain/vocabulary.ts';
import type { ObligationState } from '../../../lib/domain/vocabulary.ts';
import { ACTIVITY_KINDS, dutiesOf, OUTPUT_KINDS, type Duty, type Period, type Rules, type WorkKind } from '../policy/rules.ts';

export interface Span {
  start: string;
  end: string;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const day = (text: string) => new Date(`${text}T00:00:00Z`);
const addDays = (text: string, n: number) => iso(new Date(day(text).getTime() + n * 86_400_000));

/**
 * The period of a kind that contains a day. Fortnights are pairs of weeks counted from the Monday of the week the
 * cycle's first year begins in; semesters run September–January and February–August; years are calendar years; a
 * cycle is the studio's construction cycle.
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
    case 'FORTNIGHT': {
      const first = day(`${cycle.startYear}-01-01`);
      const anchor = addDays(iso(first), -((first.getUTCDay() + 6) % 7));
      const start = addDays(anchor, Math.floor((d.getTime() - day(anchor).getTime()) / (14 * 86_400_000)) * 14);
      return { start, end: addDays(start, 13) };
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

export type { ObligationState };

export interface ObligationStatus {
  kind: WorkKind;
  per: Period;
  required: number;
  /** Each member must do it (每位成员), not the studio once. */
  perMember: boolean;
  /** The host must do it (主持人参加培训): only work recorded with the host as its author counts. */
  byHost: boolean;
  /** Only work of this level or above counts. */
  minLevel: Duty['minLevel'] | null;
  /** Work of these kinds counts too (“三选一”). */
  orKinds: WorkKind[];
  /** Per member: a period in which the studio did work of each of these kinds counts as every member's. */
  collectiveKinds: WorkKind[];
  period: Span;
  /** What was done in the period: by the studio (or its host), or, per member, by the member who did least. */
  done: number;
  /** The period before, when it has ended: how much was done then. */
  previousDone: number | null;
  /** Per member: the members short of it in this period. */
  membersShort: string[];
  state: ObligationState;
  seed: string;
  text: string;
}

/** A studio's work as obligations count it: by kind, day, level and (for a member's own work) its author. */
export interface CountedWork {
  kind: WorkKind;
  doneOn: string;
  level?: string | null;
  teacherId?: string | null;
}
/** The members a per-member obligation binds: those in the studio (hosts and mentors aside), with when they were. */
export interface CountedMember {
  teacherId: string;
  joinedOn: string;
  leftOn?: string | null;
}

/** The first day a studio's obligations count from: its cycle's first day, or the day it was founded if later. */
export const obligationsFrom = (cycle: { startYear: number; foundedOn?: string | null }) =>
  [`${cycle.startYear}-01-01`, cycle.foundedOn ?? ''].sort().at(-1)!;

/**
 * Each obligation of the policy on a day (several when a kind carries several): MET when this period's count is
 * reached (per member: by every member); OVERDUE when the period before ended short (or, for the cycle, the cycle
 * has ended short); BEHIND otherwise, while there is still time.
 * A period that began before the studio did is not held against it (a studio founded today is not OVERDUE).
 */
export function obligationStatus(
  rules: Rules,
  work: CountedWork[],
  asOf: string,
  cycle: { startYear: number; endYear: number; foundedOn?: string | null; hostTeacherId?: string | null },
  members: CountedMember[] = [],
): ObligationStatus[] {
  const cycleStart = obligationsFrom(cycle);
  const statuses: ObligationStatus[] = [];
  for (const kind of [...ACTIVITY_KINDS, ...OUTPUT_KINDS]) {
    const rule = rules.get(`obligation.${kind}`);
    if (!rule) continue;
    for (const duty of dutiesOf(rule.value)) {
      const { count: required, per } = duty;
      const counted = work.filter((w) => {
        if (w.kind !== kind && !duty.orKinds?.includes(w.kind)) return false;
        if (!duty.minLevel) return true;
        const level = levelOfText(w.level);
        return level !== null && atLeastLevel(level, duty.minLevel);
      });
      const inSpan = (span: Span) => (w: CountedWork) => w.doneOn >= span.start && w.doneOn <= span.end;
      const within = (span: Span, teacherId?: string) =>
        counted.filter((w) => inSpan(span)(w) && (!teacherId || w.teacherId === teacherId)).length;
      // the studio's work of every collective kind in the period counts as each member's (004 方案10 (一)2)
      const collective = (span: Span) => !!duty.collectiveKinds?.every((k) => work.some((w) => w.kind === k && inSpan(span)(w)));
      // per member: each member in the studio during the period, judged by their own work (or the studio's collective work)
      const inPeriod = (span: Span) => members.filter((m) => m.joinedOn <= span.end && (!m.leftOn || m.leftOn > span.end));
      const mine = (span: Span, teacherId: string) => (collective(span) ? required : within(span, teacherId));
      const least = (span: Span) => Math.min(...inPeriod(span).map((m) => mine(span, m.teacherId)));
      const doneIn = (span: Span) => {
        // the host's own work only (an unknown host has done none)
        if (duty.byHost) return cycle.hostTeacherId ? within(span, cycle.hostTeacherId) : 0;
        if (!duty.perMember) return within(span);
        return inPeriod(span).length ? least(span) : 0;
      };
      const period = periodOf(per, asOf, cycle);
      const done = doneIn(period);
      const previous = per === 'CYCLE' ? null : periodOf(per, addDays(period.start, -1), cycle);
      const previousDone = previous && previous.start >= cycleStart ? doneIn(previous) : null;
      const cycleOver = per === 'CYCLE' && asOf > period.end;
      const state = obligationState(done, required, previousDone, cycleOver);
      const membersShort = duty.perMember
        ? inPeriod(period)
            .filter((m) => mine(period, m.teacherId) < required)
            .map((m) => m.teacherId)
        : [];
      statuses.push({
        kind,
        per,
        required,
        perMember: duty.perMember ?? false,
        byHost: duty.byHost ?? false,
        minLevel: duty.minLevel ?? null,
        orKinds: duty.orKinds ?? [],
        collectiveKinds: duty.collectiveKinds ?? [],
        period,
        done,
        previousDone,
        membersShort,
        state,
        seed: rule.seed,
        text: rule.text,
      });
    }
  }
  return statuses;
}

/** Continuing-education hours of an activity: half a day of collective activity counts 3 hours (003 五(二)). */
export const continuingEducationHours = (halfDays: number | null) => (halfDays ?? 0) * 3;
