import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, parse, print, type DocumentNode } from 'graphql';
import type { Role, Viewer } from '../lib/auth/viewer.ts';
import { refusal } from '../lib/graphql/errors.ts';

/** A document's identity: the hash of its printed form, so layout and comments do not matter. */
const hashOf = (document: DocumentNode) => createHash('sha256').update(print(document)).digest('hex');
const documentHash = (text: string) => hashOf(parse(text));

/** A registered document: where it lies, its printed text and that text's SHA-256 (its id). */
export interface RegisteredDocument {
  path: string;
  name: string | null;
  type: 'query' | 'mutation' | 'subscription';
  body: string;
  id: string;
}

/** Every `.graphql` file under `dir`, by its path, printed (layout and comments gone). */
export function readDocuments(dir: string): RegisteredDocument[] {
  const documents: RegisteredDocument[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.graphql')) {
        const document = parse(readFileSync(path, 'utf8'));
        const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
        const body = print(document);
        documents.push({
          path: relative(dir, path),
          name: operation?.name?.value ?? null,
          type: operation?.operation ?? 'query',
          body,
          id: createHash('sha256').update(body).digest('hex'),
        });
      }
    }
  };
  walk(dir);
  return documents;
}

/** Every `.graphql` file under `dir`, by the hash of its document. */
export function loadRegistry(dir: string, extra: string[] = []): Map<string, string> {
  const registry = new Map(readDocuments(dir).map((d) => [d.id, d.path]));
  for (const text of extra) registry.set(documentHash(text), '(built in)');
  return registry;
}

/**
 * The operation names of the registered documents and of `extra` (the exports'): the only names metrics label
 * (lib/service/observability.ts `labelOperations`), so the series stay as few as the documents.
 */
export function operationNames(dir: string, extra: string[] = []): string[] {
  const named = (document: DocumentNode) =>
    document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
  return [...new Set([...readDocuments(dir).flatMap((d) => (d.name ? [d.name] : [])), ...extra.flatMap((t) => named(parse(t)))])];
}

/**
 * Apollo's persisted query manifest (https://www.apollographql.com/docs/graphos/platform/security/persisted-queries):
 * each operation's id is the SHA-256 of its body, which is also its hash in the registry, so a client may send
 * `documentId` or `extensions.persistedQuery.sha256Hash` instead of the text.
 */
export function persistedQueryManifest(dir: string) {
  return {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: readDocuments(dir).map(({ id, name, type, body }) => ({ id, name, type, body })),
  };
}

/** The registered documents' texts by id, for requests that send only the id. */
export function persistedDocuments(dir: string): Map<string, string> {
  return new Map(readDocuments(dir).map((d) => [d.id, d.body]));
}

/**
 * Refuses any operation whose document is not registered, once it is parsed (a refusal thrown any earlier is not
 * caught by Apollo Server and answers HTTP 500), unless the viewer holds one of the `explorers` roles: an analyst
 * exploring runs any document, within the operation limits every request has.
 */
export function trustedDocuments(
  registry: Map<string, string>,
  explorers: readonly Role[] = [],
): ApolloServerPlugin<{ viewer: Viewer }> {
  const who = explorers.length ? `；自由查询只对 ${explorers.join('、')} 角色开放` : '';
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, contextValue }) {
          if (registry.has(hashOf(document)) || contextValue.viewer.roles.some((r) => explorers.includes(r))) return;
          throw refusal(
            'OPERATION_NOT_REGISTERED',
            `未登记的查询：本网关只运行已登记的操作${who}。请把查询加入 operations/ 目录登记后再用`,
            {
              detail: 'This operation is not a registered trusted document.',
            },
          );
        },
      };
    },
  };
}

type Body = { query?: unknown; documentId?: unknown; extensions?: { persistedQuery?: { sha256Hash?: unknown } } };

/**
 * A request that names a registered document instead of sending its text: `documentId` (`sha256:<hex>` or the hex
 * alone, GraphQL over HTTP's persisted documents) or Apollo's `extensions.persistedQuery.sha256Hash`. The text is
 * put in; an unknown `documentId` is refused with PERSISTED_QUERY_NOT_FOUND, and an unknown hash is left to Apollo
 * Server, which answers PERSISTED_QUERY_NOT_FOUND so that an Apollo client sends the text (and trusted documents
 * still decide whether it runs).
 */
export function persistedDocumentBodies(documents: Map<string, string>) {
  return (body: unknown): { body: unknown } | { status: number; code: string; message: string } => {
    if (!body || typeof body !== 'object' || Array.isArray(body)) return { body };
    const { documentId, ...rest } = body as Body;
    if (documentId === undefined) {
      const hash = rest.extensions?.persistedQuery?.sha256Hash;
      const text = typeof hash === 'string' && rest.query === undefined ? documents.get(hash.toLowerCase()) : undefined;
      if (!text) return { body };
      const { persistedQuery: _persisted, ...extensions } = rest.extensions!;
      return { body: { ...rest, query: text, extensions } };
    }
    const id = typeof documentId === 'string' ? documentId.replace(/^sha256:/i, '').toLowerCase() : '';
    const text = documents.get(id);
    if (!text) {
      return {
        status: 400,
        code: 'PERSISTED_QUERY_NOT_FOUND',
        message: `没有登记编号为“${String(documentId)}”的查询：请用 operations/persisted-query-manifest.json 中的 id`,
      };
    }
    return { body: { ...rest, query: text } };
  };
}
