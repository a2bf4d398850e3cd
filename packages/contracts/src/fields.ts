import {
  hasControlCharacters,
  isCalendarDate,
  MAX_IDENTIFIER_LENGTH as MAX_IDENTIFIER,
  MAX_QUANTITY,
} from '@allocation/domain';
import { z } from 'zod';

// Field rules shared by tRPC inputs, the REST API, Redis messages and the web forms, built on the
// domain's limits. Messages say what is wrong
// without naming the field: forms show them beside it, and the REST layer prefixes the field name.

const identifier = (what: string) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? `${what} is required` : `${what} must be text`),
    })
    .trim()
    .min(1, `${what} is required`)
    .max(MAX_IDENTIFIER, `${what} must be at most ${MAX_IDENTIFIER} characters`)
    .refine((value) => !hasControlCharacters(value), `${what} must not contain control characters`);

export const batchRef = identifier('Batch reference');
export const sku = identifier('SKU');
export const orderId = identifier('Order id');

const wholeNumber = (min: number) =>
  z
    .number({
      error: (issue) => (issue.input === undefined ? 'Quantity is required' : 'Quantity must be a number'),
    })
    .int('Quantity must be a whole number')
    .min(min, `Quantity must be at least ${min}`)
    .max(MAX_QUANTITY, `Quantity must be at most ${MAX_QUANTITY}`);

/** An order line or a new batch holds at least one unit. */
export const quantity = wholeNumber(1);
/** A batch's quantity may be cut to zero (its lines then find other batches). */
export const batchQuantity = wholeNumber(0);

export const calendarDate = z
  .string({ error: 'Date must be text in the form YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Date must be in the form YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, 'Date is not a real calendar date');

/** A batch's eta: a date, or null (or absent) for stock already in the warehouse. */
export const eta = calendarDate.nullish().transform((value) => value ?? null);
