import iconv from 'iconv-lite';

/** What a spreadsheet may take for the start of a formula: = + - @, tab, CR, and their full-width forms. */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * A cell as an export writes it, safe to open in Excel or WPS (OWASP CSV injection): text that would start a formula
 * gets a leading apostrophe, so `=HYPERLINK(…)` typed into a name by one office is shown, not run, at another.
 * Numbers stay numbers, negative ones and amounts such as "-120.50" included.
 */
export function neutralise<T>(value: T): T | string {
  if (typeof value !== 'string' || NUMBER.test(value) || !FORMULA_START.test(value)) return value;
  return `'${value}`;
}

/** CSV as offices exchange it: UTF-8 with a byte-order mark (so Excel reads Chinese), CRLF, RFC 4180 quoting. */
export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): Buffer {
  return Buffer.from(`\uFEFF${csvLines([header, ...rows])}`, 'utf8');
}

/** Rows as CSV lines, each ended by CRLF, without the byte-order mark: a stream writes the mark once, then pages. */
export function csvLines(rows: (string | number | null | undefined)[][]): string {
  const cell = (v: unknown) => {
    const text = v === null || v === undefined ? '' : String(neutralise(v));
    return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return rows.map((r) => `${r.map(cell).join(',')}\r\n`).join('');
}

/** Rows of cells from CSV text (a byte-order mark, quotes and CRLF or LF line ends allowed). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const input = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

/**
 * A CSV file's text as offices save it: UTF-8 with or without a byte-order mark, or GB18030 (which GBK and GB2312
 * are subsets of: what Chinese Excel and WPS write for "CSV (逗号分隔)"). Bytes that are not valid UTF-8 are read as
 * GB18030; the encoding guessed is returned so that an error can name it.
 */
export function decodeCsv(bytes: Buffer): { text: string; encoding: 'UTF-8' | 'GB18030' } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030'), encoding: 'GB18030' };
  }
}
