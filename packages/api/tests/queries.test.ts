import { describe, expect, it } from 'vitest';
import { fakeApi, rejection } from './support.ts';

async function stockedApi() {
  const system = fakeApi();
  const { api } = system;
  await api.batch.create({ ref: 'chair-w', sku: 'RED-CHAIR', qty: 10, eta: null });
  await api.batch.create({ ref: 'chair-s1', sku: 'RED-CHAIR', qty: 30, eta: '2026-03-01' });
  await api.batch.create({ ref: 'chair-s2', sku: 'RED-CHAIR', qty: 5, eta: '2026-02-01' });
  await api.batch.create({ ref: 'lamp-w', sku: 'BLUE-LAMP', qty: 2, eta: null });
  await api.batch.create({ ref: 'lamp-s', sku: 'BLUE-LAMP', qty: 8, eta: '2026-04-15' });
  await api.allocation.allocate({ orderid: 'o1', sku: 'RED-CHAIR', qty: 10 });
  await api.allocation.allocate({ orderid: 'o1', sku: 'BLUE-LAMP', qty: 1 });
  return system;
}

describe('stock.forSku', () => {
  it('shows each batch with purchased, allocated and available, warehouse first then by eta', async () => {
    const { api } = await stockedApi();
    expect(await api.stock.forSku({ sku: 'RED-CHAIR' })).toEqual([
      { reference: 'chair-w', sku: 'RED-CHAIR', purchased: 10, allocated: 10, available: 0, eta: null },
      {
        reference: 'chair-s2',
        sku: 'RED-CHAIR',
        purchased: 5,
        allocated: 0,
        available: 5,
        eta: '2026-02-01',
      },
      {
        reference: 'chair-s1',
        sku: 'RED-CHAIR',
        purchased: 30,
        allocated: 0,
        available: 30,
        eta: '2026-03-01',
      },
    ]);
  });

  it('is empty for a sku nobody has stocked', async () => {
    const { api } = await stockedApi();
    expect(await api.stock.forSku({ sku: 'GREEN-SOFA' })).toEqual([]);
  });

  it('needs a sku', async () => {
    const { api } = fakeApi();
    expect((await rejection(api.stock.forSku({ sku: '' }))).code).toBe('BAD_REQUEST');
  });
});

describe('allocation.forOrder', () => {
  it('lists the order’s allocations by sku', async () => {
    const { api } = await stockedApi();
    expect(await api.allocation.forOrder({ orderid: 'o1' })).toEqual([
      { sku: 'BLUE-LAMP', qty: 1, batchref: 'lamp-w' },
      { sku: 'RED-CHAIR', qty: 10, batchref: 'chair-w' },
    ]);
  });

  it('is empty for an order without allocations', async () => {
    const { api } = await stockedApi();
    expect(await api.allocation.forOrder({ orderid: 'o404' })).toEqual([]);
  });
});

describe('batch.list', () => {
  it('defaults to eta order, warehouse first, 20 a page', async () => {
    const { api } = await stockedApi();
    const page = await api.batch.list({});
    expect(page.items.map((b) => b.reference)).toEqual([
      'chair-w',
      'lamp-w',
      'chair-s2',
      'chair-s1',
      'lamp-s',
    ]);
    expect(page).toMatchObject({ total: 5, page: 1, pageSize: 20 });
  });

  it('filters by part of the sku, ignoring case', async () => {
    const { api } = await stockedApi();
    const page = await api.batch.list({ sku: 'lamp' });
    expect(page.items.map((b) => b.reference)).toEqual(['lamp-w', 'lamp-s']);
  });

  it('filters by stock left and by eta range', async () => {
    const { api } = await stockedApi();
    expect((await api.batch.list({ hasStock: false })).items.map((b) => b.reference)).toEqual(['chair-w']);
    const range = await api.batch.list({ etaFrom: '2026-02-15', etaTo: '2026-04-15' });
    expect(range.items.map((b) => b.reference)).toEqual(['chair-s1', 'lamp-s']);
  });

  it('sorts by any column in either direction', async () => {
    const { api } = await stockedApi();
    const byAvailable = await api.batch.list({ sort: 'available', direction: 'desc' });
    expect(byAvailable.items.map((b) => b.available)).toEqual([30, 8, 5, 1, 0]);
  });

  it('pages', async () => {
    const { api } = await stockedApi();
    const second = await api.batch.list({ sort: 'reference', pageSize: 2, page: 2 });
    expect(second.items.map((b) => b.reference)).toEqual(['chair-w', 'lamp-s']);
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
  });

  it('refuses an eta range that ends before it starts, and a page size over 100', async () => {
    const { api } = fakeApi();
    const range = await rejection(api.batch.list({ etaFrom: '2026-05-01', etaTo: '2026-04-01' }));
    expect(range.code).toBe('BAD_REQUEST');
    expect(range.message).toBe('etaTo: The end of the eta range must not be before its start');
    const size = await rejection(api.batch.list({ pageSize: 101 }));
    expect(size.message).toBe('pageSize: Page size must be at most 100');
  });

  it('refuses a page number past the last one it will ever skip to', async () => {
    const { api } = fakeApi();
    const page = await rejection(api.batch.list({ page: 10_001 }));
    expect(page.code).toBe('BAD_REQUEST');
    expect(page.message).toBe('page: Page must be at most 10000');
    expect((await rejection(api.alert.outOfStock({ page: 1e9 }))).code).toBe('BAD_REQUEST');
  });

  it('refuses a sku filter with control characters, like the sku itself', async () => {
    const { api } = fakeApi();
    const filter = await rejection(api.batch.list({ sku: 'LAMP\u0000' }));
    expect(filter.code).toBe('BAD_REQUEST');
    expect(filter.message).toBe('sku: SKU filter must not contain control characters');
    expect((await rejection(api.batch.list({ sku: 'x'.repeat(256) }))).message).toBe(
      'sku: SKU filter must be at most 255 characters',
    );
  });
});

describe('alert.outOfStock', () => {
  it('lists alerts newest first, filtered by sku and paged', async () => {
    const { api, clock } = await stockedApi();
    await api.allocation.allocate({ orderid: 'o2', sku: 'BLUE-LAMP', qty: 99 });
    clock.advance(60_000);
    await api.allocation.allocate({ orderid: 'o3', sku: 'RED-CHAIR', qty: 99 });
    clock.advance(60_000);
    await api.allocation.allocate({ orderid: 'o4', sku: 'BLUE-LAMP', qty: 50 });
    const all = await api.alert.outOfStock({});
    expect(all.items.map((a) => a.orderid)).toEqual(['o4', 'o3', 'o2']);
    const lamps = await api.alert.outOfStock({ sku: 'BLUE-LAMP', pageSize: 1, page: 2 });
    expect(lamps).toEqual({
      items: [
        {
          sku: 'BLUE-LAMP',
          orderid: 'o2',
          qty: 99,
          at: '2026-01-01T09:00:00.000Z',
          state: 'open',
          resolvedAt: null,
        },
      ],
      total: 2,
      page: 2,
      pageSize: 1,
    });
  });

  it('filters by state: resolved once the line is allocated after all', async () => {
    const { api, clock } = await stockedApi();
    await api.allocation.allocate({ orderid: 'o2', sku: 'BLUE-LAMP', qty: 9 });
    await api.allocation.allocate({ orderid: 'o3', sku: 'BLUE-LAMP', qty: 99 });
    clock.advance(60_000);
    await api.batch.changeQuantity({ ref: 'lamp-s', qty: 20 });
    // The retry from the alert list: the same line, allocated again now.
    await api.allocation.allocate({ orderid: 'o2', sku: 'BLUE-LAMP', qty: 9 });
    expect((await api.alert.outOfStock({ state: 'open' })).items.map((a) => a.orderid)).toEqual(['o3']);
    expect((await api.alert.outOfStock({ state: 'resolved' })).items).toMatchObject([
      { orderid: 'o2', state: 'resolved', resolvedAt: '2026-01-01T09:01:00.000Z' },
    ]);
    expect((await rejection(api.alert.outOfStock({ state: 'closed' as never }))).message).toBe(
      'state: State must be open or resolved',
    );
  });

  it('is empty when nothing ran out', async () => {
    const { api } = await stockedApi();
    expect(await api.alert.outOfStock({})).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
  });
});

describe('notification.list', () => {
  it('shows the emails to the stock team, newest first, paged, with how each one fared', async () => {
    const { api, clock, notifications } = await stockedApi();
    await api.allocation.allocate({ orderid: 'o2', sku: 'BLUE-LAMP', qty: 99 });
    clock.advance(1_000);
    await api.allocation.allocate({ orderid: 'o3', sku: 'RED-CHAIR', qty: 99 });
    const first = await api.notification.list({ pageSize: 1 });
    expect(first.total).toBe(2);
    expect(first.items).toEqual([
      {
        id: '2',
        sku: 'RED-CHAIR',
        destination: 'stock@made.com',
        message: 'Out of stock for RED-CHAIR: order o3 asked for 99',
        state: 'pending',
        createdAt: '2026-01-01T09:00:01.000Z',
        dueAt: '2026-01-01T09:00:01.000Z',
        sentAt: null,
        attempts: 0,
        lastError: null,
        nextAttemptAt: null,
      },
    ]);
    const [red, blue] = await notifications.claim(2, 60_000).then((c) => [c[1], c[0]]);
    await notifications.markFailed(red?.id ?? '', 'Connection refused', new Date('2026-01-01T09:05:00.000Z'));
    await notifications.markSent(blue?.id ?? '', 'recorded');
    const states = await api.notification.list({});
    expect(states.items).toMatchObject([
      {
        sku: 'RED-CHAIR',
        state: 'failing',
        attempts: 1,
        lastError: 'Connection refused',
        nextAttemptAt: '2026-01-01T09:05:00.000Z',
      },
      { sku: 'BLUE-LAMP', state: 'recorded', sentAt: '2026-01-01T09:00:01.000Z' },
    ]);
  });
});

describe('deadLetter.list', () => {
  it('shows messages kept aside with their error, newest first', async () => {
    const { api, deadLetters } = fakeApi();
    await deadLetters.record({
      channel: 'change_batch_quantity',
      payload: '{"batchref": 1}',
      error: 'qty: Quantity is required',
      receivedAt: new Date('2026-01-01T10:00:00Z'),
    });
    await deadLetters.record({
      channel: 'change_batch_quantity',
      payload: 'not json',
      error: 'Malformed JSON',
      receivedAt: new Date('2026-01-01T11:00:00Z'),
    });
    const page = await api.deadLetter.list({});
    expect(page.total).toBe(2);
    expect(page.items[0]).toEqual({
      id: '2',
      channel: 'change_batch_quantity',
      payload: 'not json',
      error: 'Malformed JSON',
      receivedAt: '2026-01-01T11:00:00.000Z',
      inboxKey: null,
      state: 'open',
      closedAt: null,
      closedBy: null,
      outcome: null,
    });
  });

  it('is empty when every message was handled', async () => {
    const { api } = fakeApi();
    expect(await api.deadLetter.list({ page: 1, pageSize: 10 })).toEqual({
      items: [],
      total: 0,
      page: 1,
      pageSize: 10,
    });
  });
});

describe('allocation.orderLines', () => {
  it('lists every line of an order, allocated or not, with when; none for an order never seen', async () => {
    const { api } = await stockedApi();
    await api.allocation.allocate({ orderid: 'o1', sku: 'BLUE-LAMP', qty: 1 });
    await api.allocation.deallocate({ orderid: 'o1', sku: 'BLUE-LAMP' });
    await api.batch.create({ ref: 'rug-w', sku: 'RUG', qty: 1, eta: null });
    await api.allocation.allocate({ orderid: 'o1', sku: 'RUG', qty: 5 });
    expect(await api.allocation.orderLines({ orderid: 'o1' })).toEqual([
      { sku: 'BLUE-LAMP', qty: 1, state: 'cancelled', batchref: null, at: '2026-01-01T09:00:00.000Z' },
      { sku: 'RED-CHAIR', qty: 10, state: 'allocated', batchref: 'chair-w', at: '2026-01-01T09:00:00.000Z' },
      { sku: 'RUG', qty: 5, state: 'out_of_stock', batchref: null, at: '2026-01-01T09:00:00.000Z' },
    ]);
    expect(await api.allocation.orderLines({ orderid: 'never' })).toEqual([]);
  });
});

describe('stock.skus', () => {
  it('lists every sku with its totals, searched, sorted and paged', async () => {
    const { api } = await stockedApi();
    expect(await api.stock.skus({ search: 'lamp' })).toEqual({
      items: [
        {
          sku: 'BLUE-LAMP',
          purchased: 10,
          allocated: 1,
          available: 9,
          batches: 2,
          nextEta: '2026-04-15',
          openAlerts: 0,
        },
      ],
      total: 1,
      page: 1,
      pageSize: 20,
    });
    const byAvailable = await api.stock.skus({ sort: 'available', direction: 'desc', pageSize: 1, page: 2 });
    expect(byAvailable).toMatchObject({ items: [{ sku: 'BLUE-LAMP' }], total: 2 });
    expect((await rejection(api.stock.skus({ sort: 'colour' as never }))).code).toBe('BAD_REQUEST');
  });
});

describe('suggest', () => {
  it('suggests skus and orders containing what was typed, ignoring case', async () => {
    const { api } = await stockedApi();
    expect(await api.suggest.names({ kind: 'sku', text: 'red' })).toEqual(['RED-CHAIR']);
    expect(await api.suggest.names({ kind: 'order', text: 'O' })).toEqual(['o1']);
  });

  it('offers close matches for a name not found', async () => {
    const { api } = await stockedApi();
    expect(await api.suggest.closeMatches({ kind: 'sku', text: 'red-chiar' })).toEqual(['RED-CHAIR']);
    expect(await api.suggest.closeMatches({ kind: 'sku', text: 'zzz' })).toEqual([]);
  });

  it('refuses text with control characters, or too long', async () => {
    const { api } = await stockedApi();
    expect((await rejection(api.suggest.names({ kind: 'sku', text: 'a\u0000' }))).message).toBe(
      'text: Text must not contain control characters',
    );
    expect((await rejection(api.suggest.names({ kind: 'sku', text: 'x'.repeat(256) }))).code).toBe(
      'BAD_REQUEST',
    );
  });
});
