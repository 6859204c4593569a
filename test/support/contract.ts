import { readdirSync, readFileSync } from 'node:fs';

/** The integration contract, which dashboards and integrations depend on: the project's own operations/contract/. */
export const CONTRACT_DIR = new URL('../../operations/contract/', import.meta.url);

export function contractOperation(name: string): string {
  return readFileSync(new URL(name, CONTRACT_DIR), 'utf8');
}

export function contractOperations(): { file: string; text: string }[] {
  return readdirSync(CONTRACT_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .map((file) => ({ file, text: readFileSync(new URL(file, CONTRACT_DIR), 'utf8') }));
}
