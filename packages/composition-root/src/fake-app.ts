import { FakeIdentity } from '@allocation/auth/testing';
import {
  FakeClock,
  FakeDeadLetters,
  FakeNotificationLog,
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
  readonly notifications: FakeNotificationLog;
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  readonly identity: FakeIdentity;
}

/** The same application on in-memory fakes: what entry-point tests run against. */
export function createFakeApp(): App & { fakes: Fakes } {
  const clock = new FakeClock();
  const fakes: Fakes = {
    uow: new FakeUnitOfWorkFactory(),
    deadLetters: new FakeDeadLetters(),
    notifications: new FakeNotificationLog(clock),
    clock,
    logger: new RecordingLogger(),
    identity: new FakeIdentity(() => clock.now()),
  };
  const readModel = fakes.uow.readModel;
  const views: Views = {
    allocationsForOrder: (orderid) => readModel.allocationsForOrder(orderid),
    stockForSku: (sku) => readModel.stockForSku(sku),
    listBatches: (query) => readModel.listBatches(query),
    outOfStockAlerts: (query) => readModel.outOfStockAlerts(query),
    deadLetters: (query) => fakes.deadLetters.deadLetters(query),
    recordedNotifications: (query) => fakes.notifications.recordedNotifications(query),
    activity: (query) => fakes.uow.activity(query),
  };
  const app = buildApp(loadConfig({}), {
    uow: fakes.uow,
    views,
    outbox: new FakeOutbox(fakes.uow),
    deadLetters: fakes.deadLetters,
    notifications: fakes.notifications,
    clock,
    logger: fakes.logger,
    retry: instantRetry,
    ping: async () => {},
    identity: async () => fakes.identity,
    close: async () => {},
  });
  return { ...app, fakes };
}
