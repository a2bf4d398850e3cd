import {
  hasControlCharacters,
  isCalendarDate,
  MAX_IDENTIFIER_LENGTH as MAX_IDENTIFIER,
  MAX_QUANTITY,
} from '@allocation/domain';
import { z } from 'zod';

// Field rules shared by tRPC inputs, the REST API, Redis messages and the web forms, built on the
// domain's limits. Each rule is written once; only its wording varies by where it is read. Forms and
// REST say "Quantity must be …" (the REST layer prefixes the field name); a Redis dead letter names
// the message's own key and so says "must be …" after it.

/** How a rule's failures are worded: a subject ("Quantity"), or none when the key is named before. */
export interface Wording {
  readonly subject?: string;
  /** What a blank identifier is called; forms say "is required". */
  readonly blank?: string;
  /** What a value of the wrong type is called; forms say "must be text". */
  readonly notText?: string;
}

const say = (subject: string | undefined, predicate: string) =>
  subject ? `${subject} ${predicate}` : predicate;

/** A name (reference, sku, order id): trimmed, not blank, bounded, no control characters. */
export const identifierRule = ({ subject, blank = 'is required', notText = 'must be text' }: Wording) =>
  z
    .string({
      error: (issue) => say(subject, issue.input === undefined ? 'is required' : notText),
    })
    .trim()
    .min(1, say(subject, blank))
    .max(MAX_IDENTIFIER, say(subject, `must be at most ${MAX_IDENTIFIER} characters`))
    .refine((value) => !hasControlCharacters(value), say(subject, 'must not contain control characters'));

const identifier = (subject: string) => identifierRule({ subject });

export const batchRef = identifier('Batch reference');
export const sku = identifier('SKU');
export const orderId = identifier('Order id');

/** A whole number of units from `min` to the most the domain stores. */
export const wholeNumberRule = (min: 0 | 1, { subject }: Pick<Wording, 'subject'>) =>
  z
    .number({
      error: (issue) => say(subject, issue.input === undefined ? 'is required' : 'must be a number'),
    })
    .int(say(subject, 'must be a whole number'))
    .min(min, say(subject, `must be at least ${min}`))
    .max(MAX_QUANTITY, say(subject, `must be at most ${MAX_QUANTITY}`));

/** An order line or a new batch holds at least one unit. */
export const quantity = wholeNumberRule(1, { subject: 'Quantity' });
/** A batch's quantity may be cut to zero (its lines then find other batches). */
export const batchQuantity = wholeNumberRule(0, { subject: 'Quantity' });

/** What a quantity field accepts, in words: "whole number from 1 to 2,147,483,647". */
export const quantityRange = (min: 0 | 1) =>
  `whole number from ${min} to ${MAX_QUANTITY.toLocaleString('en-US')}`;

/**
 * A quantity as a form's text field holds it: the text stays exactly as typed, and it is read as a
 * whole number only if it is one (digits only, in range). `2.5`, `1e3`, `-3` or `1,000` are refused
 * with the range named, never rewritten into another number.
 */
export const formQuantityRule = (min: 0 | 1, { subject }: Pick<Wording, 'subject'>) => {
  const range = say(subject, `must be a ${quantityRange(min)}`);
  return z
    .string({ error: say(subject, 'is required') })
    .trim()
    .min(1, say(subject, 'is required'))
    .regex(/^\d+$/, { message: range, abort: true })
    .refine((text) => text.replace(/^0+(?=\d)/, '').length <= String(MAX_QUANTITY).length, range)
    .transform(Number)
    .refine((value) => value >= min && value <= MAX_QUANTITY, range);
};

/** An order line's or a new batch's quantity as typed in a form. */
export const formQuantity = formQuantityRule(1, { subject: 'Quantity' });
/** A batch's new quantity as typed in a form (0 empties the batch). */
export const formBatchQuantity = formQuantityRule(0, { subject: 'Quantity' });

export const calendarDate = z
  .string({ error: 'Date must be text in the form YYYY-MM-DD' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Date must be in the form YYYY-MM-DD', abort: true })
  .refine(isCalendarDate, 'Date is not a real calendar date');

/** A batch's eta: a date, or null (or absent) for stock already in the warehouse. */
export const eta = calendarDate.nullish().transform((value) => value ?? null);
