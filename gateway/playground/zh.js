/* global MutationObserver */
// GraphiQL has no translations: its own labels, tooltips and buttons are put into Chinese as they appear, by
// their exact English words (a label not listed stays English).
const ZH = {
  'Execute query (Ctrl-Enter)': '运行查询（Ctrl-Enter）',
  'Prettify query (Shift-Ctrl-P)': '格式化查询（Shift-Ctrl-P）',
  'Merge fragments into query (Shift-Ctrl-M)': '把片段合并进查询（Shift-Ctrl-M）',
  'Copy query (Shift-Ctrl-C)': '复制查询（Shift-Ctrl-C）',
  Variables: '变量',
  Headers: '请求头',
  'Show editor tools': '显示变量与请求头',
  'Hide editor tools': '收起变量与请求头',
  'Documentation Explorer': '文档浏览器',
  'Show Documentation Explorer': '显示文档浏览器',
  'Hide Documentation Explorer': '收起文档浏览器',
  History: '历史记录',
  'Show History': '显示历史记录',
  'Hide History': '收起历史记录',
  'Re-fetch GraphQL schema': '重新读取 GraphQL 模式',
  'Open short keys dialog': '快捷键',
  'Open settings dialog': '设置',
  Settings: '设置',
  'Short Keys': '快捷键',
  'Short Key': '快捷键',
  Function: '功能',
  'Add tab': '新建标签页',
  'Close Tab': '关闭标签页',
  Close: '关闭',
  'Close dialog': '关闭',
  Docs: '文档',
  'Root Types': '根类型',
  'All Schema Types': '全部类型',
  Fields: '字段',
  Arguments: '参数',
  Implements: '实现',
  Type: '类型',
  'Enum Values': '枚举值',
  Theme: '主题',
  System: '跟随系统',
  Light: '浅色',
  Dark: '深色',
  'Clear storage': '清除本地存储',
  'Clear data': '清除数据',
  'Persist headers': '保存请求头',
  'Search Query...': '搜索…',
  'Variables are invalid JSON': '变量不是有效的 JSON',
  'Headers are invalid JSON': '请求头不是有效的 JSON',
};
const ATTRIBUTES = ['aria-label', 'title', 'placeholder'];

function translate(node) {
  // never the editors' text: a query may well hold the word Type
  if ((node.nodeType === 3 ? node.parentElement : node)?.closest?.('.CodeMirror')) return;
  if (node.nodeType === 3) {
    const zh = ZH[node.nodeValue.trim()];
    if (zh) node.nodeValue = zh;
    return;
  }
  if (node.nodeType !== 1) return;
  for (const attribute of ATTRIBUTES) {
    const zh = ZH[node.getAttribute(attribute)];
    if (zh) node.setAttribute(attribute, zh);
  }
  for (const child of node.childNodes) translate(child);
}

/** Translates `root` now and whatever GraphiQL draws into it later. */
export function inChinese(root) {
  translate(root);
  new MutationObserver((changes) => {
    for (const change of changes) {
      if (change.type === 'attributes' || change.type === 'characterData') translate(change.target);
      for (const node of change.addedNodes ?? []) translate(node);
    }
  }).observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES });
}
