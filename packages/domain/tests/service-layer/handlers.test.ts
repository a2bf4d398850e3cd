import { describe, expect, it } from 'vitest';
import {
  Allocate,
  ChangeBatchQuantity,
  CreateBatch,
  DEFAULT_STOCK_TEAM_ADDRESS,
  Deallocate,
  DuplicateBatchReference,
  InvalidDate,
  InvalidSku,
  LineAlreadyAllocated,
  LineNotAllocated,
  UnknownBatch,
} from '../../src/index.ts';
import * as handlers from '../../src/service-layer/handlers.ts';
import { bootstrapWithFakes, testOrigin } from '../../src/testing/index.ts';

describe('adding a batch', () => {
  it('creates the product of a new sku', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'CRUNCHY-ARMCHAIR', qty: 100, eta: null }), testOrigin);
    expect(uow.products.get('CRUNCHY-ARMCHAIR')?.batches.map((b) => b.reference)).toEqual(['b1']);
    expect(uow.commits).toBeGreaterThan(0);
  });

  it('adds to the product of an existing sku', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'GARISH-RUG', qty: 100, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'b2', sku: 'GARISH-RUG', qty: 99, eta: '2026-05-01' }), testOrigin);
    expect(uow.products.get('GARISH-RUG')?.batches.map((b) => b.reference)).toEqual(['b1', 'b2']);
  });

  it('refuses a reference another batch already has, for any sku', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'GARISH-RUG', qty: 100, eta: null }), testOrigin);
    await expect(
      bus.handle(CreateBatch({ ref: 'b1', sku: 'OTHER', qty: 5, eta: null }), testOrigin),
    ).rejects.toThrow(DuplicateBatchReference);
    expect(uow.products.has('OTHER')).toBe(false);
  });

  it('refuses an eta that is not a calendar date', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await expect(
      bus.handle(CreateBatch({ ref: 'b1', sku: 'RUG', qty: 1, eta: '2026-02-31' }), testOrigin),
    ).rejects.toThrow(InvalidDate);
    expect(uow.products.size).toBe(0);
  });

  it('refuses names with control characters, which no store can keep faithfully', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await expect(
      bus.handle(CreateBatch({ ref: 'b\u0000', sku: 'RUG', qty: 1, eta: null }), testOrigin),
    ).rejects.toThrow('Invalid batch reference "b\\u0000": must not contain control characters');
    expect(uow.products.size).toBe(0);
  });

  it('returns the batch it created', async () => {
    const { bus } = bootstrapWithFakes();
    expect(
      await bus.handle(CreateBatch({ ref: 'b1', sku: 'RUG', qty: 10, eta: '2026-05-01' }), testOrigin),
    ).toEqual({
      ref: 'b1',
      sku: 'RUG',
      qty: 10,
      eta: '2026-05-01',
    });
    expect(await bus.handle(CreateBatch({ ref: 'b2', sku: 'RUG', qty: 5, eta: null }), testOrigin)).toEqual({
      ref: 'b2',
      sku: 'RUG',
      qty: 5,
      eta: null,
    });
  });

  it('shows the new batch in the stock view', async () => {
    const { bus, views } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'RUG', qty: 10, eta: '2026-05-01' }), testOrigin);
    expect(await views.stockForSku('RUG')).toEqual([
      { reference: 'b1', sku: 'RUG', purchased: 10, allocated: 0, available: 10, eta: '2026-05-01' },
    ]);
  });
});

describe('allocating', () => {
  it('allocates to a batch and returns its reference', async () => {
    const { bus } = bootstrapWithFakes();
    await bus.handle(
      CreateBatch({ ref: 'batch1', sku: 'COMPLICATED-LAMP', qty: 100, eta: null }),
      testOrigin,
    );
    const outcome = await bus.handle(
      Allocate({ orderid: 'o1', sku: 'COMPLICATED-LAMP', qty: 10 }),
      testOrigin,
    );
    expect(outcome).toEqual({ status: 'allocated', batchref: 'batch1', alreadyAllocated: false });
  });

  it('raises "Invalid sku" for an unknown sku', async () => {
    const { bus } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'AREALSKU', qty: 100, eta: null }), testOrigin);
    await expect(
      bus.handle(Allocate({ orderid: 'o1', sku: 'NONEXISTENTSKU', qty: 10 }), testOrigin),
    ).rejects.toThrow(new InvalidSku('NONEXISTENTSKU'));
    await expect(
      bus.handle(Allocate({ orderid: 'o1', sku: 'NONEXISTENTSKU', qty: 10 }), testOrigin),
    ).rejects.toThrow('Invalid sku NONEXISTENTSKU');
  });

  it('commits', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'OMINOUS-MIRROR', qty: 100, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'OMINOUS-MIRROR', qty: 10 }), testOrigin);
    expect(uow.products.get('OMINOUS-MIRROR')?.batches[0]?.availableQuantity).toBe(90);
  });

  it('shows the allocation in the order view as soon as it returns', async () => {
    const { bus, views } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'sku1batch', sku: 'sku1', qty: 50, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'sku2batch', sku: 'sku2', qty: 50, eta: '2026-01-02' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'order1', sku: 'sku1', qty: 20 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'order1', sku: 'sku2', qty: 20 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'otherorder', sku: 'sku1', qty: 30 }), testOrigin);
    expect(await views.allocationsForOrder('order1')).toEqual([
      { sku: 'sku1', qty: 20, batchref: 'sku1batch' },
      { sku: 'sku2', qty: 20, batchref: 'sku2batch' },
    ]);
    expect((await views.stockForSku('sku1'))[0]).toMatchObject({ allocated: 50, available: 0 });
  });

  it('stores an email naming the sku when out of stock, and raises an alert', async () => {
    const { bus, notifications, views, clock } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'POPULAR-CURTAINS', qty: 9, eta: null }), testOrigin);
    const outcome = await bus.handle(
      Allocate({ orderid: 'o1', sku: 'POPULAR-CURTAINS', qty: 10 }),
      testOrigin,
    );
    expect(outcome).toEqual({ status: 'out_of_stock' });
    const { items } = await notifications.notifications({ page: 1, pageSize: 10 });
    expect(items).toHaveLength(1);
    expect(items[0]?.destination).toBe(DEFAULT_STOCK_TEAM_ADDRESS);
    expect(items[0]?.message).toContain('Out of stock for POPULAR-CURTAINS');
    expect(items[0]?.state).toBe('pending');
    expect((await views.outOfStockAlerts({ page: 1, pageSize: 10 })).items).toEqual([
      { sku: 'POPULAR-CURTAINS', orderid: 'o1', qty: 10, at: clock.now(), state: 'open', resolvedAt: null },
    ]);
  });

  it('re-allocating an allocated line is idempotent', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 3 }), testOrigin);
    const again = await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 3 }), testOrigin);
    expect(again).toEqual({ status: 'allocated', batchref: 'b1', alreadyAllocated: true });
    expect(uow.products.get('LAMP')?.batches[0]?.availableQuantity).toBe(7);
    expect(uow.outbox).toHaveLength(1);
  });

  it('refuses the same order line with another quantity', async () => {
    const { bus } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 3 }), testOrigin);
    await expect(bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 }), testOrigin)).rejects.toThrow(
      LineAlreadyAllocated,
    );
  });

  it('stores a line_allocated message for other systems with the allocation', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 3 }), testOrigin);
    expect(uow.outbox.map(({ channel, payload }) => ({ channel, payload }))).toEqual([
      { channel: 'line_allocated', payload: { orderid: 'o1', sku: 'LAMP', qty: 3, batchref: 'b1' } },
    ]);
  });
});

describe('changing batch quantities', () => {
  it('changes the available quantity', async () => {
    const { bus, uow, views } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'batch1', sku: 'ADORABLE-SETTEE', qty: 100, eta: null }), testOrigin);
    const change = await bus.handle(ChangeBatchQuantity({ ref: 'batch1', qty: 50 }), testOrigin);
    expect(change).toEqual({ ref: 'batch1', qty: 50, before: 100, moved: [] });
    expect(uow.products.get('ADORABLE-SETTEE')?.batches[0]?.availableQuantity).toBe(50);
    expect((await views.stockForSku('ADORABLE-SETTEE'))[0]).toMatchObject({ purchased: 50, available: 50 });
  });

  it('re-allocates the lines it pushed out to another batch', async () => {
    const { bus, uow, views } = bootstrapWithFakes();
    await bus.handle(
      CreateBatch({ ref: 'batch1', sku: 'INDIFFERENT-TABLE', qty: 50, eta: null }),
      testOrigin,
    );
    await bus.handle(
      CreateBatch({ ref: 'batch2', sku: 'INDIFFERENT-TABLE', qty: 50, eta: '2026-01-02' }),
      testOrigin,
    );
    await bus.handle(Allocate({ orderid: 'order1', sku: 'INDIFFERENT-TABLE', qty: 20 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'order2', sku: 'INDIFFERENT-TABLE', qty: 20 }), testOrigin);

    const change = await bus.handle(ChangeBatchQuantity({ ref: 'batch1', qty: 25 }), testOrigin);

    expect(change).toEqual({
      ref: 'batch1',
      qty: 25,
      before: 50,
      moved: [{ orderid: 'order2', sku: 'INDIFFERENT-TABLE', qty: 20, from: 'batch1', to: 'batch2' }],
    });
    const [batch1, batch2] = uow.products.get('INDIFFERENT-TABLE')?.batches ?? [];
    expect(batch1?.availableQuantity).toBe(5);
    expect(batch2?.availableQuantity).toBe(30);
    expect(await views.allocationsForOrder('order2')).toEqual([
      { sku: 'INDIFFERENT-TABLE', qty: 20, batchref: 'batch2' },
    ]);
    expect(uow.outbox.map((m) => m.payload)).toContainEqual({
      orderid: 'order2',
      sku: 'INDIFFERENT-TABLE',
      qty: 20,
      batchref: 'batch2',
    });
  });

  it('takes effect once for a message delivered twice (same idempotency key), and again for a new one', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'batch1', sku: 'WOBBLY-STOOL', qty: 10, eta: null }), testOrigin);
    await bus.handle(
      CreateBatch({ ref: 'batch2', sku: 'WOBBLY-STOOL', qty: 10, eta: '2026-01-02' }),
      testOrigin,
    );
    await bus.handle(Allocate({ orderid: 'order1', sku: 'WOBBLY-STOOL', qty: 6 }), testOrigin);

    const first = await bus.handle(
      ChangeBatchQuantity({ ref: 'batch1', qty: 2, idempotencyKey: 'm-1' }),
      testOrigin,
    );
    await bus.handle(ChangeBatchQuantity({ ref: 'batch1', qty: 20 }), testOrigin);
    const sentBefore = uow.outbox.length;
    const repeat = await bus.handle(
      ChangeBatchQuantity({ ref: 'batch1', qty: 2, idempotencyKey: 'm-1' }),
      testOrigin,
    );

    expect(first.moved).toHaveLength(1);
    expect(repeat).toEqual({ ref: 'batch1', qty: 2, before: null, moved: [], repeated: true });
    expect(uow.products.get('WOBBLY-STOOL')?.batches[0]?.purchasedQuantity).toBe(20);
    expect(uow.outbox.length).toBe(sentBefore);
    await bus.handle(ChangeBatchQuantity({ ref: 'batch1', qty: 3, idempotencyKey: 'm-2' }), testOrigin);
    expect(uow.products.get('WOBBLY-STOOL')?.batches[0]?.purchasedQuantity).toBe(3);
  });

  it('keeps no idempotency key of a change that failed, so its redelivery is handled again', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await expect(
      bus.handle(ChangeBatchQuantity({ ref: 'later', qty: 2, idempotencyKey: 'm-9' }), testOrigin),
    ).rejects.toThrow(UnknownBatch);
    expect(uow.handledMessages.has('m-9')).toBe(false);
    await bus.handle(CreateBatch({ ref: 'later', sku: 'LATE-LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(ChangeBatchQuantity({ ref: 'later', qty: 2, idempotencyKey: 'm-9' }), testOrigin);
    expect(uow.products.get('LATE-LAMP')?.batches[0]?.purchasedQuantity).toBe(2);
    expect(uow.handledMessages.has('m-9')).toBe(true);
  });

  it('moves the pushed-out lines in its own unit of work, so a crash before the event handlers loses none', async () => {
    const { bus, uow } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'batch1', sku: 'STURDY-SHELF', qty: 10, eta: null }), testOrigin);
    await bus.handle(
      CreateBatch({ ref: 'batch2', sku: 'STURDY-SHELF', qty: 10, eta: '2026-01-02' }),
      testOrigin,
    );
    await bus.handle(Allocate({ orderid: 'order1', sku: 'STURDY-SHELF', qty: 6 }), testOrigin);
    const sentBefore = uow.outbox.length;

    // The command's unit of work alone, as if the process died before any event handler ran.
    await uow.run((unit) =>
      handlers.changeBatchQuantity(ChangeBatchQuantity({ ref: 'batch1', qty: 2 }), unit),
    );

    const [batch1, batch2] = uow.products.get('STURDY-SHELF')?.batches ?? [];
    expect(batch1?.allocatedQuantity).toBe(0);
    expect(batch2?.allocatedQuantity).toBe(6);
    expect(uow.outbox.slice(sentBefore).map((m) => m.payload)).toEqual([
      { orderid: 'order1', sku: 'STURDY-SHELF', qty: 6, batchref: 'batch2' },
    ]);
  });

  it('through the bus, a moved line is allocated and announced once; one no batch can take is out of stock once', async () => {
    const { bus, uow, views, notifications } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'batch1', sku: 'TALL-LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'batch2', sku: 'TALL-LAMP', qty: 5, eta: '2026-01-02' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'order1', sku: 'TALL-LAMP', qty: 4 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'order2', sku: 'TALL-LAMP', qty: 6 }), testOrigin);
    const sentBefore = uow.outbox.length;

    const change = await bus.handle(ChangeBatchQuantity({ ref: 'batch1', qty: 0 }), testOrigin);

    expect(change.moved).toEqual([
      { orderid: 'order2', sku: 'TALL-LAMP', qty: 6, from: 'batch1', to: null },
      { orderid: 'order1', sku: 'TALL-LAMP', qty: 4, from: 'batch1', to: 'batch2' },
    ]);
    expect(uow.outbox.slice(sentBefore).map((m) => m.payload)).toEqual([
      { orderid: 'order1', sku: 'TALL-LAMP', qty: 4, batchref: 'batch2' },
    ]);
    expect(await views.allocationsForOrder('order2')).toEqual([]);
    expect((await views.outOfStockAlerts({ page: 1, pageSize: 10 })).items).toMatchObject([
      { sku: 'TALL-LAMP', orderid: 'order2', qty: 6 },
    ]);
    expect((await notifications.notifications({ page: 1, pageSize: 10 })).items).toMatchObject([
      { sku: 'TALL-LAMP', message: 'Out of stock for TALL-LAMP: order order2 asked for 6' },
    ]);
  });

  it('reports an unknown batch', async () => {
    const { bus } = bootstrapWithFakes();
    await expect(bus.handle(ChangeBatchQuantity({ ref: 'nope', qty: 5 }), testOrigin)).rejects.toThrow(
      new UnknownBatch('nope'),
    );
  });

  it('refuses a negative quantity', async () => {
    const { bus } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await expect(bus.handle(ChangeBatchQuantity({ ref: 'b1', qty: -1 }), testOrigin)).rejects.toThrow(
      'Invalid quantity -1',
    );
  });
});

describe('deallocating', () => {
  it('returns the stock and does not re-allocate the line', async () => {
    const { bus, uow, views } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'b2', sku: 'LAMP', qty: 10, eta: '2026-02-01' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 }), testOrigin);

    const cancelled = await bus.handle(Deallocate({ orderid: 'o1', sku: 'LAMP' }), testOrigin);

    expect(cancelled).toEqual({ orderid: 'o1', sku: 'LAMP', qty: 4, batchref: 'b1' });
    expect(uow.products.get('LAMP')?.batches.map((b) => b.availableQuantity)).toEqual([10, 10]);
    expect(await views.allocationsForOrder('o1')).toEqual([]);
    expect((await views.stockForSku('LAMP')).map((s) => s.allocated)).toEqual([0, 0]);
  });

  it('reports a line that is not allocated', async () => {
    const { bus } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await expect(bus.handle(Deallocate({ orderid: 'o1', sku: 'LAMP' }), testOrigin)).rejects.toThrow(
      LineNotAllocated,
    );
  });

  it('reports an unknown sku', async () => {
    const { bus } = bootstrapWithFakes();
    await expect(bus.handle(Deallocate({ orderid: 'o1', sku: 'NOPE' }), testOrigin)).rejects.toThrow(
      'Invalid sku NOPE',
    );
  });
});
