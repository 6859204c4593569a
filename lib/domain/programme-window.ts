import { userError } from '../graphql/errors.ts';

/**
 * A programme's window (施行期): its first and last day in force, either open, and the clause that dates it. It
 * bounds new studios and batches (by today, lib/domain/clock.ts) and grants (by the grant's year); studios already founded
 * under it keep it (their cycle, evaluations and expenditures are not new).
 */
export interface ProgrammeWindow {
  name: string;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  /** 条款：原文, e.g. "003 四(设置标准)(一)：……建设周期为 2019—2021 年"; null where no seed dates it. */
  windowClause: string | null;
}

/** Refuses `what` on a day (founding, a batch) or for a year (a grant) outside the programme's window. */
export function refuseOutsideWindow(w: ProgrammeWindow, at: { day: string } | { year: number }, what: string): void {
  const byDay = 'day' in at;
  const [from, to] = byDay ? [w.effectiveFrom, w.effectiveTo] : [w.effectiveFrom?.slice(0, 4), w.effectiveTo?.slice(0, 4)];
  const value = byDay ? at.day : String(at.year);
  const early = !!from && value < from;
  if (!early && !(to && value > to)) return;
  const span = `${w.effectiveFrom ?? '不限'} 至 ${w.effectiveTo ?? '不限'}`;
  const when = byDay ? `今天（${at.day}）` : `${at.year} 年`;
  throw userError(
    'POLICY_VIOLATION',
    `《${w.name}》的施行期为 ${span}（${w.windowClause ?? '第1版施行日期'}），${when}${early ? '尚未施行' : '已过施行期'}，不能${what}`,
    { rule: 'policy.window', effectiveFrom: w.effectiveFrom, effectiveTo: w.effectiveTo, seed: w.windowClause },
  );
}
