import { describe, expect, it } from 'vitest';
import {
  Allocate,
  bootstrap,
  ChangeBatchQuantity,
  type CommandResults,
  ConcurrencyConflict,
  CreateBatch,
  InvalidSku,
  MessageBus,
  type RetryPolicy,
} from '../../src/index.ts';
import * as handlers from '../../src/service-layer/handlers.ts';
import {
  bootstrapWithFakes,
  FakeClock,
  FakeNotifications,
  FakeUnitOfWorkFactory,
  instantRetry,
  RecordingLogger,
  testOrigin,
} from '../../src/testing/index.ts';

describe('the message bus', () => {
  it('runs the other handlers of an event when one fails, and logs the failure', async () => {
    // An entry point that sends OutOfStock at once (the CSV appendix), to an SMTP server that is down.
    const notifications = new FakeNotifications();
    notifications.failWith = new Error('SMTP server down');
    const uow = new FakeUnitOfWorkFactory();
    const views = uow.readModel;
    const logger = new RecordingLogger();
    const bus = bootstrap({ uow, notifications, clock: new FakeClock(), logger, retry: instantRetry });
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 1, eta: null }), testOrigin);

    const outcome = await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 5 }), testOrigin);

    expect(outcome).toEqual({ status: 'out_of_stock' });
    expect((await views.outOfStockAlerts({ page: 1, pageSize: 10 })).total).toBe(1);
    const errors = logger.entries.filter((entry) => entry.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.context).toMatchObject({ event: { type: 'OutOfStock', sku: 'LAMP' } });
  });

  it('runs each event handler in its own unit of work: a failing first one rolls back alone', async () => {
    const uow = new FakeUnitOfWorkFactory();
    const logger = new RecordingLogger();
    const ran: string[] = [];
    const bus = new MessageBus<CommandResults>({
      uow,
      logger,
      clock: new FakeClock(),
      retry: instantRetry,
      commandHandlers: {
        CreateBatch: handlers.addBatch,
        Allocate: handlers.allocate,
        ChangeBatchQuantity: handlers.changeBatchQuantity,
        Deallocate: handlers.deallocate,
      },
      eventHandlers: {
        BatchCreated: [
          async (event, unit) => {
            await unit.readModel.batchCreated({ ...event, ref: 'ghost' });
            throw new Error('read model unavailable');
          },
          handlers.addBatchToReadModel,
          async (event) => {
            ran.push(event.ref);
          },
        ],
      },
    });

    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 3, eta: null }), testOrigin);

    expect((await uow.readModel.stockForSku('LAMP')).map((batch) => batch.reference)).toEqual(['b1']);
    expect(ran).toEqual(['b1']);
    expect(logger.entries.filter((entry) => entry.level === 'error')).toHaveLength(1);
  });

  it('lets a failing command reach the caller and writes nothing', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await expect(
      bus.handle(Allocate({ orderid: 'o1', sku: 'NOPE', qty: 1 }), testOrigin),
    ).rejects.toBeInstanceOf(InvalidSku);
    expect(uow.products.size).toBe(0);
    expect(uow.rollbacks).toBe(1);
  });

  it('retries a command whose unit of work hit a concurrent update', async () => {
    const { bus, uow, logger } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    uow.simulateConflicts(2);

    const outcome = await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 2 }), testOrigin);

    expect(outcome).toMatchObject({ status: 'allocated', batchref: 'b1' });
    expect(uow.products.get('LAMP')?.batches[0]?.availableQuantity).toBe(8);
    expect(logger.entries.filter((entry) => entry.message === 'Concurrent update, retrying')).toHaveLength(2);
  });

  it('surfaces the conflict after the retry bound, having written nothing', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    uow.simulateConflicts(instantRetry.attempts);

    await expect(
      bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 2 }), testOrigin),
    ).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(uow.products.get('LAMP')?.batches[0]?.availableQuantity).toBe(10);
  });

  it('waits with growing, jittered delays between tries', async () => {
    const waits: number[] = [];
    const retry: RetryPolicy = {
      attempts: 4,
      baseDelayMs: 10,
      maxDelayMs: 25,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
    };
    const uow = new FakeUnitOfWorkFactory();
    const bus = bootstrap({
      uow,
      retry,
      clock: new FakeClock(),
      logger: new RecordingLogger(),
    });
    uow.simulateConflicts(4);
    await expect(
      bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 1, eta: null }), testOrigin),
    ).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(waits).toEqual([5, 10, 12.5]);
  });

  it('lets no interleaving of concurrent allocations over-allocate a batch', async () => {
    const { bus, uow } = bootstrapWithFakes({ retry: { ...instantRetry, attempts: 50 } });
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);

    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        bus.handle(Allocate({ orderid: `o${i}`, sku: 'LAMP', qty: 2 }), testOrigin),
      ),
    );

    expect(outcomes.filter((o) => o.status === 'allocated')).toHaveLength(5);
    expect(outcomes.filter((o) => o.status === 'out_of_stock')).toHaveLength(3);
    const batch = uow.products.get('LAMP')?.batches[0];
    expect(batch?.allocatedQuantity).toBe(10);
    expect(batch?.lines).toHaveLength(5);
  });

  it('handles the events raised by event handlers, in order', async () => {
    const { bus, views } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'wh', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'ship', sku: 'LAMP', qty: 3, eta: '2026-04-01' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 5 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o2', sku: 'LAMP', qty: 5 }), testOrigin);

    // Shrinking the warehouse batch pushes o2 out; the shipment holds only 3, so it ends out of stock.
    await bus.handle(ChangeBatchQuantity({ ref: 'wh', qty: 5 }), testOrigin);

    expect(await views.allocationsForOrder('o1')).toEqual([{ sku: 'LAMP', qty: 5, batchref: 'wh' }]);
    expect(await views.allocationsForOrder('o2')).toEqual([]);
    expect((await views.outOfStockAlerts({ page: 1, pageSize: 5 })).items.map((a) => a.orderid)).toEqual([
      'o2',
    ]);
  });
});
