import { type AllocationBus, bootstrap, DEFAULT_STOCK_TEAM_ADDRESS } from '../bootstrap.ts';
import type { RetryPolicy } from '../service-layer/retry.ts';
import { FakeUnitOfWorkFactory } from './fake-unit-of-work.ts';
import { FakeClock, FakeNotifications, RecordingLogger } from './fakes.ts';

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
  readonly notifications: FakeNotifications;
  readonly clock: FakeClock;
  readonly logger: RecordingLogger;
  /** The read side, for asserting on what views show. */
  readonly views: FakeUnitOfWorkFactory['readModel'];
}

/** The whole service layer on in-memory fakes: what most tests of this and other packages run against. */
export function bootstrapWithFakes(options: { retry?: RetryPolicy } = {}): FakeSystem {
  const uow = new FakeUnitOfWorkFactory();
  const notifications = new FakeNotifications();
  const clock = new FakeClock();
  const logger = new RecordingLogger();
  const bus = bootstrap({
    uow,
    notifications,
    clock,
    logger,
    stockTeamAddress: DEFAULT_STOCK_TEAM_ADDRESS,
    retry: options.retry ?? instantRetry,
  });
  return { bus, uow, notifications, clock, logger, views: uow.readModel };
}
