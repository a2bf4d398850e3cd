import { type AllocationBus, bootstrap } from '../bootstrap.ts';
import type { RetryPolicy } from '../service-layer/retry.ts';
import { FakeNotificationOutbox } from './fake-notification-outbox.ts';
import { FakeUnitOfWorkFactory } from './fake-unit-of-work.ts';
import { FakeClock, RecordingLogger } from './fakes.ts';

/** Retries without waiting, so conflict tests stay fast. */
export const instantRetry: RetryPolicy = {
  attempts: 3,
  baseDelayMs: 1,
  maxDelayMs: 1,
  sleep: async () => {},
  random: () => 0.5,
};

export interface FakeSystem {
  readonly bus: AllocationBus;
  readonly uow: FakeUnitOfWorkFactory;
  /** Emails to the stock team, stored with the OutOfStock that called for them. */
  readonly notifications: FakeNotificationOutbox;
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  /** The read side, for asserting on what views show. */
  readonly views: FakeUnitOfWorkFactory['readModel'];
}

/** The whole service layer on in-memory fakes: what most tests of this and other packages run against. */
export function bootstrapWithFakes(options: { retry?: RetryPolicy } = {}): FakeSystem {
  const clock = new FakeClock();
  const uow = new FakeUnitOfWorkFactory({ clock });
  const notifications = new FakeNotificationOutbox(uow);
  const logger = new RecordingLogger();
  const bus = bootstrap({
    uow,
    clock,
    logger,
    retry: options.retry ?? instantRetry,
  });
  return { bus, uow, notifications, clock, logger, views: uow.readModel };
}
