import ExcelJS from 'exceljs';
import { neutralise, toCsv } from '../lib/csv.ts';

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
}

const column =
  (kind: ColumnKind) =>
  <R>(header: string, value: (row: R) => unknown): Column<R> => ({ header, kind, value });
export const text = column('text');
export const int = column('int');
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

/** A rendered table: the declared columns (without their accessors) and each row's raw values. */
export interface Table {
  columns: Omit<Column<never>, 'value'>[];
  rows: unknown[][];
}

export function tabulate<R>(columns: Column<R>[], rows: R[]): Table {
  return {
    columns: columns.map(({ header, kind, labels }) => ({ header, kind, labels })),
    rows: rows.map((row) => columns.map((c) => c.value(row) ?? null)),
  };
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
const codeColumns = (table: Table) => table.columns.flatMap((c, i) => (c.kind === 'enum' ? [i] : []));
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

export function csv(table: Table): Buffer {
  const codes = codeColumns(table);
  return toCsv(
    [...table.columns.map((c) => c.header), ...codes.map((i) => codeHeader(table.columns[i]!.header))],
    table.rows.map((row) => [
      ...row.map((value, i) => csvCell(table.columns[i]!.kind, value, table.columns[i]!.labels)),
      ...codes.map((i) => (row[i] === null ? null : String(row[i]))),
    ]),
  );
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
  /** label → value, in order */
  lines: [string, string][];
}

/**
 * The workbook: the data sheet (bold frozen header, autofilter, widths that fit, typed cells; enum codes in hidden
 * columns at the end) and a `说明` sheet saying what it is (title, scope, parameters, when, by whom).
 */
export async function xlsx(table: Table, metadata: Metadata): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'studio-hub';
  const sheet = book.addWorksheet(sheetName(metadata.title));
  const codes = codeColumns(table);
  const headers = [...table.columns.map((c) => c.header), ...codes.map((i) => codeHeader(table.columns[i]!.header))];
  const kinds: ColumnKind[] = [...table.columns.map((c) => c.kind), ...codes.map((): ColumnKind => 'text')];
  const cells = table.rows.map((row) => [
    ...row.map((value, i) => xlsxCell(table.columns[i]!.kind, value, table.columns[i]!.labels)),
    ...codes.map((i) => (row[i] === null ? null : String(row[i]))),
  ]);
  sheet.addRow(headers).font = { bold: true };
  for (const row of cells) sheet.addRow(row);
  headers.forEach((header, i) => {
    const col = sheet.getColumn(i + 1);
    col.width = fit([header, ...cells.map((row) => shown(kinds[i]!, row[i]!))]);
    const format = NUMBER_FORMAT[kinds[i]!];
    if (format) col.eachCell((cell, rowNumber) => void (rowNumber > 1 && (cell.numFmt = format)));
    if (i >= table.columns.length) col.hidden = true;
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: headers.length } };

  const about = book.addWorksheet('说明');
  about.addRow(['项目', '内容']).font = { bold: true };
  for (const [key, value] of [['标题', metadata.title], ...metadata.lines]) about.addRow([key, neutralise(value)]);
  if (codes.length)
    about.addRow([
      '代码列',
      `隐藏列 ${codes.map((i) => codeHeader(table.columns[i]!.header)).join('、')} 保存各项的英文代码，供程序读取`,
    ]);
  about.getColumn(1).width = 12;
  about.getColumn(2).width = fit(about.getColumn(2).values.map((v) => String(v ?? '')));
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Excel's limits on a sheet's name: at most 31 characters, none of : \ / ? * [ ]. */
const sheetName = (title: string) => title.replace(/[:\\/?*[\]]/g, '_').slice(0, 31);
