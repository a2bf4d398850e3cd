/**
 * The reply of `POST /api/change_batch_quantity`, as a zod schema (the other replies are in
 * @allocation/contracts): the handler builds replies of this type and the OpenAPI document is
 * generated from the same schema.
 */
import { z } from 'zod';

export const batchQuantityChanged = z.object({
  ref: z.string(),
  qty: z.number().int(),
  reallocations: z
    .array(
      z.object({
        orderid: z.string(),
        sku: z.string(),
        qty: z.number().int(),
        batchref: z.string().nullable().meta({ description: 'Its new batch, or null when out of stock' }),
      }),
    )
    .meta({ description: 'Lines the batch could no longer hold, with where each went' }),
});
export type BatchQuantityChangedBody = z.infer<typeof batchQuantityChanged>;
