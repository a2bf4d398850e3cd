// A live change refetches only the views it touches, read from the tRPC query keys.
import { describe, expect, it } from 'vitest';
import { touches } from '../src/trpc/live-views';

const key = (path: string, input?: Record<string, unknown>) => [
  path.split('.'),
  { ...(input ? { input } : {}), type: 'query' },
];
const change = (over: Partial<Parameters<typeof touches>[1]> = {}) => ({
  id: '1',
  lists: [],
  skus: [],
  orders: [],
  batches: [],
  ...over,
});

describe('what a live change refetches', () => {
  it("a sku's stock only when that sku changed", () => {
    const lamp = change({ skus: ['LAMP'], lists: ['batches'] });
    expect(touches(key('stock.forSku', { sku: 'LAMP' }), lamp)).toBe(true);
    expect(touches(key('stock.forSku', { sku: 'DESK' }), lamp)).toBe(false);
    expect(touches(key('batch.list', { page: 1 }), lamp)).toBe(true);
  });

  it("an order's lines only when that order changed", () => {
    const order = change({ skus: ['LAMP'], orders: ['o-1'] });
    expect(touches(key('allocation.forOrder', { orderid: 'o-1' }), order)).toBe(true);
    expect(touches(key('allocation.forOrder', { orderid: 'o-2' }), order)).toBe(false);
    expect(touches(key('allocation.orderLines', { orderid: 'o-1' }), order)).toBe(true);
    expect(touches(key('allocation.orderLines', { orderid: 'o-2' }), order)).toBe(false);
    expect(touches(key('batch.list'), order)).toBe(false);
  });

  it('a list when it changed, and nothing else', () => {
    const letter = change({ lists: ['deadLetters'] });
    expect(touches(key('deadLetter.list', { page: 1 }), letter)).toBe(true);
    for (const other of ['alert.outOfStock', 'notification.list', 'activity.list', 'stock.forSku']) {
      expect(touches(key(other, { sku: 'LAMP' }), letter)).toBe(false);
    }
    expect(touches(key('activity.list'), change({ lists: ['activity'] }))).toBe(true);
    expect(touches(key('alert.outOfStock'), change({ lists: ['alerts'] }))).toBe(true);
    expect(touches(key('notification.list'), change({ lists: ['notifications'] }))).toBe(true);
  });

  it('every sku and order when the change is too large to name them', () => {
    const everything = change({ skus: null, orders: null });
    expect(touches(key('stock.forSku', { sku: 'ANY' }), everything)).toBe(true);
    expect(touches(key('allocation.forOrder', { orderid: 'any' }), everything)).toBe(true);
  });

  it('other views over stock (an overview, a dashboard) whenever any stock changed', () => {
    expect(touches(key('stock.overview'), change({ skus: ['LAMP'] }))).toBe(true);
    expect(touches(key('dashboard.figures'), change({ skus: ['LAMP'] }))).toBe(true);
    expect(touches(key('stock.overview'), change({ lists: ['activity'] }))).toBe(false);
  });
});
