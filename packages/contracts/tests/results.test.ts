import {
  Allocate,
  type BatchQuantityChange,
  ChangeBatchQuantity,
  CreateBatch,
  type MovedLine,
} from '@allocation/domain';
import { bootstrapWithFakes, testOrigin } from '@allocation/domain/testing';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { batchQuantityChange, movedLine } from '../src/index.ts';

describe('the result of a batch quantity change', () => {
  it('describes exactly the domain result types', () => {
    expectTypeOf<z.infer<typeof movedLine>>().toEqualTypeOf<{
      orderid: string;
      sku: string;
      qty: number;
      from: string;
      to: string | null;
    }>();
    expectTypeOf<z.infer<typeof movedLine>>().toExtend<MovedLine>();
    expectTypeOf<MovedLine>().toExtend<z.input<typeof movedLine>>();
    expectTypeOf<z.infer<typeof batchQuantityChange>>().toExtend<BatchQuantityChange>();
    expectTypeOf<BatchQuantityChange>().toExtend<z.input<typeof batchQuantityChange>>();
  });

  it('carries what the bus answers, a line with no new home included', async () => {
    const { bus } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'warehouse', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'shipment', sku: 'LAMP', qty: 4, eta: '2026-05-01' }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 4 }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o2', sku: 'LAMP', qty: 6 }), testOrigin);

    const change = await bus.handle(ChangeBatchQuantity({ ref: 'warehouse', qty: 0 }), testOrigin);

    expect(batchQuantityChange.parse(change)).toEqual({
      ref: 'warehouse',
      qty: 0,
      before: 10,
      moved: [
        { orderid: 'o2', sku: 'LAMP', qty: 6, from: 'warehouse', to: null },
        { orderid: 'o1', sku: 'LAMP', qty: 4, from: 'warehouse', to: 'shipment' },
      ],
    });
  });

  it('refuses a moved line without its origin', () => {
    expect(movedLine.safeParse({ orderid: 'o1', sku: 'LAMP', qty: 4, to: null }).success).toBe(false);
  });
});
