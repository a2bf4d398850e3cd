import {
  addBatchInput,
  allocateInput,
  batchCreated,
  batchQuantityChange,
  batchQuantityImpact,
  changeBatchQuantityInput,
  deallocateInput,
  lineAllocation,
  lineDeallocated,
} from '@allocation/contracts';
import {
  Allocate,
  ChangeBatchQuantity,
  CreateBatch,
  Deallocate,
  batchQuantityImpact as impactOf,
} from '@allocation/domain';
import { originOf } from '../origin.ts';
import { operatorProcedure } from '../trpc.ts';

export const batchCommands = {
  /** CreateBatch: new stock, in the warehouse (eta null) or on its way. Answers the batch created. */
  create: operatorProcedure
    .meta({ command: 'CreateBatch' })
    .input(addBatchInput)
    .output(batchCreated)
    .mutation(async ({ ctx, input }) => {
      return ctx.bus.handle(
        CreateBatch({ ref: input.ref, sku: input.sku, qty: input.qty, eta: input.eta }),
        originOf(ctx),
      );
    }),

  /** ChangeBatchQuantity: answers every line the batch pushed out and the batch each moved to (or null). */
  changeQuantity: operatorProcedure
    .meta({ command: 'ChangeBatchQuantity' })
    .input(changeBatchQuantityInput)
    .output(batchQuantityChange)
    .mutation(async ({ ctx, input }) => {
      return ctx.bus.handle(ChangeBatchQuantity({ ref: input.ref, qty: input.qty }), originOf(ctx));
    }),

  /**
   * ChangeBatchQuantity before it happens: a dry run through the same handler and rules (`bus.preview`),
   * rolled back. Answers before → after, the lines that would move and those that would go out of stock.
   */
  previewQuantityChange: operatorProcedure
    .input(changeBatchQuantityInput)
    .output(batchQuantityImpact)
    .query(async ({ ctx, input }) => {
      return impactOf(await ctx.bus.preview(ChangeBatchQuantity({ ref: input.ref, qty: input.qty })));
    }),
};

export const allocationCommands = {
  /** Allocate: the batch chosen (warehouse stock first, then the earliest eta), or out of stock. */
  allocate: operatorProcedure
    .meta({ command: 'Allocate' })
    .input(allocateInput)
    .output(lineAllocation)
    .mutation(async ({ ctx, input }) => {
      const outcome = await ctx.bus.handle(
        Allocate({ orderid: input.orderid, sku: input.sku, qty: input.qty }),
        originOf(ctx),
      );
      return { orderid: input.orderid, sku: input.sku, qty: input.qty, ...outcome };
    }),

  /** Deallocate: the customer cancelled; the line leaves its batch and is not re-allocated. */
  deallocate: operatorProcedure
    .meta({ command: 'Deallocate' })
    .input(deallocateInput)
    .output(lineDeallocated)
    .mutation(async ({ ctx, input }) => {
      return ctx.bus.handle(Deallocate({ orderid: input.orderid, sku: input.sku }), originOf(ctx));
    }),
};
