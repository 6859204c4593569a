import { today } from '../../../lib/domain/clock.ts';
import type { Teacher } from './teacher.entity.ts';

/** Whole years of age on a day, from a YYYY-MM-DD birth date. */
export function ageOn(birthDate: string | Date | null | undefined, day: Date): number | null {
  if (!birthDate) return null;
  const text = birthDate instanceof Date ? birthDate.toISOString().slice(0, 10) : birthDate;
  const [y, m, d] = text.split('-').map(Number) as [number, number, number];
  const beforeBirthday = day.getUTCMonth() + 1 < m || (day.getUTCMonth() + 1 === m && day.getUTCDate() < d);
  return day.getUTCFullYear() - y - (beforeBirthday ? 1 : 0);
}

/** Why a birth date (出生日期, 000 附件3) cannot be a teacher's: a real YYYY-MM-DD date, aged 18 to 70 today; null when it can. */
export function birthDateProblem(text: string): string | null {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(text) ? new Date(`${text}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    return `出生日期“${text}”应为 YYYY-MM-DD 格式的日期`;
  }
  const age = ageOn(text, new Date(`${today()}T00:00:00Z`))!;
  return age < 18 || age > 70 ? `出生日期“${text}”对应年龄 ${age} 岁，应在 18 到 70 岁之间` : null;
}

/** A teacher's age on a day: from the birth date, or from an age declared on an earlier day. */
export function ageOf(teacher: Pick<Teacher, 'birthDate' | 'declaredAge' | 'declaredOn'>, day: Date): number | null {
  const fromBirth = ageOn(teacher.birthDate, day);
  if (fromBirth !== null || teacher.declaredAge == null || !teacher.declaredOn) return fromBirth;
  // whole years since the day the age was declared
  return teacher.declaredAge + Math.max(0, ageOn(teacher.declaredOn, day) ?? 0);
}
