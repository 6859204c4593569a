// npm run persisted-documents: writes operations/persisted-query-manifest.json, Apollo's persisted query manifest
// of every registered operation (operations/**/*.graphql), for clients that send only an operation's id.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { persistedQueryManifest } from '../gateway/trusted-documents.ts';

export const OPERATIONS_DIR = fileURLToPath(new URL('../operations', import.meta.url));
export const MANIFEST_PATH = fileURLToPath(new URL('../operations/persisted-query-manifest.json', import.meta.url));

export const manifestText = () => `${JSON.stringify(persistedQueryManifest(OPERATIONS_DIR), null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(MANIFEST_PATH, manifestText());
  console.log(`wrote ${MANIFEST_PATH}`);
}
