/**
 * GB/T 2260 codes encode the path: the first two digits are the province, the first four the city, all six the
 * county. A code ending in 0000 is a province, in 00 a city; county codes never end in 00. Above the provinces
 * stands the nation, 100000 (中华人民共和国, the code commonly used for it; no province starts with 10), whose
 * subtree is every region. Every subgraph finds a region's subtree from its code alone, without reading
 * personnel's tables.
 */
import type { RegionLevel } from './vocabulary.ts';

export type { RegionLevel };

export const NATION_CODE = '100000';

export const REGION_CODE = /^\d{6}$/;

export function isRegionCode(code: string): boolean {
  return REGION_CODE.test(code) && code !== '000000';
}

export function regionLevelOf(code: string): RegionLevel {
  if (code === NATION_CODE) return 'NATION';
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'CITY';
  return 'COUNTY';
}

/** The prefix every code in the region's subtree (the region included) starts with. */
export function subtreePrefix(code: string): string {
  const level = regionLevelOf(code);
  if (level === 'NATION') return '';
  return level === 'PROVINCE' ? code.slice(0, 2) : level === 'CITY' ? code.slice(0, 4) : code;
}

export function parentCodeOf(code: string): string | null {
  const level = regionLevelOf(code);
  if (level === 'NATION') return null;
  if (level === 'PROVINCE') return NATION_CODE;
  if (level === 'CITY') return `${code.slice(0, 2)}0000`;
  return `${code.slice(0, 4)}00`;
}
