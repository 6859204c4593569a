import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * How docker-compose.yml starts a service, as arguments to node (`--max-old-space-size=… hub.ts <name>`), so the
 * fuzz and the bench run each service as a deployment does, heap limit included.
 */
export function composeCommand(service: string): string[] {
  const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as {
    services: Record<string, { command: string[] }>;
  };
  return compose.services[service]!.command.slice(1);
}
