import { z } from 'zod';

// The REST API's own reply shapes (the book's wire format), where they differ from the tRPC results.
// The OpenAPI document is generated from these.

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

/** `POST /api/allocate`, 202. */
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

/** `GET /api/allocations/<orderid>`, 200. */
export const orderAllocations = z.array(z.object({ sku: z.string(), batchref: z.string() }));
export type OrderAllocationsBody = z.infer<typeof orderAllocations>;
