import { CredentialRevocationListener, openDatabase } from '@allocation/db';
import type { Clock } from '@allocation/domain';
import { type App, buildApp } from './app.ts';
import { type Config, loadConfig, redact } from './config.ts';
import { openIdentity } from './identity.ts';
import { createLogger } from './logger.ts';
import { systemClock } from './system-clock.ts';

/**
 * Reads the configuration, opens the real adapters and returns the wired application. Every
 * timestamp the service writes comes from `clock` (tests pass a fake one).
 */
export async function createApp(
  options: { env?: Record<string, string | undefined>; config?: Config; clock?: Clock } = {},
): Promise<App> {
  const config = options.config ?? loadConfig(options.env ?? process.env);
  const clock = options.clock ?? systemClock;
  const logger = createLogger(config.logLevel);
  logger.info('Opening the database', {
    database: config.databaseUrl ? redact(config.databaseUrl) : `embedded PGlite in ${config.dataDir}`,
  });
  const database = await openDatabase({
    ...(config.databaseUrl ? { url: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    poolSize: config.poolSize,
    bounds: config.databaseBounds,
    writeOutbox: config.redisUrl !== undefined,
    notificationPolicy: { destination: config.stockTeamEmail, windowMs: config.notifyWindowMs },
    logger,
    clock,
  });
  // Heard on a connection of its own, opened when identity is first used (a web process's first key).
  const revocations = new CredentialRevocationListener(database.url, logger);
  return buildApp(config, {
    uow: database.uow,
    views: database.views,
    stockHistory: database.stockHistory,
    exports: database.exports,
    outbox: database.outbox,
    deadLetters: database.deadLetters,
    notificationOutbox: database.notificationOutbox,
    ping: () => database.ping(),
    clock,
    changes: database.changes,
    logger,
    identity: () => openIdentity(config, database.prisma, logger, clock, revocations),
    close: async () => {
      await revocations.close();
      await database.close();
    },
  });
}

const SINGLETON = Symbol.for('@allocation/composition-root/app');
type WithApp = typeof globalThis & { [SINGLETON]?: Promise<App> };

/**
 * The process-wide application for route handlers. Kept on globalThis so Next's dev reloads
 * reuse it instead of opening the embedded database a second time. A failed start is not cached.
 */
export function getApp(): Promise<App> {
  const holder = globalThis as WithApp;
  if (!holder[SINGLETON]) {
    holder[SINGLETON] = createApp().catch((error: unknown) => {
      delete holder[SINGLETON];
      throw error;
    });
  }
  return holder[SINGLETON];
}
