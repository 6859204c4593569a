/**
 * What graphql-js, Apollo Server and graphql-armor say in English, told to the clerk in Chinese. The code stays
 * what it was (stable for programs); the English original is kept in `extensions.detail` for developers (the
 * `inChinese` step in lib/graphql/errors.ts).
 */
type Rule = [RegExp, (...groups: string[]) => string];

const CHINESE = /\p{Script=Han}/u;
const SUGGESTION = /\s*(?:\[Suggestion hidden\]\??|Did you mean [^?]*\?)\s*$/;
const type = (name: string) => name.replace(/^"|"$/g, '');

/** graphql-js's lexer and parser (GRAPHQL_PARSE_FAILED). */
const SYNTAX: Rule[] = [
  [/^Syntax Error: Expected (.+), found (.+)\.$/, (want, found) => `此处应为 ${want}，实际为 ${found}`],
  [/^Syntax Error: Unexpected (.+)\.$/, (found) => `此处不应出现 ${found}`],
  [/^Syntax Error: Unterminated string\.$/, () => '字符串缺少结尾的引号'],
  [/^Syntax Error: Invalid number, (.+)\.$/, () => '数字格式不正确'],
  [/^Syntax Error: Invalid character (.+)\.$/, (c) => `含有无效字符 ${c}`],
  [/^Syntax Error: Cannot parse the unexpected character (.+)\.$/, (c) => `无法识别的字符 ${c}`],
  [/^Syntax Error: (.+)$/, () => '请检查括号、引号与逗号是否配对'],
];

/** graphql-js's validation rules (GRAPHQL_VALIDATION_FAILED), their suggestions dropped. */
const VALIDATION: Rule[] = [
  [/^Cannot query field "(.+?)" on type "(.+?)"\.$/, (field, on) => `类型 ${on} 没有字段“${field}”`],
  [/^Unknown argument "(.+?)" on field "(.+?)"\.$/, (arg, field) => `字段 ${field} 没有参数“${arg}”`],
  [/^Unknown argument "(.+?)" on directive "(.+?)"\.$/, (arg, d) => `指令 ${d} 没有参数“${arg}”`],
  [
    /^Field "(.+?)" argument "(.+?)" of type "(.+?)" is required, but it was not provided\.$/,
    (field, arg, t) => `字段 ${field} 缺少必填参数 ${arg}（${t}）`,
  ],
  [/^Field "(.+?)" of required type "(.+?)" was not provided\.$/, (field, t) => `输入对象缺少必填字段 ${field}（${t}）`],
  [/^Field "(.+?)" is not defined by type "(.+?)"\.$/, (field, t) => `输入类型 ${t} 没有字段“${field}”`],
  [
    /^Field "(.+?)" of type "(.+?)" must have a selection of subfields\.$/,
    (field, t) => `字段 ${field}（${t}）须列出要取的子字段`,
  ],
  [
    /^Field "(.+?)" must not have a selection since type "(.+?)" has no subfields\.$/,
    (field, t) => `字段 ${field}（${t}）没有子字段，不能再选择`,
  ],
  [/^Value "(.+?)" does not exist in "(.+?)" enum\.$/, (value, e) => `“${value}”不是 ${e} 的可选值`],
  [/^Unknown type "(.+?)"\.$/, (t) => `未知类型“${t}”`],
  [/^Unknown directive "(.+?)"\.$/, (d) => `未知指令“${d}”`],
  [/^Unknown fragment "(.+?)"\.$/, (f) => `未定义的片段“${f}”`],
  [/^Fragment "(.+?)" is never used\.$/, (f) => `片段“${f}”未被使用`],
  [/^Variable "(.+?)" is never used(?: in operation "(.+?)")?\.$/, (v) => `变量 ${v} 已声明但未使用`],
  [/^Variable "(.+?)" is not defined(?: by operation "(.+?)")?\.$/, (v) => `变量 ${v} 未声明`],
  [
    /^Variable "(.+?)" of type "(.+?)" used in position expecting type "(.+?)"\.$/,
    (v, t, want) => `变量 ${v} 的类型 ${t} 与此处要求的 ${want} 不符`,
  ],
  [/^There can be only one operation named "(.+?)"\.$/, (name) => `有多个操作都叫“${name}”`],
  [/^There can be only one variable named "(.+?)"\.$/, (name) => `变量 ${name} 重复声明`],
  [/^There can be only one argument named "(.+?)"\.$/, (name) => `参数 ${name} 重复`],
  [/^This anonymous operation must be the only defined operation\.$/, () => '匿名操作只能是文档中唯一的操作'],
  [/^Expected value of type "(.+?)", found (.+?); (.+)$/, (t, found, why) => `值 ${found} 不是有效的 ${t}：${why}`],
  [/^Expected value of type "(.+?)", found (.+?)\.$/, (t, found) => `值 ${found} 不是有效的 ${t}`],
  [/^(?:Int|Float|String|Boolean|ID) cannot represent .*$/, () => '参数值的类型不对'],
  [/^Fields "(.+?)" conflict because/, (alias) => `字段“${alias}”的几处选择互相冲突，请改用不同的别名`],
];

/** Why a variable's value could not be coerced, as graphql-js says after the semicolon. */
const COERCION: Rule[] = [
  [/^(?:Int|Float) cannot represent/, () => '应为数字'],
  [/^(?:String|ID|Boolean) cannot represent/, () => '类型不对'],
  [/^Value "(.+?)" does not exist in "(.+?)" enum\.$/, (_value, e) => `不是 ${e} 的可选值`],
  [/^Field "(.+?)" of required type "(.+?)" was not provided\.$/, (f, t) => `缺少必填字段 ${f}（${t}）`],
  [/^Field "(.+?)" is not defined by type "(.+?)"\.$/, (f, t) => `${t} 没有字段“${f}”`],
  [/^Expected type "(.+?)" to be an object\.$/, (t) => `应为 ${t} 对象`],
];
function why(reason: string): string {
  if (CHINESE.test(reason)) return reason;
  for (const [pattern, say] of COERCION) {
    const match = pattern.exec(reason);
    if (match) return say(...match.slice(1));
  }
  return '类型或格式不对';
}

/** Variables that cannot be coerced to their declared types (BAD_USER_INPUT before execution). */
const VARIABLES: Rule[] = [
  [/^Variable "(.+?)" of required type "(.+?)" was not provided\.$/, (v, t) => `缺少必填变量 ${v}（${type(t)}）`],
  [/^Variable "(.+?)" of non-null type "(.+?)" must not be null\.$/, (v, t) => `变量 ${v}（${type(t)}）不能为 null`],
  [
    /^Variable "(.+?)" got invalid value (.+?)(?: at "(.+?)")?; (.*)$/s,
    (v, value, at, reason) => `变量 ${v}${at ? ` 中 ${at}` : ''} 的值 ${value} 无效：${why(reason)}`,
  ],
  [/^Variable "(.+?)" got invalid value (.+?)$/, (v, value) => `变量 ${v} 的值 ${value} 无效`],
  [
    /^Variable "(.+?)" expected value of type "(.+?)" which cannot be used as an input type\.$/,
    (v, t) => `变量 ${v} 的类型 ${t} 不能用作输入`,
  ],
];

/** Apollo Server's refusals of the request itself (BAD_REQUEST) and of persisted queries. */
const REQUEST: Rule[] = [
  [
    /Cross-Site Request Forgery/,
    () =>
      '请求被拦截（防跨站请求伪造）：请用 POST 并设置 Content-Type: application/json，或在 GET 请求中加 apollo-require-preflight: true 请求头',
  ],
  [/must contain a non-empty `query`/, () => '请求中没有查询：请在 query 中写出查询'],
  [/`query` in a POST body must be a string/, () => '请求中的 query 必须是文本'],
  [/`variables` in a .* should be provided as an object/, () => '请求中的 variables 必须是 JSON 对象'],
  [/`extensions` in a .* should be provided as an object/, () => '请求中的 extensions 必须是 JSON 对象'],
  [/`operationName` in a .* must be a string/, () => '请求中的 operationName 必须是文本'],
  [/POST body missing, invalid Content-Type, or JSON object has no keys/, () => '请求体为空或不是 JSON 对象'],
  [/Operation batching disabled/, () => '不支持批量请求：请一次只发一个操作'],
  [/^PersistedQueryNotFound$/, () => '没有找到这个持久化查询（persisted query）：请随请求发送查询全文'],
  [/^PersistedQueryNotSupported$/, () => '本服务不支持持久化查询（persisted query）：请发送查询全文'],
  [/Unsupported persisted query version/, () => '不支持这个版本的持久化查询：请发送查询全文'],
  [/provided sha does not match query/, () => '持久化查询的哈希与查询全文不符'],
  [/^Unknown operation named "(.+?)"\.$/, (name) => `文档中没有名为“${name}”的操作`],
  [/^Must provide operation name/, () => '文档中有多个操作：请用 operationName 指明要执行哪一个'],
];

const BY_CODE: Record<string, { rules: Rule[]; otherwise: string }> = {
  GRAPHQL_PARSE_FAILED: { rules: SYNTAX, otherwise: '查询语法错误' },
  GRAPHQL_VALIDATION_FAILED: { rules: VALIDATION, otherwise: '查询与接口定义不符' },
  BAD_USER_INPUT: { rules: [...VARIABLES, ...VALIDATION], otherwise: '参数值不正确' },
  BAD_REQUEST: { rules: REQUEST, otherwise: '请求格式不正确' },
  PERSISTED_QUERY_NOT_FOUND: { rules: REQUEST, otherwise: '没有找到这个持久化查询' },
  PERSISTED_QUERY_NOT_SUPPORTED: { rules: REQUEST, otherwise: '本服务不支持持久化查询' },
  OPERATION_RESOLUTION_FAILURE: { rules: REQUEST, otherwise: '无法确定要执行的操作' },
};
const PREFIX: Record<string, string> = { GRAPHQL_PARSE_FAILED: '查询语法错误' };
/** The Chinese message for an English one of this code, or null when it is ours (already Chinese) or unknown. */
export function chineseMessage(code: string, english: string): string | null {
  const family = BY_CODE[code];
  if (!family) return null;
  const text = english.replace(SUGGESTION, '');
  for (const [pattern, say] of family.rules) {
    const match = pattern.exec(text);
    if (match) {
      const said = say(...match.slice(1));
      return PREFIX[code] ? `${PREFIX[code]}：${said}` : said;
    }
  }
  return CHINESE.test(english) ? null : family.otherwise;
}
