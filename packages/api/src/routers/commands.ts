import {
  addBatchInput,
  allocateInput,
  batchCreated,
  changeBatchQuantityInput,
  deallocateInput,
  lineAllocation,
  lineDeallocated,
} from '@allocation/contracts';
import { Allocate, ChangeBatchQuantity, CreateBatch, Deallocate } from '@allocation/domain';
import { procedure } from '../trpc.ts';

/** A line a quantity change pushed out of its batch, and where it went (null: nowhere had stock). */
export interface MovedLine {
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly from: string;
  readonly to: string | null;
}

export const batchCommands = {
  /** CreateBatch: new stock, in the warehouse (eta null) or on its way. */
  create: procedure
    .input(addBatchInput)
    .output(batchCreated)
    .mutation(async ({ ctx, input }) => {
      await ctx.bus.handle(CreateBatch({ ref: input.ref, sku: input.sku, qty: input.qty, eta: input.eta }));
      return { ref: input.ref, sku: input.sku, qty: input.qty, eta: input.eta };
    }),

  /**
   * ChangeBatchQuantity. The bus returns once every pushed-out line has been re-allocated (or found
   * no stock), so the allocations view already says where each one went.
   */
  changeQuantity: procedure.input(changeBatchQuantityInput).mutation(async ({ ctx, input }) => {
    const { deallocated } = await ctx.bus.handle(ChangeBatchQuantity({ ref: input.ref, qty: input.qty }));
    const moved: MovedLine[] = [];
    for (const line of deallocated) {
      const allocations = await ctx.views.allocationsForOrder(line.orderid);
      const now = allocations.find((allocation) => allocation.sku === line.sku);
      moved.push({
        orderid: line.orderid,
        sku: line.sku,
        qty: line.qty,
        from: input.ref,
        to: now?.batchref ?? null,
      });
    }
    return { ref: input.ref, qty: input.qty, moved };
  }),
};

export const allocationCommands = {
  /** Allocate: the batch chosen (warehouse stock first, then the earliest eta), or out of stock. */
  allocate: procedure
    .input(allocateInput)
    .output(lineAllocation)
    .mutation(async ({ ctx, input }) => {
      const outcome = await ctx.bus.handle(
        Allocate({ orderid: input.orderid, sku: input.sku, qty: input.qty }),
      );
      return { orderid: input.orderid, sku: input.sku, qty: input.qty, ...outcome };
    }),

  /** Deallocate: the customer cancelled; the line leaves its batch and is not re-allocated. */
  deallocate: procedure
    .input(deallocateInput)
    .output(lineDeallocated)
    .mutation(async ({ ctx, input }) => {
      return ctx.bus.handle(Deallocate({ orderid: input.orderid, sku: input.sku }));
    }),
};
