import type { Role } from '@allocation/auth/roles';
import { FakeIdentity } from '@allocation/auth/testing';
import { bootstrapWithFakes, FakeDeadLetters } from '@allocation/domain/testing';
import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';
import { type ApiDependencies, createCaller } from '../src/index.ts';

/**
 * The API on fakes with the in-memory identity wired in, as the web's request context wires the real
 * one: `as(role)` is a caller signed in with that role (a user named "Test <role>"), `anonymous` none.
 */
export async function adminApi(options: { wired?: boolean } = {}) {
  const system = bootstrapWithFakes();
  const identity = new FakeIdentity(() => system.clock.now());
  const deadLetters = new FakeDeadLetters();
  const readModel = system.uow.readModel;
  const deps: ApiDependencies = {
    bus: system.bus,
    logger: system.logger,
    clock: system.clock,
    stockHistory: system.uow.stockHistory,
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
      notifications: (query) => system.notifications.notifications(query),
      activity: (query) => system.uow.activity(query),
    },
    ...(options.wired === false ? {} : { administration: identity.administration }),
  };
  const as = async (role: Role) => {
    const actor = await identity.actorFromSession(await identity.signedIn(role));
    return createCaller(deps, { actor, requestId: `req-${role}` });
  };
  return {
    deps,
    identity,
    logger: system.logger,
    as,
    anonymous: createCaller(deps, { requestId: 'req-anon' }),
  };
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
