import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redact, requireAuthSecret } from '../src/config.ts';

describe('configuration', () => {
  it('defaults to the embedded database, no Redis and recorded notifications', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      databaseUrl: undefined,
      dataDir: '/srv/app/.data',
      redisUrl: undefined,
      lineAllocatedStreamMaxLength: 100_000,
      smtpUrl: undefined,
      stockTeamEmail: 'stock@made.com',
      notifyWindowMs: 900_000,
      poolSize: 10,
      databaseBounds: {
        connectTimeoutMs: 5_000,
        statementTimeoutMs: 10_000,
        lockTimeoutMs: 5_000,
        idleInTransactionTimeoutMs: 30_000,
      },
      port: 3000,
      authSecret: undefined,
      appUrl: 'http://localhost:3000',
      sessionIdleHours: 12,
      firstAdmin: undefined,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '  ' }).databaseUrl).toBeUndefined();
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/allocation',
        DATA_DIR: '/var/lib/allocation',
        DB_POOL_SIZE: '16',
        WEB_CONCURRENCY: '4',
        DB_CONNECT_TIMEOUT_MS: '2000',
        DB_STATEMENT_TIMEOUT_MS: '15000',
        DB_LOCK_TIMEOUT_MS: '0',
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '60000',
        REDIS_URL: 'redis://127.0.0.1:6379',
        LINE_ALLOCATED_STREAM_MAXLEN: '5000',
        SMTP_URL: 'smtp://127.0.0.1:2525',
        STOCK_TEAM_EMAIL: 'stock@example.com',
        MAIL_FROM: 'noreply@example.com',
        NOTIFY_WINDOW_S: '60',
        LOG_LEVEL: 'warn',
        PORT: '8080',
        AUTH_SECRET: 'x'.repeat(32),
        APP_URL: 'https://allocation.example.com/',
        SESSION_IDLE_HOURS: '8',
        ADMIN_EMAIL: 'boss@example.com',
        ADMIN_PASSWORD: 'first admin pw',
      },
      '/srv/app',
    );
    expect(config).toEqual({
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/allocation',
      dataDir: '/var/lib/allocation',
      poolSize: 16,
      webConcurrency: 4,
      databaseBounds: {
        connectTimeoutMs: 2_000,
        statementTimeoutMs: 15_000,
        lockTimeoutMs: 0,
        idleInTransactionTimeoutMs: 60_000,
      },
      redisUrl: 'redis://127.0.0.1:6379',
      lineAllocatedStreamMaxLength: 5000,
      smtpUrl: 'smtp://127.0.0.1:2525',
      stockTeamEmail: 'stock@example.com',
      mailFrom: 'noreply@example.com',
      notifyWindowMs: 60_000,
      logLevel: 'warn',
      port: 8080,
      authSecret: 'x'.repeat(32),
      appUrl: 'https://allocation.example.com',
      sessionIdleHours: 8,
      firstAdmin: { email: 'boss@example.com', password: 'first admin pw' },
    });
  });

  it('names every bad value at once', () => {
    const attempt = () =>
      loadConfig({
        DATABASE_URL: 'mysql://x',
        DB_POOL_SIZE: 'lots',
        DB_CONNECT_TIMEOUT_MS: '0',
        DB_STATEMENT_TIMEOUT_MS: '1.5',
        STOCK_TEAM_EMAIL: 'nobody',
        REDIS_URL: 'redis',
        NOTIFY_WINDOW_S: '-5',
        PORT: '70000',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const { problems } = error as ConfigError;
      expect(problems).toEqual([
        'DATABASE_URL: DATABASE_URL must be a URL starting with postgres:// or postgresql://',
        'DB_POOL_SIZE: DB_POOL_SIZE must be a number',
        'DB_CONNECT_TIMEOUT_MS: DB_CONNECT_TIMEOUT_MS must be at least 100',
        'DB_STATEMENT_TIMEOUT_MS: DB_STATEMENT_TIMEOUT_MS must be a whole number',
        'REDIS_URL: REDIS_URL must be a URL starting with redis:// or rediss://',
        'STOCK_TEAM_EMAIL: STOCK_TEAM_EMAIL must be an email address',
        'NOTIFY_WINDOW_S: NOTIFY_WINDOW_S must be at least 0',
        'PORT: PORT must be at most 65535',
      ]);
    }
  });

  it('bounds the line_allocated stream length, naming a bad value', () => {
    for (const [value, problem] of [
      ['many', 'LINE_ALLOCATED_STREAM_MAXLEN must be a number'],
      ['10', 'LINE_ALLOCATED_STREAM_MAXLEN must be at least 1000'],
      ['1500.5', 'LINE_ALLOCATED_STREAM_MAXLEN must be a whole number'],
    ] as const) {
      expect(() => loadConfig({ LINE_ALLOCATED_STREAM_MAXLEN: value })).toThrow(problem);
    }
  });

  it('takes the app URL from the port by default', () => {
    expect(loadConfig({ PORT: '4100' }).appUrl).toBe('http://localhost:4100');
  });

  it('requires AUTH_SECRET with DATABASE_URL, naming it; on the embedded default it may be unset', () => {
    const external = loadConfig({ DATABASE_URL: 'postgresql://127.0.0.1/allocation' });
    expect(() => requireAuthSecret(external)).toThrow(/AUTH_SECRET: is required with DATABASE_URL/);
    expect(requireAuthSecret(loadConfig({}))).toBeUndefined();
    const secret = 's'.repeat(40);
    expect(
      requireAuthSecret(loadConfig({ DATABASE_URL: 'postgresql://127.0.0.1/a', AUTH_SECRET: secret })),
    ).toBe(secret);
  });

  it('refuses a short AUTH_SECRET, a bad APP_URL and half of the first admin, naming each', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    };
    expect(problems({ AUTH_SECRET: 'short', APP_URL: 'ftp://x' })).toEqual([
      'AUTH_SECRET: AUTH_SECRET must be at least 32 characters long',
      'APP_URL: APP_URL must be a URL starting with http:// or https://',
    ]);
    expect(problems({ ADMIN_EMAIL: 'boss@example.com' })).toEqual([
      'ADMIN_PASSWORD: set ADMIN_EMAIL and ADMIN_PASSWORD together, or neither',
    ]);
    expect(problems({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'short' })).toEqual([
      'ADMIN_PASSWORD: ADMIN_PASSWORD must be at least 8 characters long',
    ]);
  });

  it('reads the notification window in seconds, and refuses what is not a whole number of them', () => {
    expect(loadConfig({ NOTIFY_WINDOW_S: '0' }).notifyWindowMs).toBe(0);
    expect(() => loadConfig({ NOTIFY_WINDOW_S: '1.5' })).toThrow(/NOTIFY_WINDOW_S must be a whole number/);
    expect(() => loadConfig({ NOTIFY_WINDOW_S: 'soon' })).toThrow(/NOTIFY_WINDOW_S must be a number/);
  });

  it('never logs a password', () => {
    expect(redact('postgresql://app:secret@db:5432/allocation')).toBe(
      'postgresql://app:***@db:5432/allocation',
    );
  });
});
