/* global document, Blob */
// The analysts' view of a result, beside GraphiQL's JSON: any list of objects in `data` as a table (with CSV
// download) and as bars by its first name column, stacked by a status-like column or by its numeric columns.
// Plain browser JavaScript served from this machine, like GraphiQL itself: nothing is loaded from outside.

const MAX_TABLE_ROWS = 1000;
const MAX_BARS = 400;
const COLORS = ['#2f6fb0', '#e07b2a', '#3a9a5b', '#c2413b', '#7d5bb5', '#8a6a3f', '#d162a4', '#6f7378', '#a8a232', '#2aa5b8'];
/** Numbers that are not measures: codes, ids, years, versions. */
const NOT_A_MEASURE = /(^|\.)(code|id|year|startYear|endYear|version|row)$|(Id|Code)$/;
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
export function barsOf(table, { category, stackBy, measure }) {
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
  return { series, bars: [...bars.entries()].slice(0, MAX_BARS).map(([name, segments]) => ({ name, segments })) };
}

const FORMULA = /^[=+\-@\t\r＝＋－＠]/;
/** CSV as Excel opens it: UTF-8 with a byte-order mark; text that would run as a formula gets an apostrophe. */
export function csvOf(table) {
  const cell = (v) => {
    if (v === null || v === undefined) return '';
    let text = String(v);
    if (typeof v === 'string' && FORMULA.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [table.columns.map(cell).join(','), ...table.rows.map((r) => table.columns.map((c) => cell(r[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

function element(tag, attributes = {}, ...children) {
  const svg = ['svg', 'rect', 'text', 'g', 'title'].includes(tag);
  const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag) : document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'onchange' || key === 'onclick') node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
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

function chart({ series, bars }) {
  const labelWidth = 160;
  const barArea = 520;
  const rowHeight = 22;
  const legendHeight = 24 + 18 * Math.ceil(series.length / 4);
  const max = Math.max(1, ...bars.map((b) => [...b.segments.values()].reduce((s, v) => s + v, 0)));
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
    svg.append(element('text', { x: x + 16, y: y + 11, 'font-size': 12 }, s));
  });
  bars.forEach((bar, row) => {
    const y = legendHeight + row * rowHeight;
    const total = [...bar.segments.values()].reduce((s, v) => s + v, 0);
    const group = element('g', { class: 'bar', 'data-category': bar.name, 'data-total': String(total) });
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
      segment.append(element('title', {}, `${bar.name} · ${s}: ${value}`));
      group.append(segment);
      x += width;
    });
    group.append(element('text', { x: x + 4, y: y + 15, 'font-size': 11, fill: '#555' }, String(Math.round(total * 100) / 100)));
    svg.append(group);
  });
  return svg;
}

function table({ rows, columns }) {
  const head = element('tr', {}, ...columns.map((c) => element('th', {}, c)));
  const body = rows.slice(0, MAX_TABLE_ROWS).map((r) => element('tr', {}, ...columns.map((c) => element('td', {}, r[c] ?? ''))));
  return element('table', { id: 'result-table' }, element('thead', {}, head), element('tbody', {}, ...body));
}

/** Draws the panel for a GraphQL result into `root`; called after every operation the playground runs. */
export function showResult(root, result) {
  root.replaceChildren();
  const lists = listsIn(result?.data ?? null);
  if (!lists.length) {
    root.append(
      element('p', { class: 'hint' }, '结果中没有对象列表可作表格或图表（Table and chart appear for any list of objects).'),
    );
    return;
  }
  const state = { list: lists[0].path };
  const draw = () => {
    root.replaceChildren();
    const items = lists.find((l) => l.path === state.list).items;
    const t = tableOf(items);
    const texts = t.columns.filter((c) => !t.measures.includes(c));
    const category =
      state.category && t.columns.includes(state.category) ? state.category : (texts.find((c) => last(c) === 'name') ?? texts[0]);
    const stackable = texts.filter((c) => c !== category && new Set(t.rows.map((r) => r[c])).size <= 12);
    const stackBy =
      state.stackBy !== undefined && (state.stackBy === '' || stackable.includes(state.stackBy))
        ? state.stackBy
        : (stackable.find((c) => STACK_NAMES.test(c)) ?? '');
    const measure = state.measure && t.measures.includes(state.measure) ? state.measure : t.measures[0];
    const controls = element(
      'div',
      { class: 'controls' },
      select(
        'result-list',
        '列表 List',
        lists.map((l) => [l.path, `${l.path}（${l.items.length} 行）`]),
        state.list,
        (e) => {
          Object.assign(state, { list: e.target.value, category: undefined, stackBy: undefined, measure: undefined });
          draw();
        },
      ),
      element(
        'button',
        {
          id: 'result-csv',
          type: 'button',
          onclick: () => {
            const link = element('a', {
              href: URL.createObjectURL(new Blob([csvOf(t)], { type: 'text/csv;charset=utf-8' })),
              download: `${state.list.replace(/[^\w.-]+/g, '_')}.csv`,
            });
            document.body.append(link);
            link.click();
            link.remove();
          },
        },
        '下载 CSV',
      ),
    );
    root.append(controls, element('div', { class: 'result-count' }, `${t.rows.length} 行 × ${t.columns.length} 列`));
    if (t.measures.length && category) {
      root.append(
        element(
          'div',
          { class: 'controls' },
          select(
            'chart-category',
            '横轴 Bars by',
            t.columns.filter((c) => !t.measures.includes(c)).map((c) => [c, c]),
            category,
            (e) => {
              state.category = e.target.value;
              draw();
            },
          ),
          select(
            'chart-stack',
            '堆叠 Stacked by',
            [['', '各数值列 numeric columns'], ...stackable.map((c) => [c, c])],
            stackBy,
            (e) => {
              state.stackBy = e.target.value;
              draw();
            },
          ),
          ...(stackBy
            ? [
                select(
                  'chart-measure',
                  '数值 Value',
                  t.measures.map((c) => [c, c]),
                  measure,
                  (e) => {
                    state.measure = e.target.value;
                    draw();
                  },
                ),
              ]
            : []),
        ),
        chart(barsOf(t, { category, stackBy, measure })),
      );
    }
    root.append(table(t));
  };
  draw();
}
