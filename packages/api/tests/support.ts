import type { Actor, Role } from '@allocation/auth/roles';
import { bootstrap } from '@allocation/domain';
import {
  FakeClock,
  FakeDeadLetters,
  FakeLiveChangeFeed,
  FakeNotificationOutbox,
  FakeUnitOfWorkFactory,
  instantRetry,
  RecordingLogger,
} from '@allocation/domain/testing';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { type ApiDependencies, createCaller } from '../src/index.ts';

/** A signed-in user of that role, as the session cookie would give. */
export const userOf = (role: Role): Actor => ({
  kind: 'user',
  id: `${role}-1`,
  name: `${role[0]?.toUpperCase()}${role.slice(1)} Person`,
  role,
});

/**
 * The API on the domain's in-memory fakes, wired as the app wires it, called by an operator unless the test says who (`actor: undefined`: anonymous).
 */
export function fakeApi(
  options: { requestId?: string; actor?: Actor | undefined; crossOrigin?: boolean } = {},
) {
  const clock = new FakeClock();
  const uow = new FakeUnitOfWorkFactory({ clock });
  const notifications = new FakeNotificationOutbox(uow);
  const deadLetters = new FakeDeadLetters();
  const logger = new RecordingLogger();
  const bus = bootstrap({
    uow,
    clock,
    logger,
    retry: instantRetry,
  });
  const readModel = uow.readModel;
  const changes = new FakeLiveChangeFeed();
  const deps: ApiDependencies = {
    bus,
    logger,
    clock,
    stockHistory: uow.stockHistory,
    changes,
    views: {
      allocationsForOrder: (orderid) => readModel.allocationsForOrder(orderid),
      stockForSku: (sku) => readModel.stockForSku(sku),
      listBatches: (query) => readModel.listBatches(query),
      searchBatches: (text, limit) => readModel.searchBatches(text, limit),
      outOfStockAlerts: (query) => readModel.outOfStockAlerts(query),
      orderLines: (orderid) => readModel.orderLines(orderid),
      listSkus: (query) => readModel.listSkus(query),
      suggest: (kind, text) => readModel.suggest(kind, text),
      closeMatches: (kind, text) => readModel.closeMatches(kind, text),
      deadLetters: (query) => deadLetters.deadLetters(query),
      notifications: (query) => notifications.notifications(query),
      activity: (query) => uow.activity(query),
    },
  };
  const actor = 'actor' in options ? options.actor : userOf('operator');
  const api = createCaller(deps, { ...options, actor });
  return { api, deps, uow, clock, deadLetters, notifications, logger, changes };
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
