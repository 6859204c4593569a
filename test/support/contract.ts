import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The integration contract in ../shared/contract/operations, which dashboards and integrations depend on. */
export const CONTRACT_DIR = new URL('../../../shared/contract/operations/', import.meta.url);

export function contractOperation(name: string): string {
  return readFileSync(new URL(name, CONTRACT_DIR), 'utf8');
}

export function contractOperations(): { file: string; text: string }[] {
  return readdirSync(CONTRACT_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .map((file) => ({ file, text: readFileSync(join(CONTRACT_DIR.pathname, file), 'utf8') }));
}
