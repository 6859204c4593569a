/**
 * A container's healthcheck: exits 0 when the service named (personnel, studios, evaluations, funding, gateway)
 * answers 200 on its own /readyz, at the port its configuration gives it; else 1. docker-compose.yml runs it.
 *   node scripts/healthcheck.ts studios
 */
import { parseConfig, SUBGRAPH_NAMES, subgraphPort, type SubgraphName } from '../lib/service/config.ts';

const service = process.argv[2] ?? '';
const config = parseConfig(process.env);
if (service !== 'gateway' && !(SUBGRAPH_NAMES as readonly string[]).includes(service)) {
  console.error(`unknown service ${service}: one of ${[...SUBGRAPH_NAMES, 'gateway'].join(', ')}`);
  process.exit(2);
}
const port = service === 'gateway' ? config.PORT : subgraphPort(config, service as SubgraphName);
try {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(4_000) });
  if (!res.ok) console.error(`${service} not ready: ${await res.text()}`);
  process.exit(res.ok ? 0 : 1);
} catch (error) {
  console.error(`${service} not answering: ${(error as Error).message}`);
  process.exit(1);
}
