/* global document, localStorage, location, history, navigator, URLSearchParams */
// The playground's toolbar: a link that reopens the query that ran with its variables (never the token, which
// stays in the headers), and queries saved in this browser by name. Other tools (sign-in, export) add their own
// buttons to the same bar with `addToToolbar`.

const SAVED = 'studio-hub:saved-queries';

/** The page's address for a query and its variables. */
export function linkFor({ query, variables }) {
  const params = new URLSearchParams({ query });
  if (variables && variables.trim() && variables.trim() !== '{}') params.set('variables', variables);
  return `${location.origin}/?${params}`;
}

/** The query and variables a link carries, or null. */
export function fromLink(url) {
  const params = new URL(url).searchParams;
  const query = params.get('query');
  return query ? { query, variables: params.get('variables') ?? '' } : null;
}

const saved = () => {
  try {
    return JSON.parse(localStorage.getItem(SAVED) ?? '[]');
  } catch {
    return [];
  }
};

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/** Appends `nodes` to the toolbar, in a group of their own. */
export function addToToolbar(...nodes) {
  document.getElementById('toolbar').append(element('span', { class: 'group' }, ...nodes));
}

/** Fills the toolbar; `lastRun()` gives the query and variables that ran last (null before the first run). */
export function toolbar(lastRun) {
  const list = element('select', { id: 'saved-queries', title: '打开保存的查询' });
  const fill = () => {
    list.replaceChildren(element('option', { value: '' }, `已保存的查询（${saved().length}）`));
    for (const [i, q] of saved().entries()) list.append(element('option', { value: String(i) }, q.name));
  };
  fill();
  list.addEventListener('change', () => {
    const chosen = saved()[Number(list.value)];
    if (chosen) location.assign(linkFor(chosen));
  });
  const name = element('input', { id: 'save-name', type: 'text', placeholder: '查询名称', size: '16' });
  const message = element('span', { id: 'toolbar-message', role: 'status' });
  const say = (text) => (message.textContent = text);
  const save = () => {
    const run = lastRun();
    if (!run) return say('请先运行查询，再保存。');
    const title = name.value.trim();
    if (!title) return say('请填写查询名称。');
    localStorage.setItem(SAVED, JSON.stringify([...saved().filter((q) => q.name !== title), { name: title, ...run }]));
    fill();
    say(`已保存“${title}”（仅保存在本浏览器）。`);
  };
  const remove = () => {
    const chosen = saved()[Number(list.value)];
    if (!chosen) return say('请先在列表中选择要删除的查询。');
    localStorage.setItem(SAVED, JSON.stringify(saved().filter((q) => q.name !== chosen.name)));
    fill();
    say(`已删除“${chosen.name}”。`);
  };
  const link = element('input', {
    id: 'share-url',
    type: 'text',
    readonly: '',
    size: '28',
    placeholder: '运行后在此生成分享链接',
  });
  const copy = async () => {
    const run = lastRun();
    if (!run) return say('请先运行查询，再复制链接。');
    link.value = linkFor(run);
    link.select();
    try {
      await navigator.clipboard.writeText(link.value);
      say('链接已复制：打开它即重现此查询及其变量（不含令牌）。');
    } catch {
      say('请按 Ctrl-C 复制选中的链接。');
    }
  };
  addToToolbar(list, element('button', { type: 'button', id: 'delete-query', onclick: remove }, '删除'));
  addToToolbar(name, element('button', { type: 'button', id: 'save-query', onclick: save }, '保存查询'));
  addToToolbar(link, element('button', { type: 'button', id: 'share-link', onclick: copy }, '复制分享链接'));
  document.getElementById('toolbar').append(message);
  return {
    /** After a run: the address bar shows the run's link, so a reload or a bookmark reopens it. */
    ran(run) {
      history.replaceState(null, '', linkFor(run));
      link.value = linkFor(run);
    },
  };
}
