/* global document, location, window, echarts, URLSearchParams */
// The office dashboard (/dashboard): for the viewer's region, or a region below it (#region=…), the headline,
// studios by level and status, evaluations pending and failed, funds by year, studios behind on their obligations,
// a map and the child regions to drill down to; a studio's page (#studio=…). Only the public GraphQL API is used,
// each view one operation of fixed text, so a reload is answered from the gateway's answer cache.
import { ENUM_LABELS } from './labels.js';
import { cityOf, drawMap, levelOf, NATION } from './map.js';
import { chineseLabel } from './schema.js';

const REGION = `query DashboardRegion($code: ID!, $y0: Int!, $y1: Int!, $y2: Int!) {
  region(code: $code) {
    code name level
    studios { total memberCount byStatus { status count } byLevel { level count } }
    pending: evaluations(filter: { status: PENDING }) { count studioCount }
    secondPending: evaluations(filter: { kind: SECOND_EVALUATION, status: PENDING }) { studioCount }
    completed: evaluations(filter: { status: COMPLETED }) { count failed }
    f0: funding(year: $y0) { allocated matched spent }
    f1: funding(year: $y1) { allocated matched spent }
    f2: funding(year: $y2) { allocated matched spent }
    children {
      code name level
      studios { total }
      pending: evaluations(filter: { status: PENDING }) { studioCount }
      completed: evaluations(filter: { status: COMPLETED }) { failed }
      funding(year: $y2) { allocated spent }
    }
    headline: descendants(level: COUNTY) {
      code name parent { name }
      evaluations(filter: { kind: SECOND_EVALUATION, status: PENDING }) { studioCount }
    }
  }
  studios(within: $code, first: 100) {
    totalCount
    edges { node { id name level status region { code name } obligations { kind state } budgetObligation { state } } }
  }
}`;

const STUDIO = `query DashboardStudio($id: ID!, $year: Int!) {
  studio(id: $id) {
    id name level status batch startYear endYear
    region { code name }
    host { name }
    hostSchool { name }
    memberCount
    evaluations { kind year status result }
    funding(year: $year) { allocated matched spent balance }
    obligations { kind per required done state periodEnd }
    budgetObligation { year budgeted state }
  }
}`;

/** The Chinese names of the enums that labels.ts does not hold, from the schema's own descriptions. */
const ENUMS = `query DashboardEnums {
  obligationState: __type(name: "ObligationState") { enumValues { name description } }
  workKind: __type(name: "WorkKind") { enumValues { name description } }
  period: __type(name: "Period") { enumValues { name description } }
}`;

/** The yearly budget, where the studio's programme asks for one (funding.budget.yearly), as one more obligation. */
const budgetDue = (s) => (s.budgetObligation ? [{ name: '年度经费预算', ...s.budgetObligation }] : []);

let options;
let names = {};

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children.map((c) => (c instanceof window.Node ? c : String(c ?? ''))));
  return node;
}

const token = () => options.token;

async function ask(query, variables) {
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token() ? { authorization: `Bearer ${token()}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  }).catch((e) => {
    throw new Error(`无法连接数据中心：${e.message}`);
  });
  const body = await res.json().catch(() => ({ errors: [{ message: `数据中心的回答无法读取（HTTP ${res.status}）` }] }));
  if (body.errors?.length && !body.data)
    throw new Error(body.errors.map((e) => `${e.message}（${e.extensions?.code ?? res.status}）`).join('；'));
  return body;
}

const label = (table, value) => ENUM_LABELS[table]?.[value] ?? names[table]?.[value] ?? value;
const money = (v) => (v === null || v === undefined ? '—' : `${v} 元`);
const card = (title, value, id) => element('div', { class: 'card', ...(id ? { id } : {}) }, title, element('b', {}, value));
const section = (title, ...children) => element('section', {}, element('h2', {}, title), ...children);
const wide = (title, ...children) => element('section', { class: 'wide' }, element('h2', {}, title), ...children);
function table(id, head, rows, numeric = []) {
  return element(
    'table',
    { id },
    element(
      'thead',
      {},
      element('tr', {}, ...head.map((h, i) => element('th', numeric.includes(i) ? { class: 'number' } : {}, h))),
    ),
    element(
      'tbody',
      {},
      ...rows.map((r) =>
        element('tr', {}, ...r.map((cell, i) => element('td', numeric.includes(i) ? { class: 'number' } : {}, cell))),
      ),
    ),
  );
}
const regionLink = (code, name) => element('a', { href: `#region=${code}`, 'data-region': code }, name);
const studioLink = (id, name) => element('a', { href: `#studio=${id}`, 'data-studio': id }, name);

function showError(message) {
  const box = document.getElementById('dashboard-error');
  box.hidden = !message;
  box.textContent = message ?? '';
}

/** The viewer's own region: the one province, city or county of their scope (the nation when several provinces). */
async function home() {
  // the levels of regions below the nation, from the top (lib/domain/vocabulary.ts ROLLUP_LEVELS, by way of the labels)
  for (const level of Object.keys(ENUM_LABELS.RegionLevel)) {
    const { data } = await ask(`query DashboardHome($level: Level!) { regions(level: $level) { code } }`, { level });
    if (data.regions.length > 1) return level === 'PROVINCE' ? NATION : null;
    if (data.regions.length === 1) return data.regions[0].code;
  }
  throw new Error('您的令牌没有可查看的地区。');
}

async function showRegion(main, code, root) {
  const years = [options.year - 2, options.year - 1, options.year];
  const { data, errors } = await ask(REGION, { code, y0: years[0], y1: years[1], y2: years[2] });
  const r = data.region;
  if (!r) throw new Error(`没有地区 ${code}，或它不在您的辖区内。`);
  document.getElementById('dashboard-title').textContent = `${r.name} · 名班主任工作室数据看板`;
  const nav = document.getElementById('dashboard-nav');
  nav.replaceChildren(...(code !== root ? [element('a', { href: `#region=${root}` }, '返回本辖区')] : []));
  if (errors?.length) showError(`部分数据暂不可用：${errors.map((e) => e.message).join('；')}`);

  const pendingCounties = r.headline
    .filter((c) => c.evaluations?.studioCount > 0)
    .sort((a, b) => b.evaluations.studioCount - a.evaluations.studioCount);
  const behind = data.studios.edges
    .map((e) => e.node)
    .map((s) => ({ ...s, late: [...s.obligations, ...budgetDue(s)].filter((o) => o.state !== 'MET') }))
    .filter((s) => s.late.length);
  const funds = [r.f0, r.f1, r.f2];
  const mapBox = element('div', { id: 'dashboard-map' });
  const fundChart = element('div', { class: 'chart', id: 'dashboard-funds' });

  main.replaceChildren(
    wide(
      `${r.name}（${label('Level', r.level)}）`,
      element(
        'div',
        { class: 'cards', id: 'headline' },
        card('工作室', r.studios?.total ?? '—', 'card-studios'),
        card('成员（不含主持人）', r.studios?.memberCount ?? '—'),
        card('待评估', `${r.pending?.count ?? '—'} 项`, 'card-pending'),
        card('待二次评估的工作室', r.secondPending?.studioCount ?? '—', 'card-second'),
        card('评估不合格', `${r.completed?.failed ?? '—'} 项`, 'card-failed'),
        card(`${years[2]} 年拨付`, money(funds[2]?.allocated)),
        card('任务落后的工作室', behind.length, 'card-behind'),
      ),
    ),
    section(
      '待二次评估的县（区）',
      pendingCounties.length
        ? table(
            'dashboard-headline',
            ['县（区）', '所属市', '工作室数'],
            pendingCounties.map((c) => [regionLink(c.code, c.name), c.parent?.name ?? '', c.evaluations.studioCount]),
            [2],
          )
        : element(
            'p',
            { class: 'hint' },
            levelOf(r.code) === 'COUNTY'
              ? `本县待二次评估的工作室：${r.secondPending?.studioCount ?? 0}`
              : '没有待二次评估的工作室。',
          ),
    ),
    section(
      '工作室按级别、状态',
      table(
        'dashboard-levels',
        ['级别', '数量'],
        (r.studios?.byLevel ?? []).map((x) => [label('StudioLevel', x.level), x.count]),
        [1],
      ),
      element('p'),
      table(
        'dashboard-statuses',
        ['状态', '数量'],
        (r.studios?.byStatus ?? []).map((x) => [label('StudioStatus', x.status), x.count]),
        [1],
      ),
    ),
    section(
      '经费（拨付、地方配套、支出，元）',
      fundChart,
      table(
        'dashboard-funding',
        ['年度', '拨付', '地方配套', '支出'],
        years.map((y, i) => [y, funds[i]?.allocated ?? '—', funds[i]?.matched ?? '—', funds[i]?.spent ?? '—']),
        [1, 2, 3],
      ),
    ),
    section(levelOf(r.code) === 'COUNTY' ? '地图（本县所在市）' : '地图：各下级地区的工作室数（点击下钻）', mapBox),
    ...(r.children.length
      ? [
          wide(
            '下级地区',
            table(
              'dashboard-children',
              ['地区', '工作室', '待评估的工作室', '评估不合格', `${years[2]} 年拨付`, `${years[2]} 年支出`],
              r.children.map((c) => [
                regionLink(c.code, c.name),
                c.studios?.total ?? '—',
                c.pending?.studioCount ?? '—',
                c.completed?.failed ?? '—',
                c.funding?.allocated ?? '—',
                c.funding?.spent ?? '—',
              ]),
              [1, 2, 3, 4, 5],
            ),
          ),
        ]
      : []),
    wide(
      '任务落后的工作室',
      behind.length
        ? table(
            'dashboard-behind',
            ['工作室', '地区', '落后的任务'],
            behind.map((s) => [
              studioLink(s.id, s.name),
              s.region.name,
              s.late.map((o) => `${o.name ?? label('workKind', o.kind)}（${label('obligationState', o.state)}）`).join('、'),
            ]),
          )
        : element('p', { class: 'hint' }, '没有任务落后的工作室。'),
    ),
    wide(
      `工作室（${data.studios.totalCount} 个${data.studios.totalCount > data.studios.edges.length ? `，列出前 ${data.studios.edges.length} 个` : ''}）`,
      table(
        'dashboard-studios',
        ['工作室', '级别', '状态', '地区'],
        data.studios.edges.map(({ node: s }) => [
          studioLink(s.id, s.name),
          label('StudioLevel', s.level),
          label('StudioStatus', s.status),
          s.region.name,
        ]),
      ),
    ),
  );

  echarts.init(fundChart).setOption({
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { top: 30, left: 70, right: 10, bottom: 24 },
    xAxis: { type: 'category', data: years.map(String) },
    yAxis: { type: 'value' },
    series: [
      ['拨付', 'allocated'],
      ['地方配套', 'matched'],
      ['支出', 'spent'],
    ].map(([name, key]) => ({ type: 'bar', name, data: funds.map((f) => Number(f?.[key] ?? 0)) })),
  });

  const level = levelOf(r.code);
  const values = new Map(r.children.map((c) => [c.code, c.studios?.total ?? 0]));
  const regionNames = new Map(r.children.map((c) => [c.code, c.name]));
  if (level === 'COUNTY') {
    values.set(r.code, r.studios?.total ?? 0);
    regionNames.set(r.code, r.name);
  }
  const where =
    level === 'NATION'
      ? { root: NATION, by: 'PROVINCE' }
      : level === 'PROVINCE'
        ? { root: r.code, by: 'CITY' }
        : { root: level === 'CITY' ? r.code : cityOf(r.code), by: 'COUNTY' };
  await drawMap(mapBox, {
    ...where,
    values,
    names: regionNames,
    onClick: (clicked) => {
      if (regionNames.has(clicked) && clicked !== r.code) location.hash = `region=${clicked}`;
    },
  }).catch((e) => mapBox.replaceChildren(element('p', { class: 'hint' }, `地图无法显示：${e.message}`)));
}

async function showStudio(main, id) {
  const { data } = await ask(STUDIO, { id, year: options.year });
  const s = data.studio;
  if (!s) throw new Error('没有这个工作室，或它不在您的辖区内。');
  document.getElementById('dashboard-title').textContent = `${s.name} · 名班主任工作室数据看板`;
  document.getElementById('dashboard-nav').replaceChildren(regionLink(s.region.code, `返回 ${s.region.name}`));
  main.replaceChildren(
    wide(
      s.name,
      element(
        'div',
        { class: 'cards', id: 'studio-facts' },
        card('级别', label('StudioLevel', s.level)),
        card('状态', label('StudioStatus', s.status)),
        card('主持人', s.host?.name ?? ''),
        card('学校', s.hostSchool?.name ?? ''),
        card('地区', s.region.name),
        card('建设周期', `${s.startYear}—${s.endYear}`),
        card('成员（不含主持人）', s.memberCount),
      ),
    ),
    section(
      '评估',
      table(
        'studio-evaluations',
        ['年度', '类型', '状态', '结果'],
        (s.evaluations ?? []).map((e) => [
          e.year,
          label('EvaluationKind', e.kind),
          label('EvaluationStatus', e.status),
          e.result ? label('Grade', e.result) : '',
        ]),
      ),
    ),
    section(
      `${options.year} 年经费（元）`,
      table(
        'studio-funding',
        ['拨付', '地方配套', '支出', '结余'],
        [[s.funding?.allocated, s.funding?.matched, s.funding?.spent, s.funding?.balance].map((v) => v ?? '—')],
        [0, 1, 2, 3],
      ),
    ),
    wide(
      '任务完成情况',
      table(
        'studio-obligations',
        ['任务', '周期', '要求', '已完成', '情况', '本期截止'],
        [
          ...s.obligations.map((o) => [
            label('workKind', o.kind),
            label('period', o.per),
            o.required,
            o.done,
            label('obligationState', o.state),
            o.periodEnd,
          ]),
          ...budgetDue(s).map((b) => [
            b.name,
            label('period', 'YEAR'),
            1,
            b.budgeted ? 1 : 0,
            label('obligationState', b.state),
            `${b.year}-12-31`,
          ]),
        ],
        [2, 3],
      ),
    ),
  );
}

async function show() {
  const main = document.getElementById('dashboard');
  showError(null);
  try {
    if (!token()) throw new Error('请先登录（或在开发环境中使用开发令牌）后再打开数据看板。');
    if (!Object.keys(names).length) {
      const { data } = await ask(ENUMS, {});
      names = Object.fromEntries(
        Object.entries(data).map(([key, type]) => [
          key,
          Object.fromEntries((type?.enumValues ?? []).map((v) => [v.name, chineseLabel(v.description) ?? v.name])),
        ]),
      );
    }
    const root = (options.root ??= await home());
    const hash = new URLSearchParams(location.hash.slice(1));
    if (hash.get('studio')) await showStudio(main, hash.get('studio'));
    else await showRegion(main, hash.get('region') ?? root, root);
    document.body.dataset.shown = hash.get('studio') ? `studio:${hash.get('studio')}` : `region:${hash.get('region') ?? root}`;
  } catch (e) {
    main.replaceChildren();
    showError(e.message);
    document.body.dataset.shown = 'error';
  }
}

/** Starts the dashboard with the viewer's `token` (signed in, else the dev token); `year` ends the funding years. */
export function openDashboard(settings) {
  options = { ...settings };
  window.addEventListener('hashchange', () => {
    document.body.dataset.shown = '';
    show();
  });
  show();
}
