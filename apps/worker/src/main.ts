/**
 * The worker process: relays the transactional outbox to Redis (`line_allocated`), consumes
 * `change_batch_quantity`, and delivers the stock team's notifications from the notification outbox. Needs REDIS_URL, and the same DATABASE_URL as the web app. Several
 * instances may run at once. Stops gracefully on SIGINT/SIGTERM.
 */
import {
  type App,
  ConfigError,
  createApp,
  createLogger,
  loadConfig,
  startNotificationDispatch,
} from '@allocation/composition-root';
import { describeError } from '@allocation/domain';
import { type Messaging, startMessaging } from '@allocation/messaging';

/** How long a graceful stop may take before the process exits anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

async function main(): Promise<void> {
  let app: App | undefined;
  let messaging: Messaging | undefined;
  let dispatcher: ReturnType<typeof startNotificationDispatch> | undefined;
  let stopping = false;

  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) {
      app?.logger.warn('Second stop request: exiting now', { reason });
      process.exit(1);
    }
    stopping = true;
    app?.logger.info('Worker stopping', { reason });
    const force = setTimeout(() => {
      app?.logger.error('Graceful stop took too long; exiting', { timeoutMs: SHUTDOWN_TIMEOUT_MS });
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS);
    force.unref();
    try {
      await messaging?.stop();
      await dispatcher?.stop();
      await app?.close();
      app?.logger.info('Worker stopped');
    } catch (error) {
      app?.logger.error('Error while stopping', { error: describeError(error) });
      exitCode = 1;
    }
    clearTimeout(force);
    process.exit(exitCode);
  };

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => void shutdown(signal, 0));
  }
  process.on('unhandledRejection', (error) => {
    app?.logger.error('Unhandled rejection', { error: describeError(error) });
    void shutdown('unhandledRejection', 1);
  });

  const config = loadConfig(process.env);
  const redisUrl = config.redisUrl;
  if (!redisUrl) {
    createLogger(config.logLevel).warn(
      'REDIS_URL is not set: the worker has nothing to do (no relay, no consumer); exiting',
    );
    return;
  }
  if (!config.databaseUrl) {
    // Without it the worker would open an embedded database of its own and relay and change
    // nothing of the web app's: it must share the web app's database.
    throw new ConfigError([
      "DATABASE_URL: is required by the worker: the web app's database (`pnpm start` passes its own, also the embedded one's)",
    ]);
  }
  app = await createApp({ config });
  app.logger.info('Worker starting', { pid: process.pid });
  dispatcher = startNotificationDispatch({
    config,
    outbox: app.notificationOutbox,
    clock: app.clock,
    logger: app.logger,
  });
  messaging = await startMessaging({
    redisUrl,
    bus: app.bus,
    outbox: app.outbox,
    deadLetters: app.deadLetters,
    logger: app.logger,
    clock: app.clock,
    relay: { streamMaxLength: config.lineAllocatedStreamMaxLength },
  });
  await messaging.ready;
  if (!stopping)
    app.logger.info(
      'Worker ready: publishing every allocation on line_allocated (channel and stream), carrying out the quantity changes other systems send on change_batch_quantity (channel and stream), sending the stock team’s notifications',
    );
}

main().catch((error: unknown) => {
  // Configuration errors and an unreachable database end up here, before the logger exists.
  console.error('Worker failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
