import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redact } from '../src/config.ts';

describe('configuration', () => {
  it('defaults to the embedded database, no Redis and recorded notifications', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      databaseUrl: undefined,
      dataDir: '/srv/app/.data',
      redisUrl: undefined,
      smtpUrl: undefined,
      stockTeamEmail: 'stock@made.com',
      poolSize: 10,
      databaseBounds: {
        connectTimeoutMs: 5_000,
        statementTimeoutMs: 10_000,
        lockTimeoutMs: 5_000,
        idleInTransactionTimeoutMs: 30_000,
      },
      port: 3000,
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
        DB_CONNECT_TIMEOUT_MS: '2000',
        DB_STATEMENT_TIMEOUT_MS: '15000',
        DB_LOCK_TIMEOUT_MS: '0',
        DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: '60000',
        REDIS_URL: 'redis://127.0.0.1:6379',
        SMTP_URL: 'smtp://127.0.0.1:2525',
        STOCK_TEAM_EMAIL: 'stock@example.com',
        MAIL_FROM: 'noreply@example.com',
        LOG_LEVEL: 'warn',
        PORT: '8080',
      },
      '/srv/app',
    );
    expect(config).toEqual({
      databaseUrl: 'postgresql://postgres@127.0.0.1:5432/allocation',
      dataDir: '/var/lib/allocation',
      poolSize: 16,
      databaseBounds: {
        connectTimeoutMs: 2_000,
        statementTimeoutMs: 15_000,
        lockTimeoutMs: 0,
        idleInTransactionTimeoutMs: 60_000,
      },
      redisUrl: 'redis://127.0.0.1:6379',
      smtpUrl: 'smtp://127.0.0.1:2525',
      stockTeamEmail: 'stock@example.com',
      mailFrom: 'noreply@example.com',
      logLevel: 'warn',
      port: 8080,
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
        'PORT: PORT must be at most 65535',
      ]);
    }
  });

  it('never logs a password', () => {
    expect(redact('postgresql://app:secret@db:5432/allocation')).toBe(
      'postgresql://app:***@db:5432/allocation',
    );
  });
});
