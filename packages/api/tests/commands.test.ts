import { describe, expect, it } from 'vitest';
import { fakeApi, rejection } from './support.ts';

describe('batch.create', () => {
  it('adds a batch whose stock the sku then shows', async () => {
    const { api } = fakeApi();
    await expect(
      api.batch.create({ ref: 'b1', sku: 'RED-CHAIR', qty: 20, eta: '2026-03-01' }),
    ).resolves.toEqual({ ref: 'b1', sku: 'RED-CHAIR', qty: 20, eta: '2026-03-01' });
    expect(await api.stock.forSku({ sku: 'RED-CHAIR' })).toEqual([
      { reference: 'b1', sku: 'RED-CHAIR', purchased: 20, allocated: 0, available: 20, eta: '2026-03-01' },
    ]);
  });

  it('takes a missing or null eta as warehouse stock', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'b1', sku: 'LAMP', qty: 5 });
    await api.batch.create({ ref: 'b2', sku: 'LAMP', qty: 5, eta: null });
    expect((await api.stock.forSku({ sku: 'LAMP' })).map((b) => b.eta)).toEqual([null, null]);
  });

  it('refuses a duplicate batch reference with CONFLICT', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'b1', sku: 'LAMP', qty: 5, eta: null });
    const error = await rejection(api.batch.create({ ref: 'b1', sku: 'TABLE', qty: 5, eta: null }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Batch reference b1 already exists');
  });

  it('refuses a quantity below one and an impossible date with BAD_REQUEST', async () => {
    const { api } = fakeApi();
    const zero = await rejection(api.batch.create({ ref: 'b1', sku: 'LAMP', qty: 0, eta: null }));
    expect(zero.code).toBe('BAD_REQUEST');
    expect(zero.message).toBe('qty: Quantity must be at least 1');
    const date = await rejection(api.batch.create({ ref: 'b1', sku: 'LAMP', qty: 1, eta: '2026-02-30' }));
    expect(date.code).toBe('BAD_REQUEST');
    expect(date.message).toBe('eta: Date is not a real calendar date');
  });
});

describe('allocation.allocate', () => {
  it('prefers warehouse stock over shipments', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'shipment', sku: 'CLOCK', qty: 100, eta: '2026-01-02' });
    await api.batch.create({ ref: 'warehouse', sku: 'CLOCK', qty: 100, eta: null });
    const outcome = await api.allocation.allocate({ orderid: 'o1', sku: 'CLOCK', qty: 10 });
    expect(outcome).toEqual({
      orderid: 'o1',
      sku: 'CLOCK',
      qty: 10,
      status: 'allocated',
      batchref: 'warehouse',
      alreadyAllocated: false,
    });
  });

  it('takes the earliest shipment when the warehouse has none', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'later', sku: 'CLOCK', qty: 100, eta: '2026-05-01' });
    await api.batch.create({ ref: 'sooner', sku: 'CLOCK', qty: 100, eta: '2026-02-01' });
    await api.batch.create({ ref: 'empty-warehouse', sku: 'CLOCK', qty: 1, eta: null });
    const outcome = await api.allocation.allocate({ orderid: 'o1', sku: 'CLOCK', qty: 10 });
    expect(outcome).toMatchObject({ status: 'allocated', batchref: 'sooner' });
    expect(await api.allocation.forOrder({ orderid: 'o1' })).toEqual([
      { sku: 'CLOCK', qty: 10, batchref: 'sooner' },
    ]);
  });

  it('says the line was already allocated when the same line comes again', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'b1', sku: 'CLOCK', qty: 100, eta: null });
    await api.allocation.allocate({ orderid: 'o1', sku: 'CLOCK', qty: 10 });
    const again = await api.allocation.allocate({ orderid: 'o1', sku: 'CLOCK', qty: 10 });
    expect(again).toMatchObject({ status: 'allocated', batchref: 'b1', alreadyAllocated: true });
    expect((await api.stock.forSku({ sku: 'CLOCK' }))[0]?.allocated).toBe(10);
  });

  it('reports out of stock, records an alert and a pending notification, and allocates nothing', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'b1', sku: 'SOFA', qty: 5, eta: null });
    const outcome = await api.allocation.allocate({ orderid: 'o1', sku: 'SOFA', qty: 6 });
    expect(outcome).toEqual({ orderid: 'o1', sku: 'SOFA', qty: 6, status: 'out_of_stock' });
    expect(await api.allocation.forOrder({ orderid: 'o1' })).toEqual([]);
    const alerts = await api.alert.outOfStock({});
    expect(alerts.items).toEqual([
      { sku: 'SOFA', orderid: 'o1', qty: 6, at: '2026-01-01T09:00:00.000Z', state: 'open', resolvedAt: null },
    ]);
    const notifications = await api.notification.list({});
    expect(notifications.items).toEqual([
      {
        id: '1',
        sku: 'SOFA',
        destination: 'stock@made.com',
        message: 'Out of stock for SOFA: order o1 asked for 6',
        state: 'pending',
        createdAt: '2026-01-01T09:00:00.000Z',
        dueAt: '2026-01-01T09:00:00.000Z',
        sentAt: null,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
      },
    ]);
  });

  it('refuses an unknown sku with BAD_REQUEST "Invalid sku"', async () => {
    const { api } = fakeApi();
    const error = await rejection(api.allocation.allocate({ orderid: 'o1', sku: 'NONEXISTENT', qty: 1 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Invalid sku NONEXISTENT');
  });

  it('refuses the same line with another quantity with CONFLICT', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'b1', sku: 'CLOCK', qty: 100, eta: null });
    await api.allocation.allocate({ orderid: 'o1', sku: 'CLOCK', qty: 10 });
    const error = await rejection(api.allocation.allocate({ orderid: 'o1', sku: 'CLOCK', qty: 11 }));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toContain('Order o1 already has 10 of CLOCK allocated');
  });

  it('refuses a blank order id before reaching the domain', async () => {
    const { api } = fakeApi();
    const error = await rejection(api.allocation.allocate({ orderid: '  ', sku: 'CLOCK', qty: 1 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('orderid: Order id is required');
  });
});

describe('batch.changeQuantity', () => {
  it('lists the lines it pushed out and the batch each one moved to', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'warehouse', sku: 'DESK', qty: 10, eta: null });
    await api.batch.create({ ref: 'shipment', sku: 'DESK', qty: 50, eta: '2026-02-01' });
    await api.allocation.allocate({ orderid: 'o1', sku: 'DESK', qty: 4 });
    await api.allocation.allocate({ orderid: 'o2', sku: 'DESK', qty: 4 });
    const change = await api.batch.changeQuantity({ ref: 'warehouse', qty: 5 });
    expect(change.ref).toBe('warehouse');
    expect(change.moved).toHaveLength(1);
    expect(change.moved[0]).toMatchObject({ sku: 'DESK', qty: 4, from: 'warehouse', to: 'shipment' });
    const stock = await api.stock.forSku({ sku: 'DESK' });
    expect(stock.map(({ reference, allocated }) => ({ reference, allocated }))).toEqual([
      { reference: 'warehouse', allocated: 4 },
      { reference: 'shipment', allocated: 4 },
    ]);
  });

  it('says a pushed-out line found no new home when no batch has stock', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'only', sku: 'DESK', qty: 10, eta: null });
    await api.allocation.allocate({ orderid: 'o1', sku: 'DESK', qty: 4 });
    const change = await api.batch.changeQuantity({ ref: 'only', qty: 0 });
    expect(change.moved).toEqual([{ orderid: 'o1', sku: 'DESK', qty: 4, from: 'only', to: null }]);
    expect((await api.alert.outOfStock({ sku: 'DESK' })).total).toBe(1);
  });

  it('shows the impact before it happens, changing nothing, and then says what the batch held', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'warehouse', sku: 'DESK', qty: 10, eta: null });
    await api.batch.create({ ref: 'shipment', sku: 'DESK', qty: 5, eta: '2026-02-01' });
    await api.allocation.allocate({ orderid: 'o1', sku: 'DESK', qty: 4 });
    await api.allocation.allocate({ orderid: 'o2', sku: 'DESK', qty: 6 });
    expect(await api.batch.previewQuantityChange({ ref: 'warehouse', qty: 0 })).toEqual({
      ref: 'warehouse',
      before: 10,
      after: 0,
      moves: [{ orderid: 'o1', sku: 'DESK', qty: 4, from: 'warehouse', to: 'shipment' }],
      outOfStock: [{ orderid: 'o2', sku: 'DESK', qty: 6, from: 'warehouse' }],
    });
    expect((await api.stock.forSku({ sku: 'DESK' }))[0]).toMatchObject({ purchased: 10, allocated: 10 });
    expect(await api.batch.changeQuantity({ ref: 'warehouse', qty: 0 })).toMatchObject({
      before: 10,
      qty: 0,
    });
  });

  it('finds batches by part of their reference or sku, whatever the case', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'desk-001', sku: 'DESK', qty: 10, eta: null });
    await api.batch.create({ ref: 'lamp-001', sku: 'TALL-LAMP', qty: 5, eta: null });
    expect((await api.batch.search({ text: 'LAMP' })).map((b) => b.reference)).toEqual(['lamp-001']);
    expect((await api.batch.search({ text: '001' })).map((b) => b.reference)).toEqual([
      'desk-001',
      'lamp-001',
    ]);
    expect((await rejection(api.batch.search({ text: ' ' }))).code).toBe('BAD_REQUEST');
  });

  it('refuses an unknown batch with NOT_FOUND', async () => {
    const { api } = fakeApi();
    const error = await rejection(api.batch.changeQuantity({ ref: 'nope', qty: 3 }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Unknown batch nope');
  });

  it('refuses a negative quantity with BAD_REQUEST', async () => {
    const { api } = fakeApi();
    const error = await rejection(api.batch.changeQuantity({ ref: 'b1', qty: -1 }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('qty: Quantity must be at least 0');
  });
});

describe('allocation.deallocate', () => {
  it('returns the line with its batch, gives the stock back and does not re-allocate', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'b1', sku: 'RUG', qty: 10, eta: null });
    await api.batch.create({ ref: 'b2', sku: 'RUG', qty: 10, eta: '2026-02-01' });
    await api.allocation.allocate({ orderid: 'o1', sku: 'RUG', qty: 3 });
    const line = await api.allocation.deallocate({ orderid: 'o1', sku: 'RUG' });
    expect(line).toEqual({ orderid: 'o1', sku: 'RUG', qty: 3, batchref: 'b1' });
    expect(await api.allocation.forOrder({ orderid: 'o1' })).toEqual([]);
    expect((await api.stock.forSku({ sku: 'RUG' })).map((b) => b.available)).toEqual([10, 10]);
  });

  it('refuses a line that is not allocated with NOT_FOUND', async () => {
    const { api } = fakeApi();
    await api.batch.create({ ref: 'b1', sku: 'RUG', qty: 10, eta: null });
    const error = await rejection(api.allocation.deallocate({ orderid: 'o9', sku: 'RUG' }));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('Order o9 has no allocated line for sku RUG');
  });

  it('refuses an unknown sku with BAD_REQUEST', async () => {
    const { api } = fakeApi();
    const error = await rejection(api.allocation.deallocate({ orderid: 'o1', sku: 'GHOST' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toBe('Invalid sku GHOST');
  });
});
