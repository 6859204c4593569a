import { z } from 'zod';

/**
 * The hub's whole configuration, parsed once from the environment at start. Nothing else reads `process.env`:
 * tests build a config with `parseConfig({...})` instead.
 */
const port = z.coerce.number().int().min(0).max(65535);
const url = z.url({ protocol: /^https?$/ });
const millis = z.coerce.number().int().min(1).max(600_000);
/** Goes into a postgres:// URL as it is, so URL-safe characters only (say, 32 hex digits). */
const dbPassword = z.string().regex(/^[A-Za-z0-9._~-]{16,}$/, 'at least 16 URL-safe characters (letters, digits, . _ ~ -)');

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
/** A duration such as `90s`, `30m`, `24h` or `7d`, in seconds; null when it is not one. */
export function durationSeconds(text: string): number | null {
  const match = /^(\d+)([smhd])$/.exec(text.trim());
  return match ? Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS] : null;
}
/** A lifetime in words, for refusals: whole hours as hours, else minutes. */
export const durationText = (seconds: number) =>
  seconds % 3600 === 0 ? `${seconds / 3600} 小时` : `${Math.ceil(seconds / 60)} 分钟`;
const duration = z.string().refine((text) => (durationSeconds(text) ?? 0) > 0, 'should be a duration such as 30m, 24h or 7d');

const schema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    /** External PostgreSQL; when absent an embedded server is started with its data under PG_DATA_DIR. */
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
    PG_DATA_DIR: z.string().min(1).default('.data/pg'),
    PG_PORT: port.default(54329),
    /** Interface every server listens on. */
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: port.default(4000),
    PERSONNEL_PORT: port.default(4001),
    STUDIOS_PORT: port.default(4002),
    EVALUATIONS_PORT: port.default(4003),
    FUNDING_PORT: port.default(4004),
    /** Where the gateway finds each subgraph; defaults to the local ports above. */
    PERSONNEL_URL: url.optional(),
    STUDIOS_URL: url.optional(),
    EVALUATIONS_URL: url.optional(),
    FUNDING_URL: url.optional(),
    /** Pins "today" (YYYY-MM-DD) for every date rule (lib/domain/clock.ts); unset, it is the real date. */
    HUB_TODAY: z.iso.date('HUB_TODAY: a date like 2026-12-01').optional(),
    /** `auto` loads the demo programmes into an empty database; `off` never does. Unset: `off` in production. */
    DEMO_DATA: z.enum(['auto', 'off']).optional(),
    /** Log every SQL statement. */
    LOG_SQL: z.stringbool().default(false),
    /** How long a request waits for a pooled database connection before it is refused. */
    DB_ACQUIRE_TIMEOUT_MS: millis.default(5_000),
    /** The longest one SQL statement may run, lock waits included (PostgreSQL's statement_timeout). */
    DB_STATEMENT_TIMEOUT_MS: millis.default(10_000),
    /** A transaction left idle this long is ended by PostgreSQL, giving its connection back. */
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: millis.default(10_000),
    /** The longest the gateway waits for a subgraph, a subgraph for another, and the outbox for a delivery. */
    SUBGRAPH_TIMEOUT_MS: millis.default(30_000),
    /** The gateway's answer cache, in MB of kept JSON (gateway/answer-cache.ts); 0 turns it off. */
    ANSWER_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
    /** Exports the gateway writes at once; more wait in a queue of EXPORT_QUEUE, past which they get 503 EXPORT_BUSY. */
    EXPORT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
    EXPORT_QUEUE: z.coerce.number().int().min(0).max(1000).default(8),
    /** On SIGTERM or SIGINT, how long requests under way may take to finish before the servers close. */
    DRAIN_TIMEOUT_MS: millis.default(10_000),

    /** Where users' bearer tokens are verified: a JWKS URL, or a PEM public key; else the local development key. */
    JWT_JWKS_URL: url.optional(),
    JWT_PUBLIC_KEY: z.string().startsWith('-----BEGIN PUBLIC KEY-----').optional(),
    JWT_ISSUER: z.string().min(1).default('studio-hub-local'),
    JWT_AUDIENCE: z.string().min(1).default('studio-hub'),
    /** The longest a user's token may live (`exp` − `iat`), in seconds once parsed; a token without `exp` is refused. */
    JWT_MAX_LIFETIME: duration.default('24h').transform((text) => durationSeconds(text)!),
    /**
     * With JWT_JWKS_URL: the client id the playground signs users in with at the identity provider whose issuer is
     * JWT_ISSUER (OpenID Connect, authorization code with PKCE, a public client), asking OIDC_SCOPE.
     */
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_SCOPE: z.string().min(1).default('openid'),
    /** The local development key pair, created on first use; `npm run token` signs with it. */
    DEV_KEY_FILE: z.string().min(1).default('.data/dev-jwt-key.json'),
    /**
     * Signs what the gateway tells subgraphs about the user; a subgraph refuses requests without it. Required when
     * the gateway and subgraphs run as separate processes; a one-process hub makes a fresh one at start.
     */
    GATEWAY_SECRET: z.string().min(32, 'GATEWAY_SECRET needs at least 32 characters').optional(),
    /**
     * `enforce`: the gateway runs only operations registered in operations/ (trusted documents); `explorers`: those,
     * and any document from a viewer with an explorer role (analyst, admin); `off`: any. Unset: `explorers` in
     * production, else `off`.
     */
    TRUSTED_DOCUMENTS: z.enum(['off', 'explorers', 'enforce']).optional(),
    TRUSTED_DOCUMENTS_DIR: z.string().min(1).default('operations'),
    /**
     * `scripts/database-roles.ts` (docker-compose's database-roles service): each subgraph's own login role,
     * named after it, with this password; it owns its schema and may touch nothing else.
     */
    PERSONNEL_DB_PASSWORD: dbPassword.optional(),
    STUDIOS_DB_PASSWORD: dbPassword.optional(),
    EVALUATIONS_DB_PASSWORD: dbPassword.optional(),
    FUNDING_DB_PASSWORD: dbPassword.optional(),
    /** After this many failed deliveries an outbox event is parked until an operator retries it (`npm run outbox`). */
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
    /** How long delivered outbox events and applied inbox rows are kept before they are pruned (`7d`, `48h`…). */
    EVENT_RETENTION: duration.default('7d').transform((text) => durationSeconds(text)!),
    /** OpenTelemetry traces go to this OTLP/HTTP endpoint (`…/v1/traces` is added); unset, none are recorded. */
    OTEL_EXPORTER_OTLP_ENDPOINT: url.optional(),
    /** The traces' `service.name`. */
    OTEL_SERVICE_NAME: z.string().min(1).default('studio-hub'),
    /** Origins browsers may call the gateway from (CORS), comma-separated: `https://dash.example.edu.cn,…`. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((text) =>
        text
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(z.url({ protocol: /^https?$/ }).refine((o) => new URL(o).origin === o, 'an origin: scheme, host and port only')),
      ),
    /**
     * Requests per user (`iss` and `sub`) and minute at each gateway replica, and per client address for requests
     * without a verified token (429 with Retry-After beyond); 0 is off. Unset: 600 in production, else off.
     */
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).optional(),
    /** When set, every server's /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; unset, /metrics is 404 in production. */
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN needs at least 16 characters').optional(),
    /** JSON logs (pino) at this level and above; access logs are `info`. */
    LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    /**
     * Events ride NATS JetStream (`nats://host:4222`, lib/events/nats.ts) instead of HTTP pushes to `POST /events`: set the
     * same one for every subgraph. Unset, the relays push over HTTP.
     */
    NATS_URL: z.url({ protocol: /^nats$/ }).optional(),
    /** A subgraph's /health says degraded while an undelivered, unparked event is older than this (the outbox is stuck). */
    OUTBOX_STUCK_AFTER_MS: millis.default(300_000),
  })
  .transform((c) => ({
    ...c,
    DEMO_DATA: c.DEMO_DATA ?? (c.NODE_ENV === 'production' ? 'off' : 'auto'),
    RATE_LIMIT_PER_MINUTE: c.RATE_LIMIT_PER_MINUTE ?? (c.NODE_ENV === 'production' ? 600 : 0),
    TRUSTED_DOCUMENTS: c.TRUSTED_DOCUMENTS ?? (c.NODE_ENV === 'production' ? 'explorers' : 'off'),
  }));

export type Config = z.output<typeof schema>;
/** Every variable the hub reads. */
export const CONFIG_KEYS = Object.keys(schema.in.shape) as (keyof Config)[];
export const SUBGRAPH_NAMES = ['personnel', 'studios', 'evaluations', 'funding'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export class ConfigError extends Error {}

export function parseConfig(source: Record<string, string | undefined>): Config {
  // a variable set to nothing (`DATABASE_URL=`, compose's `${X:-}`) means unset, as shells and compose use it
  const result = schema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`配置无效 (invalid configuration):\n${lines.join('\n')}`);
  }
  return result.data;
}

const upper = (name: SubgraphName) => name.toUpperCase() as Uppercase<SubgraphName>;
export const subgraphPort = (config: Config, name: SubgraphName): number => config[`${upper(name)}_PORT`];
export const subgraphUrl = (config: Config, name: SubgraphName): string =>
  config[`${upper(name)}_URL`] ?? `http://127.0.0.1:${subgraphPort(config, name)}/graphql`;
