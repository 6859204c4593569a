import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, parseConfig, SUBGRAPH_NAMES } from '../lib/config.ts';

// No Docker engine runs here, so the file is checked against what the code reads instead of being run.
// `${NAME:?…}` is filled from the environment by docker compose; here with example values
const EXAMPLES: Record<string, string> = {
  GATEWAY_SECRET: 'an-example-secret-of-more-than-32-characters',
  JWT_JWKS_URL: 'https://idp.example.edu.cn/.well-known/jwks.json',
};
const text = readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8').replace(
  /\$\{(\w+):\?[^}]*\}/g,
  (_, name: string) => EXAMPLES[name] ?? `<${name} missing>`,
);
const compose = parse(text, { merge: true });
const services = compose.services as Record<
  string,
  { command?: string[]; environment?: Record<string, string>; ports?: string[] }
>;
const portKey = (name: string) => `${name.toUpperCase()}_PORT`;

describe('docker-compose.yml', () => {
  it('has PostgreSQL, the four subgraphs and the gateway', () => {
    expect(Object.keys(services).sort()).toEqual(['evaluations', 'funding', 'gateway', 'personnel', 'postgres', 'studios']);
  });

  it.each([...SUBGRAPH_NAMES, 'gateway'])('configures %s only with variables the code reads, and valid ones', (name) => {
    const env = services[name]!.environment!;
    expect(Object.keys(env).filter((k) => !(CONFIG_KEYS as string[]).includes(k))).toEqual([]);
    expect(() => parseConfig(env)).not.toThrow();
    expect(services[name]!.command).toEqual(['node', 'hub.ts', name]);
    expect(env.HOST).toBe('0.0.0.0');
  });

  it.each(SUBGRAPH_NAMES)('publishes the %s subgraph on the port it listens on and points it at the postgres service', (name) => {
    const env = services[name]!.environment!;
    const port = env[portKey(name)];
    expect(services[name]!.ports).toEqual([`${port}:${port}`]);
    const db = new URL(env.DATABASE_URL!);
    const pg = services.postgres!.environment!;
    expect([db.hostname, db.username, db.password, db.pathname.slice(1)]).toEqual([
      'postgres',
      pg.POSTGRES_USER,
      pg.POSTGRES_PASSWORD,
      pg.POSTGRES_DB,
    ]);
  });

  it('sends the gateway to each subgraph service on the port that subgraph listens on', () => {
    const env = services.gateway!.environment!;
    for (const name of SUBGRAPH_NAMES) {
      const url = new URL(env[`${name.toUpperCase()}_URL`]!);
      expect(url.hostname).toBe(name);
      expect(url.port).toBe(services[name]!.environment![portKey(name)]);
      expect(url.pathname).toBe('/graphql');
    }
    expect(services.gateway!.ports).toEqual([`${env.PORT}:${env.PORT}`]);
  });
});
