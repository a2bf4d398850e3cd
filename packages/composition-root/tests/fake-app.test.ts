import { Allocate, CreateBatch } from '@allocation/domain';
import { testOrigin } from '@allocation/domain/testing';
import { describe, expect, it } from 'vitest';
import { createFakeApp } from '../src/testing.ts';

describe('the fake application', () => {
  it('wires the bus to the views, and out-of-stock notifications to the notification outbox', async () => {
    const app = createFakeApp();
    await app.bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 1, eta: null }), testOrigin);
    await app.bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }), testOrigin);
    await app.bus.handle(Allocate({ orderid: 'o2', sku: 'LAMP', qty: 1 }), testOrigin);

    expect(await app.views.allocationsForOrder('o1')).toEqual([{ sku: 'LAMP', qty: 1, batchref: 'b1' }]);
    const notifications = await app.views.notifications({ page: 1, pageSize: 10 });
    expect(notifications.items.map((n) => [n.destination, n.message, n.state])).toEqual([
      ['stock@made.com', 'Out of stock for LAMP: order o2 asked for 1', 'pending'],
    ]);
    expect(await app.notificationOutbox.claim(10, 60_000)).toHaveLength(1);
  });
});
