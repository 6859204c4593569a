/**
 * The whole hub in one process tree: database (embedded unless DATABASE_URL), migrations, demo data if empty,
 * the four subgraphs and the gateway. `node hub.ts` starts everything; `node hub.ts studios` (or any list of
 * database, personnel, studios, evaluations, funding, gateway) starts only those, as docker-compose does.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  ConfigError,
  parseConfig,
  SUBGRAPH_NAMES,
  subgraphPort,
  subgraphUrl,
  type Config,
  type SubgraphName,
} from './lib/service/config.ts';
import { createTokenVerifier, schoolRegionCheck } from './lib/auth/tokens.ts';
import { EXPLORER_ROLES, type Viewer } from './lib/auth/viewer.ts';
import { signDevToken, usesDevKey } from './lib/auth/dev-keys.ts';
import { pinToday } from './lib/domain/clock.ts';
import { DatabaseError, openDatabase, type Database } from './lib/data/database.ts';
import { z } from 'zod';
import {
  configureLogging,
  guardProcess,
  labelOperations,
  metricsAccess,
  reportProcessMetricsOn,
} from './lib/service/observability.ts';
import { peerQuery, Peers } from './lib/service/peers.ts';
import { startTracing, stopTracing } from './lib/service/tracing.ts';
import type { Listening } from './lib/http/server.ts';
import { startSubgraph, type RunningSubgraph } from './lib/service/subgraph.ts';
import { EXPORT_DOCUMENTS } from './gateway/exports.ts';
import { TOOL_DOCUMENTS } from './gateway/tool-documents.ts';
import { startGateway } from './gateway/index.ts';
import { loadRegistry, operationNames, persistedDocuments } from './gateway/trusted-documents.ts';
import { SUPERGRAPH_PATH } from './schema/paths.ts';

/** `database` alone starts only the embedded PostgreSQL, for subgraphs run in other processes (DATABASE_URL). */
export const SERVICES = ['database', ...SUBGRAPH_NAMES, 'gateway'] as const;
export type Service = (typeof SERVICES)[number];

export interface Hub {
  database: Database | null;
  subgraphs: Partial<Record<SubgraphName, RunningSubgraph>>;
  gateway: Listening | null;
  /** A province administrator's token for 河南省 signed with the local development key (development only). */
  devToken: string | null;
  /** Starts a stopped subgraph again on the port it had (after `hub.subgraphs[name].close()`). */
  restartSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

/** The gateway secret: configured, or made fresh when gateway and subgraphs share this one process. */
function gatewaySecret(config: Config, services: readonly Service[]): string {
  if (config.GATEWAY_SECRET) return config.GATEWAY_SECRET;
  const servers = services.filter((s) => s !== 'database');
  if (servers.length === 0) return ''; // the database alone signs nothing
  if (servers.length === SERVICES.length - 1) return randomBytes(32).toString('hex');
  throw new ConfigError(
    '配置无效 (invalid configuration):\n  GATEWAY_SECRET: required when the gateway and subgraphs run as separate processes',
  );
}

/** Documents every hub accepts whatever TRUSTED_DOCUMENTS says: the exports' and the project's tools'. */
const BUILT_IN_DOCUMENTS = [...EXPORT_DOCUMENTS, ...TOOL_DOCUMENTS];

/** The playground's sign-in at the identity provider (OIDC_CLIENT_ID), which must be the one tokens are verified against. */
function signInOf(config: Config) {
  if (!config.OIDC_CLIENT_ID) return undefined;
  if (!config.JWT_JWKS_URL || !URL.canParse(config.JWT_ISSUER))
    throw new ConfigError(
      '配置无效 (invalid configuration):\n  OIDC_CLIENT_ID: needs JWT_JWKS_URL and JWT_ISSUER set to the identity provider (its issuer URL), whose tokens the hub verifies',
    );
  return { issuer: config.JWT_ISSUER, clientId: config.OIDC_CLIENT_ID, scope: config.OIDC_SCOPE };
}

export async function startHub(config: Config, services: readonly Service[] = SERVICES): Promise<Hub> {
  pinToday(config.HUB_TODAY);
  configureLogging(config.LOG_LEVEL);
  guardProcess();
  await startTracing(config.OTEL_EXPORTER_OTLP_ENDPOINT, config.OTEL_SERVICE_NAME);
  if (services.includes('gateway') && config.NODE_ENV === 'production' && usesDevKey(config))
    throw new ConfigError(
      '配置无效 (invalid configuration):\n  JWT_JWKS_URL: JWT_JWKS_URL or JWT_PUBLIC_KEY is required in production: the local development key is for development only',
    );
  const signIn = signInOf(config);
  const wanted = SUBGRAPH_NAMES.filter((name) => services.includes(name));
  // metrics name only the registered operations; the process's own figures go with the gateway's, else the first
  // subgraph's, so that scraping every port of a one-process hub counts nothing twice
  labelOperations(operationNames(config.TRUSTED_DOCUMENTS_DIR, BUILT_IN_DOCUMENTS));
  const reporter = services.includes('gateway') ? 'gateway' : wanted[0];
  if (reporter) reportProcessMetricsOn(reporter);
  const metrics = metricsAccess(config);
  const secret = gatewaySecret(config, services);
  const debug = config.NODE_ENV === 'development';
  const peers = new Peers(secret, config.SUBGRAPH_TIMEOUT_MS);
  // the subgraphs' code (their schemas, entities and migrations) is loaded only by a process that runs one: a
  // gateway of its own starts without it (about a third less memory at rest)
  const start = async (name: SubgraphName, port: number) =>
    startSubgraph((await import('./subgraphs/index.ts')).SUBGRAPHS[name], {
      databaseUrl: hub.database!.url,
      host: config.HOST,
      port,
      demo: config.DEMO_DATA === 'auto',
      logSql: config.LOG_SQL,
      databaseTimeouts: {
        acquireMs: config.DB_ACQUIRE_TIMEOUT_MS,
        statementMs: config.DB_STATEMENT_TIMEOUT_MS,
        idleInTransactionMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      },
      drainTimeoutMs: config.DRAIN_TIMEOUT_MS,
      debug,
      gatewaySecret: secret,
      peers,
      outboxStuckAfterMs: config.OUTBOX_STUCK_AFTER_MS,
      outboxMaxAttempts: config.OUTBOX_MAX_ATTEMPTS,
      eventRetentionSeconds: config.EVENT_RETENTION,
      natsUrl: config.NATS_URL,
      metrics,
    });
  const hub: Hub = {
    database: null,
    subgraphs: {},
    gateway: null,
    devToken: null,
    restartSubgraph: async (name) => {
      hub.subgraphs[name] = await start(name, Number(new URL(hub.subgraphs[name]!.url).port));
    },
    stop: () => stopHub(hub),
  };
  try {
    // subgraphs run elsewhere are found at their configured URLs; those started here where they listen
    peers.locate(Object.fromEntries(SUBGRAPH_NAMES.map((name) => [name, subgraphUrl(config, name)])));
    if (wanted.length > 0 || services.includes('database')) hub.database = await openDatabase(config);
    if (wanted.length > 0) {
      const running = await Promise.all(wanted.map((name) => start(name, subgraphPort(config, name))));
      for (const subgraph of running) hub.subgraphs[subgraph.name] = subgraph;
      peers.locate(Object.fromEntries(running.map((s) => [s.name, `${s.url}/graphql`])));
    }
    if (services.includes('gateway')) {
      const subgraphUrls = Object.fromEntries(
        SUBGRAPH_NAMES.map((name) => [
          name,
          hub.subgraphs[name] ? `${hub.subgraphs[name].url}/graphql` : subgraphUrl(config, name),
        ]),
      ) as Record<SubgraphName, string>;
      if (usesDevKey(config) && config.NODE_ENV !== 'production') {
        hub.devToken = await signDevToken(config, { level: 'PROVINCE', regionCode: '410000', schoolId: null, roles: ['admin'] });
      }
      hub.gateway = await startGateway({
        host: config.HOST,
        port: config.PORT,
        supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
        subgraphUrls,
        verifyToken: await createTokenVerifier(
          config,
          schoolRegionCheck((viewer) => schoolRegionOf(peers, viewer)),
        ),
        gatewaySecret: secret,
        subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
        answerCacheMb: config.ANSWER_CACHE_MB,
        drainTimeoutMs: config.DRAIN_TIMEOUT_MS,
        trustedDocuments:
          config.TRUSTED_DOCUMENTS === 'off' ? undefined : loadRegistry(config.TRUSTED_DOCUMENTS_DIR, BUILT_IN_DOCUMENTS),
        explorers: config.TRUSTED_DOCUMENTS === 'explorers' ? EXPLORER_ROLES : [],
        persistedDocuments: persistedDocuments(config.TRUSTED_DOCUMENTS_DIR),
        playgroundToken: hub.devToken ?? undefined,
        signIn,
        corsOrigins: config.CORS_ORIGINS,
        rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
        metrics,
        exports: { concurrency: config.EXPORT_CONCURRENCY, queue: config.EXPORT_QUEUE },
        debug,
      });
    }
    return hub;
  } catch (error) {
    await stopHub(hub);
    throw error;
  }
}

const SCHOOL_REGION = peerQuery('personnel', 'query ($id: ID!) { school(id: $id) { region { code } } }', {
  variables: z.object({ id: z.string().nullable() }),
  answer: z.object({ school: z.object({ region: z.object({ code: z.string() }) }).nullable() }),
});

/** Where personnel, asked as this school user, says the user's school lies; null when it is none they may see. */
async function schoolRegionOf(peers: Peers, viewer: Viewer): Promise<string | null> {
  try {
    const { school } = await peers.ask(SCHOOL_REGION, viewer, { id: viewer.schoolId });
    return school?.region.code ?? null;
  } catch (error) {
    if ((error as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND') return null;
    throw error;
  }
}

async function stopHub(hub: Hub): Promise<void> {
  await hub.gateway?.close();
  await Promise.all(Object.values(hub.subgraphs).map((s) => s.close()));
  await hub.database?.stop();
  await stopTracing();
}

function parseServices(args: string[]): Service[] {
  const unknown = args.filter((a) => !(SERVICES as readonly string[]).includes(a));
  if (unknown.length)
    throw new ConfigError(`未知的服务 (unknown service): ${unknown.join(', ')}; choose from ${SERVICES.join(', ')}`);
  return args.length ? (args as Service[]) : [...SERVICES];
}

async function main(): Promise<void> {
  const started = Date.now();
  let hub: Hub;
  let config: Config;
  try {
    config = parseConfig(process.env);
    hub = await startHub(config, parseServices(process.argv.slice(2)));
  } catch (error) {
    const known = error instanceof ConfigError || error instanceof DatabaseError;
    console.error(known ? (error as Error).message : error);
    process.exit(known ? 2 : 1);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const s of Object.values(hub.subgraphs)) {
    console.log(`  subgraph ${s.name.padEnd(12)} ${s.url}/graphql${s.demoLoaded ? '  (demo data loaded)' : ''}`);
  }
  if (hub.gateway) {
    console.log(`\n名班主任工作室数据中心 ready in ${seconds}s`);
    console.log(`  GraphQL     ${hub.gateway.url}/graphql`);
    console.log(`  Playground  ${hub.gateway.url}/`);
    console.log(`  Dashboard   ${hub.gateway.url}/dashboard`);
    console.log(`  Health      ${hub.gateway.url}/health`);
    if (hub.devToken) {
      console.log(`\nProvince token (河南省 410000, admin, 12 h; the playground has it set):\n  ${hub.devToken}`);
      console.log('Other offices: npm run token -- --level COUNTY --region 410422 --role viewer');
    }
  }
  const db = hub.database;
  if (db?.embedded) {
    console.log(`\nEmbedded PostgreSQL (loopback only)  ${db.url}`);
    console.log(`  data in ${db.dataDir}`);
    if (db.relocatedFrom)
      console.log(`  (postgres 用户无法进入 ${db.relocatedFrom}，数据改存于上面的目录 / not reachable by the postgres user)`);
  }
  console.log('Ctrl-C stops everything.');
  let stopping = false;
  const stop = async (signal: string) => {
    // a second signal, or a stop that hangs (a database already gone), ends the process at once
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    // the gateway's requests under way are answered, then the subgraphs', then the database stops
    const bound = 2 * config.DRAIN_TIMEOUT_MS + 10_000;
    setTimeout(() => {
      console.error(`stopping took longer than ${bound / 1000} s; exiting`);
      process.exit(1);
    }, bound).unref();
    try {
      await hub.stop();
      process.exit(0);
    } catch (error) {
      console.error(error);
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void stop(signal));
}

if (import.meta.main) await main();
