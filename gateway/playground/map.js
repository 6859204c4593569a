/* global echarts */
// A map of figures keyed by six-digit region codes (GB/T 2260), drawn with Apache ECharts over the boundaries the
// hub serves at /maps/region.json (gateway/map.ts): the nation by province or city, a province by city or county,
// a city by county. Shared by the playground's results panel and the office dashboard.

export const NATION = '100000';
export const levelOf = (code) =>
  code === NATION ? 'NATION' : code.endsWith('0000') ? 'PROVINCE' : code.endsWith('00') ? 'CITY' : 'COUNTY';
export const provinceOf = (code) => `${code.slice(0, 2)}0000`;
export const cityOf = (code) => `${code.slice(0, 4)}00`;
export const isRegionCode = (v) => typeof v === 'string' && /^\d{6}$/.test(v);

/**
 * Which map shows these codes best, and by which regions: a city's counties, a province's counties or cities, or the
 * nation's provinces or cities (counties of several provinces are summed by city). `within` narrows to one region.
 */
export function mapFor(codes, within) {
  const narrowed = within && within !== NATION;
  const prefix = narrowed ? within.slice(0, levelOf(within) === 'PROVINCE' ? 2 : 4) : '';
  const inside = codes.filter((c) => c !== within && c.startsWith(prefix));
  const levels = new Set(inside.map(levelOf));
  const only = (level) => levels.size === 1 && levels.has(level);
  const same = (n) => new Set(inside.map((c) => c.slice(0, n))).size === 1;
  if (narrowed) return { root: within, by: only('CITY') ? 'CITY' : 'COUNTY' };
  if (!inside.length) return null;
  if (only('COUNTY') && same(4)) return { root: cityOf(inside[0]), by: 'COUNTY' };
  if ((only('COUNTY') || only('CITY')) && same(2)) return { root: provinceOf(inside[0]), by: only('CITY') ? 'CITY' : 'COUNTY' };
  return { root: NATION, by: only('PROVINCE') ? 'PROVINCE' : 'CITY' };
}

/** The code a feature stands for when the map is drawn `by` that level. */
const keyOf = (by, root, properties) =>
  by === 'COUNTY' ? properties.name : by === 'CITY' ? properties.city : root === NATION ? properties.name : properties.city;

/** The key of a row's code on a map drawn `by` that level: counties sum into their city, cities into their province. */
export const keyFor = (by, code) =>
  by === 'PROVINCE' ? provinceOf(code) : by === 'CITY' && levelOf(code) === 'COUNTY' ? cityOf(code) : code;

const boundaries = new Map();
function boundariesOf(root) {
  if (!boundaries.has(root))
    boundaries.set(
      root,
      fetch(`/maps/region.json?code=${root}`).then(async (res) => {
        if (!res.ok) throw new Error((await res.json()).error?.message ?? `没有 ${root} 的边界数据`);
        return res.json();
      }),
    );
  return boundaries.get(root);
}

/**
 * Draws `values` (code → number) on the map of `root` by `by` into `element`; `names` (code → name) label them.
 * `onClick(code)` is called with the clicked region's code. Resolves to the chart. The element's data-shown lists
 * the names of the regions drawn with a figure other than 0, data-regions how many regions the map has,
 * data-root its region, once drawn.
 */
export async function drawMap(element, { root, by, values, names, title, onClick }) {
  const geo = await boundariesOf(root);
  const features = geo.features.map((f) => ({ ...f, properties: { ...f.properties, name: keyOf(by, root, f.properties) } }));
  const id = `${root}:${by}`;
  echarts.registerMap(id, { type: 'FeatureCollection', features });
  const regions = new Set(features.map((f) => f.properties.name));
  const data = [...regions].map((code) => ({ name: code, value: values.get(code) ?? 0 }));
  const max = Math.max(1, ...data.map((d) => d.value));
  const label = (code) => names.get(code) ?? code;
  const chart = echarts.getInstanceByDom(element) ?? echarts.init(element);
  chart.off('click');
  chart.setOption(
    {
      title: title ? { text: title, left: 'center', textStyle: { fontSize: 14 } } : undefined,
      tooltip: { trigger: 'item', formatter: (p) => `${label(p.name)}（${p.name}）：${p.value ?? 0}` },
      visualMap: {
        min: 0,
        max,
        left: 10,
        bottom: 10,
        text: ['多', '少'],
        calculable: true,
        inRange: { color: ['#f2f6fb', '#2f6fb0'] },
      },
      series: [
        {
          type: 'map',
          map: id,
          roam: true,
          selectedMode: false,
          data: data.map((d) => ({ ...d, label: { show: d.value > 0, formatter: () => label(d.name) } })),
          label: { show: false, fontSize: 11 },
          emphasis: { label: { show: true, formatter: (p) => label(p.name) } },
          itemStyle: { borderColor: '#8a9bb0', borderWidth: 0.5 },
        },
      ],
    },
    true,
  );
  chart.on('click', (p) => onClick?.(p.name));
  element.dataset.root = root;
  element.dataset.regions = String(regions.size);
  element.dataset.shown = JSON.stringify(
    data
      .filter((d) => d.value)
      .map((d) => label(d.name))
      .sort(),
  );
  return chart;
}
