/**
 * The replies of `POST /api/change_batch_quantity` and `GET /api/health`, as zod schemas (the other
 * replies are in @allocation/contracts): the handlers build replies of these types and the OpenAPI
 * document is generated from the same schemas.
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

export const healthStatus = z.object({ status: z.literal('ok') });
export type HealthStatusBody = z.infer<typeof healthStatus>;
