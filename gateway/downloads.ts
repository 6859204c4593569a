import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  getNamedType,
  GraphQLEnumType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  isCompositeType,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { jwtVerify, SignJWT } from 'jose';
import { claimsOf, viewerFromClaims, type Viewer } from '../lib/auth/viewer.ts';
import * as labels from './labels.ts';
import { enumeration, instant, int, money, percent, plainInt, text, day, yesNo, type Column } from './sheet.ts';

/**
 * Download links for browsers: a signed-in page asks `POST /export/links` (with its bearer token) for a link to
 * one export as it is asked (path and parameters) or to its current result, and gets a URL that carries no
 * long-lived secret: a ticket signed by the gateway naming the viewer and exactly that download, good for
 * LINK_MINUTES and once. Any gateway sharing GATEWAY_SECRET serves it; each replica remembers the tickets it
 * served, so a ticket is used once per replica at most, and never past its few minutes.
 */
export const LINK_MINUTES = 5;
const AUDIENCE = 'studio-hub-download';
const ISSUER = 'studio-hub-gateway';
/** The longest query a result's link may carry: it travels inside the URL. */
export const MAX_LINKED_QUERY = 6000;

/** What a ticket lets its bearer download: a named export's path and parameters, or a query's result. */
export type Ticketed =
  | { path: string }
  | { result: { query: string; variables: Record<string, unknown>; operationName: string | null }; format: 'csv' | 'xlsx' };

/** A refusal on a download: an HTTP status, a stable code and a Chinese message. */
export class DownloadRefusal extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export class DownloadTickets {
  readonly #key: Uint8Array;
  /** tickets this replica served, until they expire */
  readonly #used = new Map<string, number>();

  constructor(gatewaySecret: string) {
    // its own key, not the one that signs x-hub-viewer: a ticket can never pass for a subgraph header
    this.#key = createHash('sha256').update(`download-links:${gatewaySecret}`).digest();
  }

  /** A link (path and query string, ticket included) to `what` for `viewer`, and when it stops working. */
  async issue(viewer: Viewer, what: Ticketed): Promise<{ url: string; expiresAt: string }> {
    const expires = Math.floor(Date.now() / 1000) + LINK_MINUTES * 60;
    const ticket = await new SignJWT({ ...claimsOf(viewer), what })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(viewer.subject)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(expires)
      .sign(this.#key);
    const base = 'path' in what ? what.path : `/export/result.${what.format}`;
    const url = `${base}${base.includes('?') ? '&' : '?'}ticket=${ticket}`;
    return { url, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /**
   * The viewer and download a ticket names, once: a ticket forged, expired, used before, or shown with another
   * path or parameters than it was issued for is refused.
   */
  async redeem(url: URL): Promise<{ viewer: Viewer; what: Ticketed }> {
    const ticket = url.searchParams.get('ticket') ?? '';
    let payload;
    try {
      ({ payload } = await jwtVerify(ticket, this.#key, { issuer: ISSUER, audience: AUDIENCE, requiredClaims: ['exp', 'jti'] }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw new DownloadRefusal(
        401,
        'UNAUTHENTICATED',
        expired
          ? `下载链接已过期（有效期 ${LINK_MINUTES} 分钟）：请回到页面重新点击下载`
          : '下载链接无效：请回到页面重新点击下载',
      );
    }
    const what = payload.what as Ticketed;
    const rest = new URL(url);
    rest.searchParams.delete('ticket');
    const asked = `${rest.pathname}${rest.search}`;
    const issuedFor = 'path' in what ? what.path : `/export/result.${what.format}`;
    if (asked !== issuedFor) throw new DownloadRefusal(403, 'FORBIDDEN', '下载链接与所下载的内容不符：请回到页面重新点击下载');
    const now = Date.now();
    for (const [id, until] of this.#used) if (until <= now) this.#used.delete(id);
    if (this.#used.has(payload.jti!))
      throw new DownloadRefusal(410, 'LINK_USED', '下载链接只能使用一次，已经用过：请回到页面重新点击下载');
    this.#used.set(payload.jti!, payload.exp! * 1000);
    return { viewer: viewerFromClaims(payload), what };
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Whether a refused request came from a browser's address bar or link rather than a program: it gets a page. */
export const wantsPage = (req: IncomingMessage, url: URL) =>
  url.searchParams.has('ticket') || /\btext\/html\b/.test(String(req.headers.accept ?? ''));

/** A refusal as a page a clerk can read: what went wrong, in Chinese, and the code; never a stack trace. */
export function sendErrorPage(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>无法下载</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:3em auto;padding:0 1em;line-height:1.6}
h1{font-size:1.4em;color:#b42318}code{background:#f3f5f7;padding:0 .3em}</style></head>
<body>
<h1>无法下载</h1>
<p id="message">${escapeHtml(message)}</p>
<p>错误代码：<code id="code">${escapeHtml(code)}</code>（HTTP ${status}）</p>
<p>如需帮助，请把本页内容告诉系统管理员。<a href="/">返回数据中心</a></p>
</body>
</html>`);
}

// ---- a query's result as a sheet ---------------------------------------------------------------------------------

/** Enum tables by the schema's type name, as the named exports label them. */
const ENUM_LABELS: Record<string, Record<string, string>> = labels.ENUMS;

/** A field's Chinese name: the last run of Chinese in its description (`Named after its host… 工作室名称`). */
const chineseName = (field: GraphQLField<unknown, unknown> | null | undefined) =>
  field?.description?.match(/[\p{Script=Han}（）、]+/gu)?.at(-1);

/** The column a leaf of type `type` becomes: the kinds the named exports use. */
function columnOf(type: GraphQLOutputType, name: string, header: string, value: (row: unknown) => unknown): Column<unknown> {
  const named = getNamedType(type);
  if (named instanceof GraphQLEnumType) return enumeration(header, ENUM_LABELS[named.name] ?? {}, value);
  if (!(named instanceof GraphQLScalarType)) return text(header, value);
  switch (named.name) {
    case 'Int':
      return /year$/i.test(name) ? plainInt(header, value) : int(header, value);
    case 'Money':
      return money(header, value);
    case 'Float':
      return /share|rate|ratio/i.test(name) ? percent(header, value) : text(header, value);
    case 'DateTime':
      return instant(header, value);
    case 'Date':
      return day(header, value);
    case 'Boolean':
      return yesNo(header, value);
    default:
      return text(header, value);
  }
}

interface Leaf {
  /** response keys from the list's item down */
  keys: string[];
  type: GraphQLOutputType;
}

const get = (row: unknown, keys: string[]) =>
  keys.reduce<unknown>((v, k) => (v === null || v === undefined ? null : (v as Record<string, unknown>)[k]), row);

/**
 * The sheet of a result: its longest list of objects (as the playground's table picks it), a column per leaf
 * field selected under it (nested objects flattened, lists left out), typed from the schema, headed by each
 * field's Chinese name.
 */
export function resultSheet(
  schema: GraphQLSchema,
  query: string,
  operationName: string | null,
  data: unknown,
): { columns: Column<unknown>[]; rows: unknown[] } | null {
  // every leaf field the document selects, by its response path (list positions left out), and every field's name
  const leaves = new Map<string, { type: GraphQLOutputType }>();
  const names = new Map<string, string | undefined>();
  const info = new TypeInfo(schema);
  const path: string[] = [];
  let inOperation = false;
  visit(
    parse(query),
    visitWithTypeInfo(info, {
      OperationDefinition: {
        enter: (node) => void (inOperation = !operationName || node.name?.value === operationName),
        leave: () => void (inOperation = false),
      },
      Field: {
        enter(node) {
          path.push(node.alias?.value ?? node.name.value);
          const type = info.getType();
          names.set(path.join('.'), chineseName(info.getFieldDef() ?? undefined));
          if (inOperation && type && !isCompositeType(getNamedType(type))) leaves.set(path.join('.'), { type });
        },
        leave: () => void path.pop(),
      },
    }),
  );
  // the longest list of objects in the data
  let best: { at: string[]; rows: unknown[] } | null = null;
  const walk = (value: unknown, at: string[]) => {
    if (Array.isArray(value)) {
      if (value.some((v) => v && typeof v === 'object' && !Array.isArray(v)) && value.length > (best?.rows.length ?? -1))
        best = { at, rows: value };
      for (const item of value) walk(item, at);
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, [...at, k]);
    }
  };
  walk(data, []);
  if (!best) return null;
  const { at, rows } = best as { at: string[]; rows: unknown[] };
  const prefix = at.length ? `${at.join('.')}.` : '';
  const chosen: Leaf[] = [];
  for (const [key, leaf] of leaves) {
    if (!key.startsWith(prefix)) continue;
    const keys = key.slice(prefix.length).split('.');
    // a leaf under a nested list repeats per item: not a column
    if (keys.some((_k, i) => i < keys.length - 1 && rows.some((r) => Array.isArray(get(r, keys.slice(0, i + 1)))))) continue;
    if (unwrapsToList(leaf.type)) continue;
    chosen.push({ keys, ...leaf });
  }
  // a nested field is named with its parent's name: region.name is 地区名称; without a Chinese name, its path
  const headers = chosen.map((l) => {
    const own = names.get(`${prefix}${l.keys.join('.')}`);
    const parent = l.keys.length > 1 ? names.get(`${prefix}${l.keys.slice(0, -1).join('.')}`) : '';
    return own && parent !== undefined ? `${own.startsWith(parent) ? '' : parent}${own}` : l.keys.join('.');
  });
  const columns = chosen.map((leaf, i) => {
    const repeated = headers.filter((h) => h === headers[i]).length > 1;
    const header = repeated && leaf.keys.length > 1 ? `${headers[i]}（${leaf.keys.slice(0, -1).join('.')}）` : headers[i]!;
    return columnOf(leaf.type, leaf.keys.at(-1)!, header, (row) => get(row, leaf.keys));
  });
  return { columns, rows };
}

function unwrapsToList(type: GraphQLOutputType): boolean {
  const inner = type instanceof GraphQLNonNull ? type.ofType : type;
  return inner instanceof GraphQLList;
}
