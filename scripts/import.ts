/**
 * Imports teachers from an office's spreadsheet (.xlsx or .csv) in the columns of 000 附件4, or schools (学校名称,
 * 行政区划代码, 学段), through the hub:
 *   npm run import -- teachers 教师名单.xlsx --token <bearer token> [--url <gateway>] [--update]
 *   npm run import -- schools 学校名单.xlsx --token <bearer token> [--url <gateway>]
 * The gateway defaults to the one `npm start` serves with the same environment (HOST, PORT).
 * The token may also come from HUB_TOKEN. All rows or none: a file with bad rows is refused whole, and each bad
 * row is listed with the column and the reason. Large files show a progress bar. CSV may be UTF-8 (with or without
 * a byte-order mark) or GB18030/GBK, as Chinese Excel saves it; header cells match with their spaces and line
 * breaks left out (`班主任工作\n年限` as the seed's 000 附件4 prints it). With --update, a teacher already at the
 * school under the same name (the key: 姓名 + 单位) is updated instead of refused; still all rows or none.
 */
import { DRAFT_POLICY, IMPORT_SCHOOLS, IMPORT_TEACHERS } from '../gateway/tool-documents.ts';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { ConfigError, parseConfig } from '../lib/service/config.ts';
import { decodeCsv, parseCsv } from '../lib/http/csv.ts';
import {
  IMPORT_ROWS,
  MAX_IMPORT_BODY_BYTES,
  MAX_IMPORT_CELL_CHARS,
  MAX_IMPORT_FILE_BYTES,
  MAX_IMPORT_UNPACKED_BYTES,
} from '../lib/graphql/input.ts';

/** What each kind of file holds: its columns (header → row field), the ones it must have, and the mutation. */
const KINDS = {
  teachers: {
    columns: {
      姓名: 'name',
      单位: 'school',
      年龄: 'age',
      性别: 'gender',
      出生日期: 'birthDate',
      班主任工作年限: 'headTeacherYears',
      职称: 'title',
      学段: 'stage',
      任教学科: 'subject',
      '市级优秀班主任（是/否）': 'municipalExcellent',
      市级优秀班主任: 'municipalExcellent',
    } as Record<string, string>,
    required: ['姓名', '单位', '年龄', '班主任工作年限', '职称', '学段'],
    mutation: IMPORT_TEACHERS,
    maxRows: IMPORT_ROWS.importTeachers,
    done: (r: Report) => `已导入 ${r.imported} 人${r.updated ? `，更新 ${r.updated} 人` : ''}`,
    updates: true,
  },
  schools: {
    columns: { 学校名称: 'name', 行政区划代码: 'regionCode', 学段: 'stage' } as Record<string, string>,
    required: ['学校名称', '行政区划代码', '学段'],
    mutation: IMPORT_SCHOOLS,
    maxRows: IMPORT_ROWS.importSchools,
    done: (r: Report) => `已导入 ${r.imported} 所学校`,
    updates: false,
  },
};
interface Report {
  imported: number;
  updated?: number;
}

/** A header cell as the form names it: spaces (full-width too) and line breaks left out, brackets full-width. */
const headerKey = (cell: string) => cell.replace(/\s/gu, '').replaceAll('(', '（').replaceAll(')', '）');

/** Exit codes: 0 imported, 1 refused (bad arguments, bad rows, the hub's refusal), 2 the file cannot be read. */
function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

/** A file that cannot be read or imported as it is: one line naming it and what is wrong, exit 2. */
function unreadable(file: string, problem: string): never {
  fail(`无法导入 ${file}：${problem}`, 2);
}

const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A cell longer than any column of the forms holds: refused before anything is uploaded, naming its place. */
function checkLength(file: string, text: string, where: string): string {
  if (text.length > MAX_IMPORT_CELL_CHARS)
    unreadable(
      file,
      `${where}的内容过长（${text.length.toLocaleString('en')} 个字，一个单元格最多 ${MAX_IMPORT_CELL_CHARS.toLocaleString('en')} 个字），请检查是否粘贴错了内容`,
    );
  return text;
}

/** The file's bytes, once it is known to be there, a file, and not over MAX_IMPORT_FILE_BYTES. */
async function fileBytes(file: string, extensions: string[]): Promise<Buffer> {
  const ext = extname(file).toLowerCase();
  if (!extensions.includes(ext))
    unreadable(
      file,
      `只支持 ${extensions.join('、')} 文件${['.xls', '.et', '.wps'].includes(ext) ? '，请在 Excel 或 WPS 中另存为 .xlsx' : ''}`,
    );
  try {
    const info = await stat(file);
    if (!info.isFile()) unreadable(file, '这不是一个文件');
    if (info.size > MAX_IMPORT_FILE_BYTES)
      unreadable(file, `文件过大（${MB(info.size)}，上限 ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB），请分成几个文件导入`);
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return unreadable(file, code === 'ENOENT' ? '找不到这个文件' : code === 'EACCES' ? '没有读取这个文件的权限' : '无法读取文件');
  }
}

/** A progress bar on a terminal; elsewhere a line at every tenth. */
function progress(label: string, total: number) {
  let shown = -1;
  return (done: number) => {
    const share = total ? done / total : 1;
    if (process.stderr.isTTY) {
      const width = 30;
      const bar = '█'.repeat(Math.round(share * width)).padEnd(width, '░');
      process.stderr.write(`\r${label} ${bar} ${Math.round(share * 100)}% ${done}/${total}${done === total ? '\n' : ''}`);
    } else if (Math.floor(share * 10) > shown) {
      shown = Math.floor(share * 10);
      process.stderr.write(`${label} ${Math.round(share * 100)}% ${done}/${total}\n`);
    }
  };
}

/**
 * A cell's text as the clerk sees it in Excel: rich text joined, a hyperlink's shown text, a formula's last
 * computed value (Excel stores it with the formula), a date as YYYY-MM-DD. A formula without a stored value, or
 * one that computed an error (#N/A…), is refused with its place, never stored as "[object Object]".
 */
function cellText(value: ExcelJS.CellValue, where: string): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue, where);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result === undefined || result === null)
      throw new Error(`${where}是公式，但文件中没有它的计算结果：请在 Excel 中打开并保存，或把公式改为数值后再导入`);
    if (typeof result === 'object' && 'error' in result)
      throw new Error(`${where}的公式计算出错（${result.error}）：请改正后再导入`);
    return cellText(result as ExcelJS.CellValue, where);
  }
  if ('error' in value) throw new Error(`${where}是错误值（${value.error}）：请改正后再导入`);
  throw new Error(`${where}的内容无法识别：请改为文字或数字后再导入`);
}

const columnName = (n: number): string =>
  (n > 26 ? columnName(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));

const ZIP = Buffer.from('PK\x03\x04', 'latin1');
const OLE = Buffer.from('d0cf11e0a1b11ae1', 'hex'); // Excel 97-2003 (.xls) and WPS (.et)
const ZIP_END = Buffer.from('PK\x05\x06', 'latin1');

/**
 * What an .xlsx (a zip) unpacks to, summed from its central directory before anything is unpacked, so that a cell of
 * 150 MB (or a zip bomb) is refused at once instead of filling memory; null when the directory cannot be read (the
 * file is damaged, and reading it says so).
 */
function unpackedBytes(zip: Buffer): number | null {
  const end = zip.lastIndexOf(ZIP_END);
  if (end < 0 || end + 22 > zip.length) return null;
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let n = zip.readUInt16LE(end + 10); n > 0; n--) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) return null;
    total += zip.readUInt32LE(at + 24);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return total;
}

/**
 * The file's rows, and for CSV the encoding it was read in (so that an error can say). A file that cannot be read
 * (missing, too large, not the format its name says, damaged or cut short, no rows, a cell too long) ends the
 * import with one line naming the file and what is wrong.
 */
async function readRows(file: string): Promise<{ table: string[][]; encoding: string | null }> {
  const bytes = await fileBytes(file, ['.xlsx', '.csv']);
  const named = extname(file).toLowerCase();
  const head = bytes.subarray(0, 8192);
  const looksLike = head.subarray(0, 4).equals(ZIP)
    ? '.xlsx'
    : head.subarray(0, 8).equals(OLE)
      ? '.xls'
      : head.some((byte) => byte < 9 || (byte > 13 && byte < 32))
        ? 'binary'
        : '.csv';
  if (looksLike !== named)
    unreadable(
      file,
      {
        '.xlsx': '文件内容是 Excel 工作簿（.xlsx），扩展名却是 .csv：请把扩展名改为 .xlsx',
        '.xls': '文件是旧版 Excel 97-2003 格式（.xls）：请在 Excel 或 WPS 中另存为 .xlsx',
        '.csv': '文件内容是文本，不是 Excel 工作簿：若是 CSV 文件，请把扩展名改为 .csv',
        binary: `文件内容不是${named === '.csv' ? ' CSV 文本' : ' Excel 工作簿'}，也可能文件已损坏`,
      }[looksLike],
    );
  if (named === '.csv') {
    const { text, encoding } = decodeCsv(bytes);
    const table = parseCsv(text);
    table.forEach((cells, r) => cells.forEach((cell, c) => checkLength(file, cell, `第 ${r + 1} 行 ${columnName(c + 1)} 列`)));
    if (!table.length) unreadable(file, '文件是空的');
    return { table, encoding };
  }
  const unpacked = unpackedBytes(bytes);
  if (unpacked !== null && unpacked > MAX_IMPORT_UNPACKED_BYTES)
    unreadable(
      file,
      `工作簿解压后过大（${MB(unpacked)}，上限 ${MAX_IMPORT_UNPACKED_BYTES / 1024 / 1024} MB）：是否有单元格粘贴了大量内容？请检查后另存再导入`,
    );
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  } catch {
    unreadable(file, '文件已损坏或不完整，无法作为 .xlsx 读取：请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入');
  }
  const sheet = book.worksheets[0];
  if (!sheet) unreadable(file, '工作簿中没有工作表');
  const rows: string[][] = [];
  const refused: string[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) {
      const where = `第 ${rowNumber} 行 ${columnName(c)} 列`;
      try {
        cells.push(checkLength(file, cellText(row.getCell(c).value, where), where));
      } catch (error) {
        refused.push((error as Error).message);
        cells.push('');
      }
    }
    rows.push(cells);
  });
  if (!rows.length) unreadable(file, `第一个工作表“${sheet.name}”是空的`);
  if (refused.length)
    fail(`导入未执行，文件中有 ${refused.length} 个单元格无法读取，未写入任何数据：\n  ${refused.join('\n  ')}`);
  return { table: rows, encoding: null };
}

const USAGE = `用法：npm run import -- teachers|schools <文件.xlsx|文件.csv> --token <令牌> [--url 网关地址] [--update]
      npm run import -- policy <方案.json> --token <令牌>
      npm run import -- policy <规则.xlsx|规则.csv> --policy <政策编号> [--title 标题 --issuer 发文机关] [--document-number 文号] [--effective-from 日期] [--template 模板政策编号 [--drop 规则代码,…]] --token <令牌>
      （方案.json 也可写 "template" 与 "drop"；命令行的 --template、--drop 对两种文件都适用）`;
function readArgs() {
  try {
    const args = parseArgs({
      allowPositionals: true,
      options: {
        token: { type: 'string' },
        url: { type: 'string' },
        update: { type: 'boolean' },
        policy: { type: 'string' },
        title: { type: 'string' },
        issuer: { type: 'string' },
        'document-number': { type: 'string' },
        'effective-from': { type: 'string' },
        template: { type: 'string' },
        drop: { type: 'string' },
      },
    });
    return { ...args, config: parseConfig(process.env) };
  } catch (error) {
    fail(`${error instanceof ConfigError ? error.message : `参数有误 (bad arguments): ${(error as Error).message}`}\n${USAGE}`);
  }
}
const { values, positionals, config } = readArgs();
// the gateway npm start serves, from the same configuration (HOST, PORT)
const gatewayUrl = values.url ?? `http://${['0.0.0.0', '::'].includes(config.HOST) ? '127.0.0.1' : config.HOST}:${config.PORT}`;
const [what, file] = positionals;
if ((what !== 'teachers' && what !== 'schools' && what !== 'policy') || !file) fail(USAGE);
const token = values.token ?? process.env.HUB_TOKEN;
if (values.update && (what === 'policy' || !KINDS[what].updates))
  fail(`--update 只用于导入教师（按 姓名 + 单位 更新已有教师）\n${USAGE}`);
if (!token) fail('缺少令牌：请用 --token 或环境变量 HUB_TOKEN 提供（npm run token 可生成本地开发令牌）');

/** Errors of a connection that was never made: the gateway is not there (anything later is not "cannot connect"). */
const NOT_THERE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

async function post<T>(body: string) {
  const res = await fetch(`${gatewayUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  }).catch((error: Error & { cause?: { code?: string; message?: string } }) => {
    const why = error.cause?.message ?? error.message;
    if (NOT_THERE.has(error.cause?.code ?? '')) fail(`无法连接网关 ${gatewayUrl}：${why}（网关是否已用 npm start 启动？）`);
    return fail(`与网关 ${gatewayUrl} 的连接中断（${why}）：不确定是否已导入，请先在系统中查看，再决定是否重新导入`);
  });
  try {
    return (await res.json()) as {
      data?: T;
      errors?: { message: string; extensions?: { problems?: { row: number; column: string; message: string }[] } }[];
    };
  } catch {
    return fail(`网关 ${gatewayUrl} 的答复无法识别（HTTP ${res.status}）：请确认 --url 指向本系统的网关`);
  }
}

/**
 * A policy draft (issue 15): a JSON file with the whole draft (policyId, title, issuer, documentNumber, batch,
 * effectiveFrom, note, template, rules: [{ code, value, clause, text }]), or a spreadsheet of its rules (规则代码,
 * 值, 条款, 原文) with the rest as options. Values may be written as JSON or as JSON text.
 */
async function policyDraft(): Promise<Record<string, unknown>> {
  const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (extname(file!).toLowerCase() === '.json') {
    let draft: { rules?: { code: string; value: unknown; clause: string; text: string }[]; seeded?: unknown };
    try {
      draft = JSON.parse((await fileBytes(file!, ['.json'])).toString('utf8'));
    } catch (error) {
      unreadable(file!, `不是有效的 JSON（${(error as Error).message}）`);
    }
    if (!Array.isArray(draft.rules)) unreadable(file!, '文件中缺少规则列表 rules');
    // `seeded`: what the hub's own programme files (subgraphs/studios/policy/programmes) add for the sync; an
    // import takes the office from the token
    delete draft.seeded;
    return { ...draft, ...templateOptions(), rules: draft.rules.map((r) => ({ ...r, value: asText(r.value) })) };
  }
  if (!['.xlsx', '.csv'].includes(extname(file!).toLowerCase())) unreadable(file!, '只支持 .json、.xlsx、.csv 文件');
  if (!values.policy) fail(`从表格导入规则时须用 --policy 指明政策编号\n${USAGE}`);
  const { table } = await readRows(file!);
  const headerAt = table.findIndex((r) => r.some((c) => c.trim() === '规则代码'));
  if (headerAt < 0) fail('找不到表头：应包含 规则代码、值、条款、原文');
  const header = table[headerAt]!.map((c) => c.trim());
  const at = (name: string) => header.indexOf(name);
  const missing = ['规则代码', '值', '条款', '原文'].filter((c) => at(c) < 0);
  if (missing.length) fail(`表头缺少列：${missing.join('、')}`);
  const rules = table
    .slice(headerAt + 1)
    .filter((cells) => cells.some((c) => c.trim()))
    .map((cells) => ({
      code: (cells[at('规则代码')] ?? '').trim(),
      value: (cells[at('值')] ?? '').trim(),
      clause: (cells[at('条款')] ?? '').trim(),
      text: (cells[at('原文')] ?? '').trim(),
    }));
  return {
    policyId: values.policy,
    title: values.title,
    issuer: values.issuer,
    documentNumber: values['document-number'],
    effectiveFrom: values['effective-from'],
    ...templateOptions(),
    rules,
  };
}

/** --template and --drop, for a JSON file (over what it says) and a spreadsheet alike. */
function templateOptions(): { template?: string; drop?: string[] } {
  return {
    ...(values.template ? { template: values.template } : {}),
    ...(values.drop
      ? {
          drop: values.drop
            .split(/[,，]/)
            .map((c) => c.trim())
            .filter(Boolean),
        }
      : {}),
  };
}

if (what === 'policy') {
  const input = await policyDraft();
  const result = await post<{
    draftPolicy: { id: string; versions: { number: number; status: string; rules: { inheritedFrom: string | null }[] }[] };
  }>(
    JSON.stringify({
      query: DRAFT_POLICY,
      variables: { input },
    }),
  );
  const error = result.errors?.[0];
  if (error) fail(`导入未执行：${error.message}`);
  const draft = result.data!.draftPolicy.versions.find((v) => v.status === 'DRAFT')!;
  // counted from what was saved: the draft's own rules, and those inherited from its template
  const inherited = draft.rules.filter((r) => r.inheritedFrom);
  const counts = inherited.length
    ? `${draft.rules.length} 条规则：本方案 ${draft.rules.length - inherited.length} 条，继承自模板 ${inherited[0]!.inheritedFrom} ${inherited.length} 条`
    : `${draft.rules.length} 条规则`;
  console.log(`已保存政策 ${result.data!.draftPolicy.id} 第${draft.number}版草稿（${counts}），发布后生效`);
  process.exit(0);
}
const kind = KINDS[what];
const { table, encoding } = await readRows(file);
const readAs = encoding ? `（文件按 ${encoding} 编码读取）` : '';
const shownRow = (cells: string[]) => cells.map((c) => `“${c.replace(/\s+/gu, ' ').trim()}”`).join('、');
// the header is the first row that names the form's columns (000 附件4 has a title line above it)
const headerAt = table.findIndex((r) => r.some((c) => headerKey(c) === kind.required[0]));
if (headerAt < 0)
  fail(
    `找不到表头${readAs}：应有一行包含 ${kind.required.join('、')}。` +
      (table.length ? `文件第 1 行是：${shownRow(table[0]!.slice(0, 10))}` : '文件是空的'),
  );
const header = table[headerAt]!.map(headerKey);
const missing = kind.required.filter((c) => !header.includes(c));
if (missing.length)
  fail(`表头缺少列：${missing.join('、')}${readAs}。读到的表头（第 ${headerAt + 1} 行）：${shownRow(table[headerAt]!)}`);

const body = table.slice(headerAt + 1);
if (!body.length) unreadable(file, '表头下面没有数据行');
if (body.length > kind.maxRows)
  unreadable(
    file,
    `有 ${body.length.toLocaleString('en')} 行数据，一次最多导入 ${kind.maxRows.toLocaleString('en')} 行：请分成几个文件导入`,
  );
const parse = progress('读取', body.length);
const rows = body.map((cells, i) => {
  const row: Record<string, string | number> = { row: headerAt + 2 + i };
  header.forEach((h, c) => {
    const key = kind.columns[h];
    if (key) row[key] = (cells[c] ?? '').trim();
  });
  if (i % 100 === 0 || i === body.length - 1) parse(i + 1);
  return row;
});

const upload = JSON.stringify({ query: kind.mutation, variables: { rows, ...(values.update ? { mode: 'UPDATE' } : {}) } });
const size = Buffer.byteLength(upload);
if (size > MAX_IMPORT_BODY_BYTES)
  unreadable(file, `内容过多（上传需 ${MB(size)}，上限 ${MAX_IMPORT_BODY_BYTES / 1024 / 1024} MB）：请分成几个文件导入`);
process.stderr.write(`上传并校验 ${rows.length} 行（${MB(size)}）…\n`);
const result = await post<{ result: Report }>(upload);
const error = result.errors?.[0];
if (error) {
  const problems = error.extensions?.problems;
  if (!problems) fail(`导入失败：${error.message}`);
  process.stderr.write(`导入未执行：${problems.length} 处错误，未写入任何数据。\n`);
  for (const p of problems) process.stderr.write(`  第 ${p.row} 行  ${p.column}：${p.message}\n`);
  process.exit(1);
}
console.log(kind.done(result.data!.result));
