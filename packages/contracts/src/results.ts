import { z } from 'zod';

// The results of commands, as the entry points hand them out (tRPC declares them as outputs).

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
  moved: z.array(movedLine).readonly().meta({ description: 'Every line the batch could no longer hold' }),
});
