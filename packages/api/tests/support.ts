import { bootstrap, DEFAULT_STOCK_TEAM_ADDRESS } from '@allocation/domain';
import {
  FakeClock,
  FakeDeadLetters,
  FakeNotificationLog,
  FakeUnitOfWorkFactory,
  instantRetry,
  RecordingLogger,
} from '@allocation/domain/testing';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { type ApiDependencies, createCaller } from '../src/index.ts';

/** The API on the domain's in-memory fakes, wired as the app wires it when no SMTP server is configured. */
export function fakeApi(options: { requestId?: string } = {}) {
  const clock = new FakeClock();
  const uow = new FakeUnitOfWorkFactory();
  const notifications = new FakeNotificationLog(clock);
  const deadLetters = new FakeDeadLetters();
  const logger = new RecordingLogger();
  const bus = bootstrap({
    uow,
    notifications,
    clock,
    logger,
    stockTeamAddress: DEFAULT_STOCK_TEAM_ADDRESS,
    retry: instantRetry,
  });
  const readModel = uow.readModel;
  const deps: ApiDependencies = {
    bus,
    logger,
    views: {
      allocationsForOrder: (orderid) => readModel.allocationsForOrder(orderid),
      stockForSku: (sku) => readModel.stockForSku(sku),
      listBatches: (query) => readModel.listBatches(query),
      outOfStockAlerts: (query) => readModel.outOfStockAlerts(query),
      deadLetters: (query) => deadLetters.deadLetters(query),
      recordedNotifications: (query) => notifications.recordedNotifications(query),
      activity: (query) => uow.activity(query),
    },
  };
  const api = createCaller(deps, options);
  return { api, deps, uow, clock, deadLetters, notifications, logger };
}

/** Awaits a call that must fail and returns its tRPC error. */
export async function rejection(call: Promise<unknown>): Promise<TRPCError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected the call to fail').toBeInstanceOf(TRPCError);
  return error as TRPCError;
}
