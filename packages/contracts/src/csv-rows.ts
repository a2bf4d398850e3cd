import { z } from 'zod';
import { batchRef, eta, orderId, quantity, sku } from './fields.ts';

// The rows of the CSV files operators import and the book's CSV entry point reads. Every value
// arrives as text; each schema turns it into the value the command takes, with the fields' rules.

export const BATCH_CSV_COLUMNS = ['ref', 'sku', 'qty', 'eta'] as const;
export const ORDER_CSV_COLUMNS = ['orderid', 'sku', 'qty'] as const;
export const ALLOCATION_CSV_COLUMNS = ['orderid', 'sku', 'qty', 'batchref'] as const;

/** A whole number written as digits; the number itself is then checked by `number`. */
const quantityText = (number: z.ZodNumber) =>
  z
    .string()
    .trim()
    .min(1, { message: 'Quantity is required', abort: true })
    .regex(/^[+-]?\d+$/, 'Quantity must be a whole number')
    .transform(Number)
    .pipe(number);

/** Empty means no eta: the stock is already in the warehouse. */
const etaText = z
  .string()
  .trim()
  .transform((value): string | null | undefined => (value === '' ? null : value))
  .pipe(eta);

export const batchCsvRow = z.object({ ref: batchRef, sku, qty: quantityText(quantity), eta: etaText });
export type BatchCsvRow = z.output<typeof batchCsvRow>;

export const orderCsvRow = z.object({ orderid: orderId, sku, qty: quantityText(quantity) });
export type OrderCsvRow = z.output<typeof orderCsvRow>;

export const allocationCsvRow = z.object({
  orderid: orderId,
  sku,
  qty: quantityText(quantity),
  batchref: batchRef,
});
export type AllocationCsvRow = z.output<typeof allocationCsvRow>;
