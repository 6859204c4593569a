import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { csvLines, neutralise } from '../lib/http/csv.ts';
import { formatMoney, parseMoney } from '../lib/domain/money.ts';

/**
 * Column declarations for the exports and the two renderings made from them: CSV (values as text, as programs and
 * offices exchange them) and XLSX (numbers as numbers, money with two decimals, shares as percentages, instants as
 * dates in China time, enum codes as their Chinese labels with the codes in hidden columns at the end).
 */
export type ColumnKind = 'text' | 'int' | 'money' | 'percent' | 'day' | 'instant' | 'enum' | 'yesNo';

export interface Column<R> {
  header: string;
  kind: ColumnKind;
  value: (row: R) => unknown;
  /** enum only: code → Chinese label */
  labels?: Record<string, string>;
  /** Whether the sheet's 合计 row adds the column up: counts and money do, unless a sum means nothing (years). */
  total?: boolean;
}

const column =
  (kind: ColumnKind) =>
  <R>(header: string, value: (row: R) => unknown): Column<R> => ({ header, kind, value });
export const text = column('text');
/** a count: the 合计 row adds it up */
export const int = column('int');
/** an integer a sum means nothing for: a year, or a count of things that repeat across rows */
export const plainInt = <R>(header: string, value: (row: R) => unknown): Column<R> => ({ ...int(header, value), total: false });
/** a `Money` decimal string ("20000.00") */
export const money = column('money');
/** a share as a ratio (0.25 is 25 %) */
export const percent = column('percent');
/** a day, YYYY-MM-DD */
export const day = column('day');
/** an ISO 8601 instant, shown in China time */
export const instant = column('instant');
export const yesNo = column('yesNo');
export const enumeration = <R>(header: string, labels: Record<string, string>, value: (row: R) => unknown): Column<R> => ({
  header,
  kind: 'enum',
  value,
  labels,
});

/** A column as a rendering knows it: the declaration without its accessor. */
export type Header = Omit<Column<never>, 'value'>;

/** The declared columns' headers, and a row's raw values under them. */
export function layout<R>(columns: Column<R>[]): { headers: Header[]; values: (row: R) => unknown[] } {
  return {
    headers: columns.map(({ header, kind, labels, total }) => ({ header, kind, labels, total })),
    values: (row) => columns.map((c) => c.value(row) ?? null),
  };
}

/** Rows of raw values, a page at a time, as the subgraphs give them. */
export type Pages = AsyncIterable<unknown[][]>;

/** The client left before the export was out: nothing to answer, and no fault. */
export class ClientGone extends Error {}

/**
 * Resolves once what was written has gone out to the client (back-pressure), so that the next page is fetched
 * only then and no page waits in memory behind a slow reader; rejects when the client has gone.
 */
function drained(out: Writable): Promise<void> {
  if (out.destroyed) return Promise.reject(new ClientGone('client went away'));
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (gone: boolean) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      if (gone) reject(new ClientGone('client went away'));
      else resolve();
    };
    const onDrain = () => settle(false);
    const onClose = () => settle(true);
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

const CHINA_TIME = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as the wall clock in China shows it: `2026-12-01 08:30:00`. */
export function chinaTime(instant: Date | string): string {
  const parts = Object.fromEntries(CHINA_TIME.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Excel keeps no time zone: a date cell holds the wall-clock time, which ExcelJS writes from the UTC fields. */
const wallClock = (text: string) => new Date(`${text.replace(' ', 'T')}Z`);

/** The code columns an enum column brings, after every declared column: `级别代码`. */
const codeColumns = (headers: Header[]) => headers.flatMap((c, i) => (c.kind === 'enum' ? [i] : []));
const codeHeader = (header: string) => `${header.replace(/（.*）$/, '')}代码`;

const label = (labels: Record<string, string> | undefined, value: unknown) =>
  value === null ? null : (labels?.[String(value)] ?? String(value));

/** A cell as CSV text keeps: money as written, shares as `12.50%`, instants in China time, labels for codes. */
function csvCell(kind: ColumnKind, value: unknown, labels?: Record<string, string>): string | number | null {
  if (value === null) return null;
  switch (kind) {
    case 'percent':
      return `${(Number(value) * 100).toFixed(2)}%`;
    case 'instant':
      return chinaTime(String(value));
    case 'enum':
      return label(labels, value);
    case 'yesNo':
      return value ? '是' : '否';
    case 'int':
      return Number(value);
    default:
      return String(value);
  }
}

/** How a CSV's text becomes bytes: UTF-8 with a byte-order mark, or GB18030 (no mark) for old Excel and WPS. */
export type CsvEncoding = 'utf-8' | 'gb18030';

/**
 * The CSV, written page by page to `out` (which it ends): the header line first. Data only, for programs and for
 * Excel alike: no title, no 合计 row. Resolves to the row count.
 */
export async function writeCsv(out: Writable, headers: Header[], pages: Pages, encoding: CsvEncoding = 'utf-8'): Promise<number> {
  const write = (text: string) => out.write(encoding === 'gb18030' ? iconv.encode(text, 'gb18030') : text);
  const codes = codeColumns(headers);
  const head = csvLines([[...headers.map((c) => c.header), ...codes.map((i) => codeHeader(headers[i]!.header))]]);
  write(encoding === 'gb18030' ? head : `\uFEFF${head}`);
  let count = 0;
  for await (const page of pages) {
    write(
      csvLines(
        page.map((row) => [
          ...row.map((value, i) => csvCell(headers[i]!.kind, value, headers[i]!.labels)),
          ...codes.map((i) => (row[i] === null ? null : String(row[i]))),
        ]),
      ),
    );
    count += page.length;
    await drained(out);
  }
  out.end();
  return count;
}

const NUMBER_FORMAT: Partial<Record<ColumnKind, string>> = {
  int: '0',
  money: '#,##0.00',
  percent: '0.00%',
  day: 'yyyy-mm-dd',
  instant: 'yyyy-mm-dd hh:mm:ss',
};

function xlsxCell(kind: ColumnKind, value: unknown, labels?: Record<string, string>): ExcelJS.CellValue {
  if (value === null) return null;
  switch (kind) {
    case 'int':
    case 'money':
    case 'percent':
      return Number(value);
    case 'day':
      return new Date(`${String(value)}T00:00:00Z`);
    case 'instant':
      return wallClock(chinaTime(String(value)));
    case 'enum':
      return neutralise(label(labels, value));
    case 'yesNo':
      return value ? '是' : '否';
    default:
      return neutralise(String(value));
  }
}

/** How wide text shows: CJK and full-width characters take two places. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ||
      ch.codePointAt(0)! > 0xffff
        ? 2
        : 1;
  return width;
}

/** What a cell shows, for its column's width: money with its separators, shares as percentages. */
function shown(kind: ColumnKind, value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return kind === 'day' ? '0000-00-00' : '0000-00-00 00:00:00';
  if (kind === 'money') return Number(value).toLocaleString('en-US', { minimumFractionDigits: 2 });
  if (kind === 'percent') return `${(Number(value) * 100).toFixed(2)}%`;
  return String(value);
}

const fit = (texts: string[]) => Math.min(60, Math.max(6, ...texts.map(displayWidth)) + 2);

export interface Metadata {
  title: string;
  /** the data sheet's title row: what it is, its scope and the business day */
  heading: string;
  /** label → value, in order, for the 说明 sheet */
  lines: (rowCount: number) => [string, string][];
}

/** Rows above the data: the title row, then the header. */
const HEADER_ROW = 2;

/** A column letter as Excel names it: 1 → A, 27 → AA. */
function columnLetter(n: number): string {
  let letters = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) letters = String.fromCharCode(65 + ((i - 1) % 26)) + letters;
  return letters;
}

/**
 * Adds up the columns the 合计 row sums, page by page: counts as numbers, money in integer fen (never a float).
 */
class Totals {
  readonly #sums: (bigint | null)[];
  readonly headers: Header[];
  constructor(headers: Header[]) {
    this.headers = headers;
    this.#sums = headers.map((h) => ((h.kind === 'int' || h.kind === 'money') && h.total !== false ? 0n : null));
  }

  add(row: unknown[]): void {
    this.#sums.forEach((sum, i) => {
      const value = row[i];
      if (sum === null || value === null || value === undefined) return;
      this.#sums[i] = sum + (this.headers[i]!.kind === 'money' ? parseMoney(String(value)) : BigInt(Number(value)));
    });
  }

  /** The 合计 row's cells over data rows `first`…`last`: SUBTOTAL(109, …), so a filter leaves out hidden rows. */
  cells(first: number, last: number): ExcelJS.CellValue[] {
    return this.#sums.map((sum, i) => {
      if (sum === null) return i === 0 ? '合计' : null;
      const range = `${columnLetter(i + 1)}${first}:${columnLetter(i + 1)}${last}`;
      const result = this.headers[i]!.kind === 'money' ? Number(formatMoney(sum)) : Number(sum);
      return { formula: `SUBTOTAL(109,${range})`, result };
    });
  }
}

/**
 * The workbook, written page by page to `out` (which it ends) by ExcelJS's streaming writer. The data sheet prints
 * landscape on A4, fit to one page wide: a title row (what, scope, business day), the bold frozen header with an
 * autofilter, typed cells (enum codes in hidden columns at the end), then a 合计 row adding up counts and money,
 * or, with no rows at all, a 无数据 line. Then a `说明` sheet saying what it is (title, scope, parameters, row count,
 * when, by whom). Column widths fit the header and the first page (500 rows for a paged export, all of a smaller
 * one): they are written before the first row. Resolves to the row count.
 */
export async function writeXlsx(out: Writable, headers: Header[], pages: Pages, metadata: Metadata): Promise<number> {
  // loaded on the first workbook: a gateway that writes none does not hold ExcelJS's code
  const { default: excel } = await import('exceljs');
  const book = new excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'studio-hub';
  const sheet = book.addWorksheet(sheetName(metadata.title), {
    views: [{ state: 'frozen', ySplit: HEADER_ROW }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0, // as many pages down as it takes
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
  });
  const codes = codeColumns(headers);
  const names = [...headers.map((c) => c.header), ...codes.map((i) => codeHeader(headers[i]!.header))];
  const kinds: ColumnKind[] = [...headers.map((c) => c.kind), ...codes.map((): ColumnKind => 'text')];
  const formats = kinds.map((kind) => NUMBER_FORMAT[kind]);
  const cellsOf = (row: unknown[]): ExcelJS.CellValue[] => [
    ...row.map((value, i) => xlsxCell(headers[i]!.kind, value, headers[i]!.labels)),
    ...codes.map((i) => (row[i] === null ? null : String(row[i]))),
  ];
  const lastVisible = columnLetter(headers.length);
  /** a line across the visible columns: the title row, or the 无数据 line */
  const line = (text: string, font: Partial<ExcelJS.Font>) => {
    const row = sheet.addRow([neutralise(text)]);
    row.font = font;
    row.height = 22;
    row.alignment = { vertical: 'middle' };
    if (headers.length > 1) sheet.mergeCells(`A${row.number}:${lastVisible}${row.number}`);
    row.commit();
  };
  const totals = new Totals(headers);
  let count = 0;
  let started = false;
  const start = (first: ExcelJS.CellValue[][]) => {
    if (started) return; // a paged export's first page may be empty
    started = true;
    sheet.columns = names.map((name, i) => ({
      width: fit([name, ...first.map((row) => shown(kinds[i]!, row[i]!))]),
      hidden: i >= headers.length,
    }));
    line(metadata.heading, { bold: true, size: 14 });
    const header = sheet.addRow(names);
    header.font = { bold: true };
    header.commit();
  };
  for await (const page of pages) {
    const cells = page.map(cellsOf);
    start(cells);
    for (const [n, values] of cells.entries()) {
      totals.add(page[n]!);
      const row = sheet.addRow(values);
      formats.forEach((format, i) => format && values[i] !== null && (row.getCell(i + 1).numFmt = format));
      row.commit();
    }
    count += page.length;
    await drained(out);
  }
  if (count === 0) {
    start([]);
    line('无数据：在此范围和条件下没有记录', { italic: true });
  } else {
    const row = sheet.addRow(totals.cells(HEADER_ROW + 1, HEADER_ROW + count));
    row.font = { bold: true };
    row.border = { top: { style: 'thin' } };
    formats.forEach((format, i) => format && (row.getCell(i + 1).numFmt = format));
    row.commit();
  }
  // the filter covers the data rows, never the 合计 row below them
  sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: HEADER_ROW + count, column: names.length } };
  sheet.commit();

  const lines: [string, string][] = [['标题', metadata.title], ...metadata.lines(count)];
  if (codes.length)
    lines.push([
      '代码列',
      `隐藏列 ${codes.map((i) => codeHeader(headers[i]!.header)).join('、')} 保存各项的英文代码，供程序读取`,
    ]);
  const about = book.addWorksheet('说明');
  about.columns = [{ width: 12 }, { width: fit(['内容', ...lines.map(([, value]) => value)]) }];
  about.addRow(['项目', '内容']).font = { bold: true };
  for (const [key, value] of lines) about.addRow([key, neutralise(value)]);
  about.commit();
  await book.commit();
  return count;
}

/** Excel's limits on a sheet's name: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string) => title.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
