import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ApolloServerPlugin } from '@apollo/server';
import { parse, print, type DocumentNode } from 'graphql';
import { refusal } from './refusals.ts';

/** A document's identity: the hash of its printed form, so layout and comments do not matter. */
const hashOf = (document: DocumentNode) => createHash('sha256').update(print(document)).digest('hex');
const documentHash = (text: string) => hashOf(parse(text));

/** Every `.graphql` file under `dir`, by the hash of its document. */
export function loadRegistry(dir: string, extra: string[] = []): Map<string, string> {
  const registry = new Map<string, string>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.graphql')) registry.set(documentHash(readFileSync(path, 'utf8')), relative(dir, path));
    }
  };
  walk(dir);
  for (const text of extra) registry.set(documentHash(text), '(built in)');
  return registry;
}

/**
 * Refuses any operation whose document is not registered, once it is parsed (a refusal thrown any earlier is not
 * caught by Apollo Server and answers HTTP 500).
 */
export function trustedDocuments(registry: Map<string, string>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document }) {
          if (!registry.has(hashOf(document))) {
            throw refusal(
              'OPERATION_NOT_REGISTERED',
              '未登记的查询：本网关只运行已登记的操作。请把查询加入 operations/ 目录登记后再用',
              { detail: 'This operation is not a registered trusted document.' },
            );
          }
        },
      };
    },
  };
}
