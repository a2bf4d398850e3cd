import { BATCH_SORT_FIELDS } from '@allocation/domain';
import { z } from 'zod';
import { calendarDate, orderId, sku } from './fields.ts';

export const MAX_PAGE_SIZE = 100;

const pageFields = {
  page: z.number().int('Page must be a whole number').min(1, 'Page must be at least 1').default(1),
  pageSize: z
    .number()
    .int('Page size must be a whole number')
    .min(1, 'Page size must be at least 1')
    .max(MAX_PAGE_SIZE, `Page size must be at most ${MAX_PAGE_SIZE}`)
    .default(20),
};

export const pageInput = z.object(pageFields);

export const allocationsForOrderInput = z.object({ orderid: orderId });
export const stockForSkuInput = z.object({ sku });

export const batchListInput = z
  .object({
    sku: z.string().trim().max(255).optional(),
    etaFrom: calendarDate.optional(),
    etaTo: calendarDate.optional(),
    hasStock: z.boolean().optional(),
    sort: z.enum(BATCH_SORT_FIELDS).default('eta'),
    direction: z.enum(['asc', 'desc']).default('asc'),
    ...pageFields,
  })
  .refine((q) => !q.etaFrom || !q.etaTo || q.etaFrom <= q.etaTo, {
    message: 'The end of the eta range must not be before its start',
    path: ['etaTo'],
  });
export type BatchListInput = z.input<typeof batchListInput>;

export const alertsInput = z.object({ sku: sku.optional(), ...pageFields });
