/**
 * The shapes the REST API answers with, as zod schemas: the handlers build replies of these types
 * and the OpenAPI document is generated from the same schemas.
 */
import { z } from 'zod';

export const errorBody = z.object({
  message: z.string().meta({ description: 'What went wrong, naming the field or rule' }),
  errors: z
    .array(z.object({ field: z.string(), message: z.string() }))
    .optional()
    .meta({ description: 'For invalid input: each problem with the field it concerns' }),
  requestId: z
    .string()
    .optional()
    .meta({ description: 'For server errors: the id the error is logged under' }),
});
export type ErrorBody = z.infer<typeof errorBody>;

export const batchCreated = z.object({
  ref: z.string(),
  sku: z.string(),
  qty: z.number().int(),
  eta: z.string().nullable().meta({ description: 'YYYY-MM-DD, or null for warehouse stock' }),
});
export type BatchCreatedBody = z.infer<typeof batchCreated>;

export const allocationResult = z.discriminatedUnion('status', [
  z.object({
    status: z.enum(['allocated', 'already_allocated']).meta({
      description:
        'allocated: just now; already_allocated: the same line was allocated before (nothing changed)',
    }),
    batchref: z.string().meta({ description: 'The batch the line is allocated to' }),
  }),
  z.object({
    status: z.literal('out_of_stock'),
    batchref: z.null(),
    message: z.string(),
  }),
]);
export type AllocationResult = z.infer<typeof allocationResult>;

export const orderAllocations = z.array(z.object({ sku: z.string(), batchref: z.string() }));
export type OrderAllocationsBody = z.infer<typeof orderAllocations>;

export const lineDeallocated = z
  .object({ orderid: z.string(), sku: z.string(), qty: z.number().int(), batchref: z.string() })
  .meta({ description: 'The line that left its batch; it is not re-allocated' });
export type LineDeallocatedBody = z.infer<typeof lineDeallocated>;

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
