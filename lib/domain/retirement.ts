import type { Gender } from './vocabulary.ts';
/**
 * The statutory retirement age under 《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》 (adopted
 * 2024-09-13, in force from 2025-01-01) and its 附件 tables: from each track's original age, those born from the
 * track's first month on retire one month later for every `stepMonths` months of birth after it (the first band
 * included), up to `maxMonths` later. Men 60 → 63 and women cadres 55 → 58, one month every 4 months, from 1965-01
 * (men) and 1970-01 (women). (Women workers, 50 → 55 one month every 2 months from 1975-01, are not a teachers'
 * track: women teachers retire on the cadres' one, 原法定退休年龄55周岁的女职工.)
 */
const TRACKS = {
  MALE: { base: 60, from: [1965, 1], stepMonths: 4, maxMonths: 36 },
  FEMALE: { base: 55, from: [1970, 1], stepMonths: 4, maxMonths: 36 },
} as const;

/** The teacher's retirement month (YYYY-MM) by the decision, from gender and birth date; null when either is unknown. */
export function retirementMonth(gender: Gender | null | undefined, birthDate: string | null | undefined): string | null {
  if (!gender || !birthDate) return null;
  const [year, month] = birthDate.split('-').map(Number) as [number, number];
  const track = TRACKS[gender];
  const after = (year - track.from[0]) * 12 + (month - track.from[1]);
  const delay = after < 0 ? 0 : Math.min(track.maxMonths, Math.floor(after / track.stepMonths) + 1);
  const total = year * 12 + (month - 1) + track.base * 12 + delay;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}
