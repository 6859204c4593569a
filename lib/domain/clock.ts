/**
 * "Today" for every rule that depends on the date (ages, cycle years, deadlines, semesters), from one clock:
 * `HUB_TODAY` pins it (tests and demonstrations give the same answers in any year), else it is the real date
 * (UTC). Timestamps of records (createdAt, audit) stay the real time.
 */
let pinned: string | null = null;

export function pinToday(date: string | null | undefined): void {
  pinned = date ?? null;
}

export const today = (): string => pinned ?? new Date().toISOString().slice(0, 10);
export const thisYear = (): number => Number(today().slice(0, 4));

/** The present instant, for timestamps (an export's "generated at"); never pinned, unlike today(). */
export const now = (): Date => new Date();
