import { FakeIdentity } from '@allocation/auth/testing';
import {
  FakeClock,
  FakeDeadLetters,
  FakeLiveChangeFeed,
  FakeNotificationOutbox,
  FakeOutbox,
  FakeUnitOfWorkFactory,
  instantRetry,
  RecordingLogger,
} from '@allocation/domain/testing';
import { type App, buildApp, type Views } from './app.ts';
import { loadConfig } from './config.ts';

export interface Fakes {
  readonly uow: FakeUnitOfWorkFactory;
  readonly deadLetters: FakeDeadLetters;
  /** The emails to the stock team the fake units of work stored. */
  readonly notifications: FakeNotificationOutbox;
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  readonly identity: FakeIdentity;
  /** Live changes a test announces (nothing announces them by itself in memory). */
  readonly changes: FakeLiveChangeFeed;
}

/** The same application on in-memory fakes: what entry-point tests run against. */
export function createFakeApp(): App & { fakes: Fakes } {
  const clock = new FakeClock();
  const uow = new FakeUnitOfWorkFactory({ clock });
  const fakes: Fakes = {
    uow,
    deadLetters: new FakeDeadLetters(),
    notifications: new FakeNotificationOutbox(uow),
    clock,
    logger: new RecordingLogger(),
    identity: new FakeIdentity(() => clock.now()),
    changes: new FakeLiveChangeFeed(),
  };
  const readModel = fakes.uow.readModel;
  const views: Views = {
    allocationsForOrder: (orderid) => readModel.allocationsForOrder(orderid),
    stockForSku: (sku) => readModel.stockForSku(sku),
    listBatches: (query) => readModel.listBatches(query),
    searchBatches: (text, limit) => readModel.searchBatches(text, limit),
    outOfStockAlerts: (query) => readModel.outOfStockAlerts(query),
    orderLines: (orderid) => readModel.orderLines(orderid),
    listSkus: (query) => readModel.listSkus(query),
    suggest: (kind, text) => readModel.suggest(kind, text),
    closeMatches: (kind, text) => readModel.closeMatches(kind, text),
    deadLetters: (query) => fakes.deadLetters.deadLetters(query),
    notifications: (query) => fakes.notifications.notifications(query),
    activity: (query) => fakes.uow.activity(query),
  };
  const app = buildApp(loadConfig({}), {
    uow: fakes.uow,
    views,
    stockHistory: fakes.uow.stockHistory,
    outbox: new FakeOutbox(fakes.uow),
    deadLetters: fakes.deadLetters,
    notificationOutbox: fakes.notifications,
    clock,
    logger: fakes.logger,
    changes: fakes.changes,
    retry: instantRetry,
    ping: async () => {},
    identity: async () => fakes.identity,
    close: async () => {},
  });
  return { ...app, fakes };
}
