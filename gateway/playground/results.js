/* global document, Blob, echarts, setTimeout */
// The analysts' view of a result, beside GraphiQL's JSON: any list of objects in `data` as a table (sortable,
// filterable, labelled in Chinese from the schema, with CSV download), as a chart (bars sorted, top N, stacked by
// a status-like column or by its numeric columns, or lines by year) and as a map when its rows carry region codes.
// Plain browser JavaScript served from this machine, like GraphiQL itself: nothing is loaded from outside.
import { cityOf, drawMap, isRegionCode, keyFor, levelOf, mapFor, NATION, provinceOf } from './map.js';
import { NO_SCHEMA } from './schema.js';

const MAX_TABLE_ROWS = 1000;
const MAX_BARS = 400;
const COLORS = ['#2f6fb0', '#e07b2a', '#3a9a5b', '#c2413b', '#7d5bb5', '#8a6a3f', '#d162a4', '#6f7378', '#a8a232', '#2aa5b8'];
/** Numbers that are not measures: codes, ids, years, versions. */
const NOT_A_MEASURE = /(^|\.)(code|id|year|startYear|endYear|version|row)$|(Id|Code)$/;
const YEAR = /(^|\.)(year|startYear|endYear)$/;
const STACK_NAMES = /(^|\.)(status|kind|result|level|source|category|role|normalized|state)$/;
const MONEY = /^-?\d+\.\d{2}$/;

const last = (key) => key.split('.').pop();
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `[{ status: 'RUNNING', count: 3 }, …]`: one text field naming each entry and numbers for it, as columns. */
function pivotable(list) {
  if (!list.length || !list.every(isObject)) return null;
  const keys = Object.keys(list[0]);
  const names = keys.filter((k) => list.every((x) => typeof x[k] === 'string'));
  const numbers = keys.filter((k) => list.every((x) => typeof x[k] === 'number'));
  return names.length === 1 && numbers.length >= 1 && names.length + numbers.length === keys.length
    ? { name: names[0], numbers }
    : null;
}

/** One row of an object: nested objects as `a.b`, lists of named numbers as `a.NAME`, other lists counted. */
function flatten(value, prefix, row) {
  for (const [key, v] of Object.entries(value)) {
    const column = prefix ? `${prefix}.${key}` : key;
    if (Array.isArray(v)) {
      const pivot = pivotable(v);
      if (pivot)
        for (const entry of v)
          for (const n of pivot.numbers)
            row[pivot.numbers.length > 1 ? `${column}.${entry[pivot.name]}.${n}` : `${column}.${entry[pivot.name]}`] = entry[n];
      else row[column] = v.every((x) => !isObject(x)) ? v.join(', ') : `${v.length} 项`;
    } else if (isObject(v)) flatten(v, column, row);
    else row[column] = v;
  }
  return row;
}

/** Every list of objects in the data, with its path, longest first. */
export function listsIn(data) {
  const found = [];
  const walk = (value, path) => {
    if (Array.isArray(value)) {
      if (value.length && value.every(isObject)) found.push({ path: path || '(根)', items: value });
      value.forEach((item) => isObject(item) && walkObject(item, path));
    } else if (isObject(value)) walkObject(value, path);
  };
  const walkObject = (object, path) => {
    for (const [key, v] of Object.entries(object)) walk(v, path ? `${path}.${key}` : key);
  };
  walk(data, '');
  // a list inside a list's items appears once per item; keep the first of each path
  const seen = new Set();
  return found.filter((l) => !seen.has(l.path) && seen.add(l.path)).sort((a, b) => b.items.length - a.items.length);
}

export function tableOf(items) {
  const rows = items.map((item) => flatten(item, '', {}));
  const columns = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const numeric = (key) => {
    const values = rows.map((r) => r[key]).filter((v) => v !== null && v !== undefined);
    return values.length > 0 && values.every((v) => typeof v === 'number' || (typeof v === 'string' && MONEY.test(v)));
  };
  const measures = columns.filter((c) => numeric(c) && !NOT_A_MEASURE.test(c));
  return { rows, columns, measures };
}

const number = (v) => (typeof v === 'number' ? v : typeof v === 'string' && MONEY.test(v) ? Number(v) : 0);

/** Bars by `category`, each the sum of `measure` stacked by `stackBy`, or of every measure stacked by column. */
export function barsOf(table, { category, stackBy, measure, order = 'desc', top = MAX_BARS }) {
  const bars = new Map();
  const series = [];
  const add = (name, s, value) => {
    if (!series.includes(s)) series.push(s);
    if (!bars.has(name)) bars.set(name, new Map());
    const segments = bars.get(name);
    segments.set(s, (segments.get(s) ?? 0) + value);
  };
  for (const row of table.rows) {
    const name = String(row[category] ?? '（空）');
    if (stackBy) add(name, String(row[stackBy] ?? '（空）'), number(row[measure]));
    else for (const m of table.measures) add(name, m, number(row[m]));
  }
  const total = (segments) => [...segments.values()].reduce((sum, v) => sum + v, 0);
  const all = [...bars.entries()].map(([name, segments]) => ({ name, segments, total: total(segments) }));
  if (order !== 'none') all.sort((a, b) => (order === 'asc' ? a.total - b.total : b.total - a.total));
  return { series, bars: all.slice(0, Math.min(top, MAX_BARS)), of: all.length };
}

const FORMULA = /^[=+\-@\t\r＝＋－＠]/;
/** CSV as Excel opens it: UTF-8 with a byte-order mark; text that would run as a formula gets an apostrophe. */
export function csvOf(table, label = (c) => c) {
  const cell = (v) => {
    if (v === null || v === undefined) return '';
    let text = String(v);
    if (typeof v === 'string' && FORMULA.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [
    table.columns.map((c) => cell(label(c))).join(','),
    ...table.rows.map((r) => table.columns.map((c) => cell(r[c])).join(',')),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function element(tag, attributes = {}, ...children) {
  const svg = ['svg', 'rect', 'text', 'g', 'title'].includes(tag);
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (value !== false && value !== undefined) node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) node.append(child);
  return node;
}

function select(id, label, options, chosen, onchange) {
  const control = element('select', { id, onchange });
  for (const [value, text] of options) {
    const option = element('option', { value }, text);
    if (value === chosen) option.selected = true;
    control.append(option);
  }
  return element('label', {}, `${label} `, control);
}

function chart({ series, bars }, seriesLabel) {
  const labelWidth = 160;
  const barArea = 520;
  const rowHeight = 22;
  const legendHeight = 24 + 18 * Math.ceil(series.length / 4);
  const max = Math.max(1, ...bars.map((b) => b.total));
  const height = legendHeight + rowHeight * bars.length + 10;
  const svg = element('svg', {
    id: 'result-chart',
    width: labelWidth + barArea + 80,
    height,
    viewBox: `0 0 ${labelWidth + barArea + 80} ${height}`,
    role: 'img',
  });
  series.forEach((s, i) => {
    const x = 10 + (i % 4) * 190;
    const y = 8 + 18 * Math.floor(i / 4);
    svg.append(element('rect', { x, y, width: 12, height: 12, fill: COLORS[i % COLORS.length], class: 'legend' }));
    svg.append(element('text', { x: x + 16, y: y + 11, 'font-size': 12 }, seriesLabel(s)));
  });
  bars.forEach((bar, row) => {
    const y = legendHeight + row * rowHeight;
    const group = element('g', { class: 'bar', 'data-category': bar.name, 'data-total': String(bar.total) });
    group.append(element('text', { x: labelWidth - 6, y: y + 15, 'text-anchor': 'end', 'font-size': 12 }, bar.name));
    let x = labelWidth;
    series.forEach((s, i) => {
      const value = bar.segments.get(s) ?? 0;
      if (!value) return;
      const width = (value / max) * barArea;
      const segment = element('rect', {
        x,
        y: y + 3,
        width: Math.max(width, 0.5),
        height: rowHeight - 6,
        fill: COLORS[i % COLORS.length],
        class: 'bar-segment',
        'data-series': s,
        'data-value': String(value),
      });
      segment.append(element('title', {}, `${bar.name} · ${seriesLabel(s)}: ${value}`));
      group.append(segment);
      x += width;
    });
    group.append(
      element('text', { x: x + 4, y: y + 15, 'font-size': 11, fill: '#555' }, String(Math.round(bar.total * 100) / 100)),
    );
    svg.append(group);
  });
  return svg;
}

/** Lines by year: one line per category (the largest `top`), the sum of `measure` in each year. */
function lines(rows, { category, year, measure, top }, label) {
  const years = [...new Set(rows.map((r) => r[year]))].filter((y) => y !== null && y !== undefined).sort();
  const byCategory = new Map();
  for (const r of rows) {
    const name = String(r[category] ?? '（空）');
    if (!byCategory.has(name)) byCategory.set(name, new Map());
    const points = byCategory.get(name);
    points.set(r[year], (points.get(r[year]) ?? 0) + number(r[measure]));
  }
  const total = (points) => [...points.values()].reduce((s, v) => s + v, 0);
  const kept = [...byCategory.entries()].sort((a, b) => total(b[1]) - total(a[1])).slice(0, top);
  const box = element('div', { id: 'result-lines', style: 'width: 900px; height: 360px', 'data-lines': String(kept.length) });
  setTimeout(() =>
    echarts.init(box).setOption({
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { top: 40, left: 60, right: 20, bottom: 30 },
      xAxis: { type: 'category', data: years.map(String), name: label(year) },
      yAxis: { type: 'value', name: label(measure) },
      series: kept.map(([name, points]) => ({ type: 'line', name, data: years.map((y) => points.get(y) ?? 0) })),
    }),
  );
  return box;
}

function errorsOf(result) {
  const errors = result?.errors ?? [];
  if (!errors.length) return null;
  return element(
    'div',
    { id: 'result-errors', role: 'alert' },
    element('strong', {}, `查询出错（${errors.length} 条）：`),
    element(
      'ul',
      {},
      ...errors.map((e) =>
        element(
          'li',
          {},
          `${e.message}`,
          e.extensions?.code ? element('code', {}, ` ${e.extensions.code}`) : '',
          e.path ? element('span', { class: 'path' }, ` （位置：${e.path.join('.')}）`) : '',
        ),
      ),
    ),
  );
}

/** A filter typed under a column: text it contains, or a comparison for numbers (>0, <=10, =3). */
function matches(filter, shown, raw) {
  const f = filter.trim();
  if (!f) return true;
  const comparison = /^(>=|<=|>|<|=)\s*(-?\d+(\.\d+)?)$/.exec(f);
  if (comparison && typeof number(raw) === 'number') {
    const [a, b] = [number(raw), Number(comparison[2])];
    return { '>': a > b, '<': a < b, '>=': a >= b, '<=': a <= b, '=': a === b }[comparison[1]];
  }
  return String(shown ?? '').includes(f);
}

const TABS = [
  ['table', '表格'],
  ['chart', '图表'],
  ['map', '地图'],
];

/**
 * Draws the panel for a GraphQL result into `root`; called after every operation the playground runs. `schema`
 * (schema.js `describeSchema`) labels the columns and values in Chinese; `query` is the text that ran.
 */
export function showResult(root, result, schema = NO_SCHEMA, query = '') {
  root.replaceChildren();
  const errors = errorsOf(result);
  const lists = listsIn(result?.data ?? null);
  if (!lists.length) {
    root.append(
      ...(errors ? [errors] : []),
      element(
        'p',
        { class: 'hint' },
        errors
          ? '没有可显示的数据。'
          : '结果中没有对象列表，无法显示表格、图表或地图；请查询一个列表（如 descendants、studioRollup）。',
      ),
    );
    return;
  }
  const state = { list: lists[0].path, tab: 'table', sort: null, filters: {}, hideZeros: false, order: 'desc', top: 20 };
  const draw = () => {
    root.replaceChildren();
    if (errors) root.append(errors);
    const items = lists.find((l) => l.path === state.list).items;
    const t = tableOf(items);
    const label = (column) => schema.label(state.list, column, query);
    // what a cell shows: enum values by their Chinese names, shares as percentages, money as it comes
    const shown = new Map();
    for (const c of t.columns) {
      const values = [...new Set(t.rows.map((r) => r[c]).filter((v) => v !== null && v !== undefined))];
      const names = values.every((v) => typeof v === 'string') ? schema.enumFor(state.list, c) : null;
      if (names) shown.set(c, (v) => names.get(v) ?? v);
      else if (schema.isPercent(state.list, c)) shown.set(c, (v) => (typeof v === 'number' ? `${(v * 100).toFixed(1)}%` : v));
    }
    const show = (c, v) => (v === null || v === undefined ? '' : shown.has(c) ? shown.get(c)(v) : v);
    const view = t.rows.map((r) => Object.fromEntries(t.columns.map((c) => [c, t.measures.includes(c) ? r[c] : show(c, r[c])])));
    let rows = t.rows
      .map((raw, i) => ({ raw, view: view[i], cells: Object.fromEntries(t.columns.map((c) => [c, show(c, raw[c])])) }))
      .filter(({ raw, view: v }) => Object.entries(state.filters).every(([c, f]) => matches(f, v[c], raw[c])))
      .filter(({ raw }) => !state.hideZeros || !t.measures.length || t.measures.some((m) => number(raw[m]) !== 0));
    if (state.sort && t.columns.includes(state.sort.column)) {
      const { column, direction } = state.sort;
      const numeric = t.measures.includes(column);
      rows = rows.toSorted((a, b) => {
        const [x, y] = [a.raw[column], b.raw[column]];
        const order = numeric
          ? number(x) - number(y)
          : String(a.view[column] ?? '').localeCompare(String(b.view[column] ?? ''), 'zh-CN');
        return direction === 'asc' ? order : -order;
      });
    }
    const visible = { ...t, rows: rows.map((r) => r.view) };

    const controls = element(
      'div',
      { class: 'controls' },
      select(
        'result-list',
        '列表',
        lists.map((l) => [l.path, `${schema.label('(根)', l.path, query)}（${l.items.length} 行）`]),
        state.list,
        (e) => {
          Object.assign(state, {
            list: e.target.value,
            category: undefined,
            stackBy: undefined,
            measure: undefined,
            sort: null,
            filters: {},
          });
          draw();
        },
      ),
      element(
        'label',
        {},
        element('input', {
          id: 'hide-zeros',
          type: 'checkbox',
          checked: state.hideZeros,
          onchange: (e) => {
            state.hideZeros = e.target.checked;
            draw();
          },
        }),
        ' 隐藏全为零的行',
      ),
      element(
        'button',
        {
          id: 'result-csv',
          type: 'button',
          onclick: () => {
            const link = element('a', {
              href: URL.createObjectURL(new Blob([csvOf(visible, label)], { type: 'text/csv;charset=utf-8' })),
              download: `${state.list.replace(/[^\w.-]+/g, '_')}.csv`,
            });
            document.body.append(link);
            link.click();
            link.remove();
          },
        },
        '下载 CSV',
      ),
      element('span', { class: 'result-count' }, `${rows.length} / ${t.rows.length} 行 × ${t.columns.length} 列`),
    );
    const tabs = element(
      'div',
      { class: 'tabs', role: 'tablist' },
      ...TABS.map(([id, text]) =>
        element(
          'button',
          {
            type: 'button',
            role: 'tab',
            id: `tab-${id}`,
            'aria-selected': String(state.tab === id),
            onclick: () => {
              state.tab = id;
              draw();
            },
          },
          text,
        ),
      ),
    );
    root.append(controls, tabs);
    if (state.tab === 'table') root.append(table(t, rows, label, state, draw));
    if (state.tab === 'chart') root.append(...chartView(t, visible, label, state, draw));
    if (state.tab === 'map') root.append(...mapView(t, visible, label, state, draw));
  };
  draw();
}

function table(t, rows, label, state, draw) {
  const head = element(
    'tr',
    {},
    ...t.columns.map((c) => {
      const sorted = state.sort?.column === c ? state.sort.direction : null;
      return element(
        'th',
        {
          'data-column': c,
          title: `${c}（点击排序）`,
          'aria-sort': sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none',
          class: t.measures.includes(c) ? 'number' : '',
          onclick: () => {
            // numbers sort largest first on the first click, text A→Z; a second click turns the order round
            const first = t.measures.includes(c) ? 'desc' : 'asc';
            state.sort = { column: c, direction: sorted ? (sorted === 'asc' ? 'desc' : 'asc') : first };
            draw();
          },
        },
        `${label(c)}${sorted === 'asc' ? ' ▲' : sorted === 'desc' ? ' ▼' : ''}`,
      );
    }),
  );
  const filters = element(
    'tr',
    { class: 'filters' },
    ...t.columns.map((c) =>
      element(
        'th',
        {},
        element('input', {
          type: 'search',
          'data-column': c,
          placeholder: t.measures.includes(c) ? '如 >0' : '筛选',
          value: state.filters[c] ?? '',
          onchange: (e) => {
            state.filters[c] = e.target.value;
            draw();
          },
        }),
      ),
    ),
  );
  const body = rows
    .slice(0, MAX_TABLE_ROWS)
    .map(({ cells }) =>
      element(
        'tr',
        {},
        ...t.columns.map((c) => element('td', { class: t.measures.includes(c) ? 'number' : '' }, String(cells[c] ?? ''))),
      ),
    );
  return element('table', { id: 'result-table' }, element('thead', {}, head, filters), element('tbody', {}, ...body));
}

function chartView(t, visible, label, state, draw) {
  const texts = t.columns.filter((c) => !t.measures.includes(c));
  if (!t.measures.length || !texts.length) return [element('p', { class: 'hint' }, '这个列表没有可作图的数值列。')];
  const category =
    state.category && texts.includes(state.category) ? state.category : (texts.find((c) => last(c) === 'name') ?? texts[0]);
  const years = t.columns.filter((c) => YEAR.test(c) && c !== category);
  const stackable = texts.filter((c) => c !== category && new Set(visible.rows.map((r) => r[c])).size <= 12);
  const stackBy =
    state.stackBy !== undefined && (state.stackBy === '' || stackable.includes(state.stackBy))
      ? state.stackBy
      : (stackable.find((c) => STACK_NAMES.test(c)) ?? '');
  const measure = state.measure && t.measures.includes(state.measure) ? state.measure : t.measures[0];
  const kind = state.kind === 'line' && years.length ? 'line' : 'bar';
  const set = (key) => (e) => {
    state[key] = key === 'top' ? Number(e.target.value) : e.target.value;
    draw();
  };
  const controls = element(
    'div',
    { class: 'controls' },
    select('chart-kind', '图形', [['bar', '条形图'], ...(years.length ? [['line', '折线图（按年度）']] : [])], kind, set('kind')),
    select(
      'chart-category',
      kind === 'line' ? '每条线' : '横轴',
      texts.map((c) => [c, label(c)]),
      category,
      set('category'),
    ),
    ...(kind === 'bar'
      ? [select('chart-stack', '堆叠', [['', '各数值列'], ...stackable.map((c) => [c, label(c)])], stackBy, set('stackBy'))]
      : []),
    ...(kind === 'line' || stackBy
      ? [
          select(
            'chart-measure',
            '数值',
            t.measures.map((c) => [c, label(c)]),
            measure,
            set('measure'),
          ),
        ]
      : []),
    select(
      'chart-order',
      '排序',
      [
        ['desc', '从大到小'],
        ['asc', '从小到大'],
        ['none', '按结果顺序'],
      ],
      state.order,
      set('order'),
    ),
    select(
      'chart-top',
      '前',
      [10, 20, 50, 100, MAX_BARS].map((n) => [String(n), n === MAX_BARS ? '全部' : `${n} 项`]),
      String(state.top),
      set('top'),
    ),
  );
  if (kind === 'line') return [controls, lines(visible.rows, { category, year: years[0], measure, top: state.top }, label)];
  const bars = barsOf(visible, { category, stackBy, measure, order: state.order, top: state.top });
  return [
    controls,
    element('div', { class: 'hint' }, `共 ${bars.of} 项，显示 ${bars.bars.length} 项`),
    chart(bars, (s) => (stackBy ? s : label(s))),
  ];
}

function mapView(t, visible, label, state, draw) {
  const key = t.columns.find((c) => visible.rows.length && visible.rows.every((r) => isRegionCode(r[c])));
  if (!key) return [element('p', { class: 'hint' }, '结果中没有行政区划代码列（如 code、region.code），无法显示地图。')];
  const measure = state.mapMeasure && t.measures.includes(state.mapMeasure) ? state.mapMeasure : t.measures[0];
  const codes = [...new Set(visible.rows.map((r) => r[key]))];
  const where = mapFor(codes, state.mapWithin);
  const box = element('div', { id: 'result-map', style: 'width: 900px; height: 520px' });
  const controls = element(
    'div',
    { class: 'controls' },
    ...(t.measures.length
      ? [
          select(
            'map-measure',
            '数值',
            t.measures.map((c) => [c, label(c)]),
            measure,
            (e) => {
              state.mapMeasure = e.target.value;
              draw();
            },
          ),
        ]
      : []),
    ...(state.mapWithin
      ? [
          element(
            'button',
            {
              type: 'button',
              id: 'map-up',
              onclick: () => {
                state.mapWithin = undefined;
                draw();
              },
            },
            '返回全图',
          ),
        ]
      : []),
    element('span', { class: 'hint' }, '点击地区下钻一级（全国→省→市）'),
  );
  if (!where) return [controls, element('p', { class: 'hint' }, '没有可在地图上显示的地区。')];
  const values = new Map();
  const names = new Map();
  for (const r of visible.rows) {
    const code = keyFor(where.by, r[key]);
    values.set(code, (values.get(code) ?? 0) + (measure ? number(r[measure]) : 1));
    // every code column with a name beside it names its regions (a county's parent names its city)
    for (const c of t.columns)
      if (/(^|\.)code$/.test(c) && r[c.replace(/code$/, 'name')]) names.set(r[c], r[c.replace(/code$/, 'name')]);
  }
  setTimeout(() =>
    drawMap(box, {
      ...where,
      values,
      names,
      title: `${measure ? label(measure) : '行数'}`,
      onClick: (code) => {
        // down one level: the nation to the clicked region's province, a province to its city
        const next = where.root === NATION ? provinceOf(code) : levelOf(where.root) === 'PROVINCE' ? cityOf(code) : null;
        if (!next || next === where.root) return;
        state.mapWithin = next;
        draw();
      },
    }).catch((e) => box.replaceChildren(element('p', { class: 'error' }, `地图无法显示：${e.message}`))),
  );
  return [controls, box];
}
