import { Allocate, CreateBatch } from '@allocation/domain';
import { testOrigin, userOrigin } from '@allocation/domain/testing';
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

  it('wires the dead-letter actions to the bus and the dead letters: a replay takes effect, as the admin', async () => {
    const app = createFakeApp();
    await app.bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await app.deadLetters.record({
      channel: 'change_batch_quantity',
      payload: '{"batchref": "b1", "qty": 4, "id": "m-1"}',
      error: 'ChangeBatchQuantity failed: UnknownBatch: Unknown batch b1',
      receivedAt: app.clock.now(),
      inboxKey: 'channel:change_batch_quantity:m-1',
    });
    const admin = userOrigin('Ada Admin');

    await expect(app.deadLetterActions.replay('1', admin)).resolves.toMatchObject({
      state: 'replayed',
      outcome: 'applied',
      closedBy: 'Ada Admin',
    });
    expect((await app.views.stockForSku('LAMP'))[0]?.purchased).toBe(4);
    const page = await app.views.deadLetters({ page: 1, pageSize: 10 });
    expect(page.items.map((letter) => letter.state)).toEqual(['replayed']);
  });
});
