import { isAbsolute, resolve } from 'node:path';
import { type DatabaseBounds, DEFAULT_BOUNDS } from '@allocation/db';
import { z } from 'zod';

const url = (name: string, protocols: readonly string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return protocols.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`,
    );

/** Unset and empty mean the same: the embedded default. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    schema.optional(),
  );

const wholeNumber = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`);

const environment = z.object({
  DATABASE_URL: optional(url('DATABASE_URL', ['postgres:', 'postgresql:'])),
  DATA_DIR: optional(z.string()),
  DB_POOL_SIZE: optional(wholeNumber('DB_POOL_SIZE', 1, 1000)),
  WEB_CONCURRENCY: optional(wholeNumber('WEB_CONCURRENCY', 1, 64)),
  DB_CONNECT_TIMEOUT_MS: optional(wholeNumber('DB_CONNECT_TIMEOUT_MS', 100, 600_000)),
  DB_STATEMENT_TIMEOUT_MS: optional(wholeNumber('DB_STATEMENT_TIMEOUT_MS', 0, 3_600_000)),
  DB_LOCK_TIMEOUT_MS: optional(wholeNumber('DB_LOCK_TIMEOUT_MS', 0, 3_600_000)),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: optional(wholeNumber('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', 0, 3_600_000)),
  REDIS_URL: optional(url('REDIS_URL', ['redis:', 'rediss:'])),
  LINE_ALLOCATED_STREAM_MAXLEN: optional(wholeNumber('LINE_ALLOCATED_STREAM_MAXLEN', 1000, 1_000_000_000)),
  SMTP_URL: optional(url('SMTP_URL', ['smtp:', 'smtps:'])),
  STOCK_TEAM_EMAIL: optional(z.email('STOCK_TEAM_EMAIL must be an email address')),
  MAIL_FROM: optional(z.email('MAIL_FROM must be an email address')),
  NOTIFY_WINDOW_S: optional(wholeNumber('NOTIFY_WINDOW_S', 0, 604_800)),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])),
  PORT: optional(wholeNumber('PORT', 1, 65_535)),
  AUTH_SECRET: optional(z.string().min(32, 'AUTH_SECRET must be at least 32 characters long')),
  APP_URL: optional(url('APP_URL', ['http:', 'https:'])),
  SESSION_IDLE_HOURS: optional(wholeNumber('SESSION_IDLE_HOURS', 1, 24 * 30)),
  ADMIN_EMAIL: optional(z.email('ADMIN_EMAIL must be an email address')),
  ADMIN_PASSWORD: optional(z.string().min(8, 'ADMIN_PASSWORD must be at least 8 characters long')),
});

export interface Config {
  /** Unset: the embedded PGlite database in `dataDir`. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /**
   * Connections of one process's pool. `pnpm start` reads DB_POOL_SIZE as the web tier's total and
   * hands each web process its share (see web-processes.ts).
   */
  readonly poolSize: number;
  /** How many web processes `pnpm start` runs on PostgreSQL; unset: one per core. */
  readonly webConcurrency: number | undefined;
  /** How long anything may wait on the database (0 turns a PostgreSQL timeout off). */
  readonly databaseBounds: DatabaseBounds;
  /** Unset: no external messaging (no outbox relay, no consumer). */
  readonly redisUrl: string | undefined;
  /** About how many entries the Redis stream `line_allocated` keeps (XADD MAXLEN ~). */
  readonly lineAllocatedStreamMaxLength: number;
  /** Unset: notifications are recorded and shown in the app instead of mailed. */
  readonly smtpUrl: string | undefined;
  readonly stockTeamEmail: string;
  readonly mailFrom: string;
  /** After a sku's first out-of-stock email, at most one (a digest) per this many ms. 0: every one at once. */
  readonly notifyWindowMs: number;
  readonly logLevel: string;
  /** Where the web app listens. */
  readonly port: number;
  /** Signs session cookies. Unset: see `requireAuthSecret`. */
  readonly authSecret: string | undefined;
  /** The app's public origin (cookies, Origin checks); default http://localhost:$PORT. */
  readonly appUrl: string;
  /** A session unused for this long ends. */
  readonly sessionIdleHours: number;
  /** ADMIN_EMAIL + ADMIN_PASSWORD: the first admin, created at start while no user exists. */
  readonly firstAdmin: { readonly email: string; readonly password: string } | undefined;
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the configuration once; every problem is named, not just the first. */
export function loadConfig(env: Record<string, string | undefined>, cwd = process.cwd()): Config {
  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError([
      `${e.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'}: set ADMIN_EMAIL and ADMIN_PASSWORD together, or neither`,
    ]);
  }
  const port = e.PORT ?? 3000;
  const dataDir = e.DATA_DIR ?? '.data';
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: isAbsolute(dataDir) ? dataDir : resolve(cwd, dataDir),
    poolSize: e.DB_POOL_SIZE ?? 10,
    webConcurrency: e.WEB_CONCURRENCY,
    databaseBounds: {
      connectTimeoutMs: e.DB_CONNECT_TIMEOUT_MS ?? DEFAULT_BOUNDS.connectTimeoutMs,
      statementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS ?? DEFAULT_BOUNDS.statementTimeoutMs,
      lockTimeoutMs: e.DB_LOCK_TIMEOUT_MS ?? DEFAULT_BOUNDS.lockTimeoutMs,
      idleInTransactionTimeoutMs:
        e.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS ?? DEFAULT_BOUNDS.idleInTransactionTimeoutMs,
    },
    redisUrl: e.REDIS_URL,
    lineAllocatedStreamMaxLength: e.LINE_ALLOCATED_STREAM_MAXLEN ?? 100_000,
    smtpUrl: e.SMTP_URL,
    stockTeamEmail: e.STOCK_TEAM_EMAIL ?? 'stock@made.com',
    mailFrom: e.MAIL_FROM ?? 'allocation@localhost',
    notifyWindowMs: (e.NOTIFY_WINDOW_S ?? 900) * 1000,
    logLevel: e.LOG_LEVEL ?? 'info',
    port,
    authSecret: e.AUTH_SECRET,
    appUrl: (e.APP_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    sessionIdleHours: e.SESSION_IDLE_HOURS ?? 12,
    firstAdmin:
      e.ADMIN_EMAIL && e.ADMIN_PASSWORD ? { email: e.ADMIN_EMAIL, password: e.ADMIN_PASSWORD } : undefined,
  };
}

/**
 * The session secret rule. With DATABASE_URL, AUTH_SECRET is required (every instance must sign
 * alike). On the embedded default it may be unset: then undefined, and the caller uses the one kept
 * in the data folder. Asked by what signs sessions (the web app, the launcher), not by loadConfig,
 * so the worker, which signs none, needs no secret.
 */
export function requireAuthSecret(config: Config): string | undefined {
  if (config.authSecret === undefined && config.databaseUrl !== undefined) {
    throw new ConfigError([
      'AUTH_SECRET: is required with DATABASE_URL: at least 32 random characters (e.g. `openssl rand -base64 32`)',
    ]);
  }
  return config.authSecret;
}

/** Where a URL points, without its password: safe to log. */
export function redact(value: string): string {
  try {
    const parsed = new URL(value);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<invalid url>';
  }
}
