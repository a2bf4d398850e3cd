import { z } from 'zod';

// What each command answers over tRPC (its procedure's `.output()`) and, where the book's shape is the
// same, over REST.

const line = { orderid: z.string(), sku: z.string(), qty: z.number().int() };

/** A batch as stored: what CreateBatch answers over tRPC and REST (`POST /api/add_batch`, 201). */
export const batchCreated = z.object({
  ref: z.string(),
  sku: z.string(),
  qty: z.number().int(),
  eta: z.string().nullable().meta({ description: 'YYYY-MM-DD, or null for warehouse stock' }),
});
export type BatchCreated = z.infer<typeof batchCreated>;

/** Allocate over tRPC: the line, and the batch chosen or out of stock. */
export const lineAllocation = z.discriminatedUnion('status', [
  z.object({
    ...line,
    status: z.literal('allocated'),
    batchref: z.string(),
    /** The same line was allocated before; nothing changed. */
    alreadyAllocated: z.boolean(),
  }),
  z.object({ ...line, status: z.literal('out_of_stock') }),
]);
export type LineAllocation = z.infer<typeof lineAllocation>;

/** The line that left its batch: what Deallocate answers over tRPC and REST (`POST /api/deallocate`, 200). */
export const lineDeallocated = z
  .object({ ...line, batchref: z.string() })
  .meta({ description: 'The line that left its batch; it is not re-allocated' });
export type LineDeallocated = z.infer<typeof lineDeallocated>;

export const movedLine = z
  .object({
    orderid: z.string(),
    sku: z.string(),
    qty: z.number().int(),
    from: z.string().meta({ description: 'The batch the quantity change pushed the line out of' }),
    to: z.string().nullable().meta({ description: 'The batch it moved to, or null when none had stock' }),
  })
  .meta({ description: 'A line a quantity change pushed out of its batch, and where it went' });

export const batchQuantityChange = z.object({
  ref: z.string(),
  qty: z.number().int(),
  before: z
    .number()
    .int()
    .nullable()
    .meta({ description: 'What the batch held before; null for a repeated message, which changed nothing' }),
  moved: z.array(movedLine).readonly().meta({ description: 'Every line the batch could no longer hold' }),
});

const pushedOut = { orderid: z.string(), sku: z.string(), qty: z.number().int(), from: z.string() };

/** A quantity change before it happens (a dry run of ChangeBatchQuantity): nothing of it was applied. */
export const batchQuantityImpact = z.object({
  ref: z.string(),
  before: z.number().int(),
  after: z.number().int(),
  moves: z
    .array(z.object({ ...pushedOut, to: z.string() }))
    .readonly()
    .meta({ description: 'Lines that would move to another batch' }),
  outOfStock: z
    .array(z.object(pushedOut))
    .readonly()
    .meta({ description: 'Lines that would leave the batch with no batch to take them' }),
});
export type BatchQuantityImpactResult = z.infer<typeof batchQuantityImpact>;
