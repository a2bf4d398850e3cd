import {
  BATCH_SORT_FIELDS,
  COMMAND_TYPES,
  hasControlCharacters,
  MAX_IDENTIFIER_LENGTH,
  SKU_SORT_FIELDS,
} from '@allocation/domain';
import { z } from 'zod';
import { batchRef, calendarDate, orderId, sku } from './fields.ts';

export const MAX_PAGE_SIZE = 100;
/** Bounds the offset a page asks the database to skip (at most a million rows). */
export const MAX_PAGE = 10_000;

const pageFields = {
  page: z
    .number()
    .int('Page must be a whole number')
    .min(1, 'Page must be at least 1')
    .max(MAX_PAGE, `Page must be at most ${MAX_PAGE}`)
    .default(1),
  pageSize: z
    .number()
    .int('Page size must be a whole number')
    .min(1, 'Page size must be at least 1')
    .max(MAX_PAGE_SIZE, `Page size must be at most ${MAX_PAGE_SIZE}`)
    .default(20),
};

export const pageInput = z.object(pageFields);

/** The few batches whose reference or sku contains what is typed (a batch field's suggestions). */
export const BATCH_SEARCH_LIMIT = 10;
export const batchSearchInput = z.object({
  text: z
    .string('Search text must be text')
    .trim()
    .min(1, 'Search text is required')
    .max(MAX_IDENTIFIER_LENGTH, `Search text must be at most ${MAX_IDENTIFIER_LENGTH} characters`)
    .refine((value) => !hasControlCharacters(value), 'Search text must not contain control characters'),
});

export const allocationsForOrderInput = z.object({ orderid: orderId });
export const stockForSkuInput = z.object({ sku });

export const batchListInput = z
  .object({
    /** Part of a sku: may be blank (no filter), otherwise held to the rules of the sku itself. */
    sku: z
      .string('SKU filter must be text')
      .trim()
      .max(MAX_IDENTIFIER_LENGTH, `SKU filter must be at most ${MAX_IDENTIFIER_LENGTH} characters`)
      .refine((value) => !hasControlCharacters(value), 'SKU filter must not contain control characters')
      .optional(),
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

export const ALERT_STATES = ['open', 'resolved'] as const;

export const alertsInput = z.object({
  sku: sku.optional(),
  state: z.enum(ALERT_STATES, { error: 'State must be open or resolved' }).optional(),
  ...pageFields,
});

/** Text searched for inside names (a sku, an order id): may be blank; bounded; no control characters. */
const searchText = (subject: string) =>
  z
    .string(`${subject} must be text`)
    .max(MAX_IDENTIFIER_LENGTH, `${subject} must be at most ${MAX_IDENTIFIER_LENGTH} characters`)
    .refine((value) => !hasControlCharacters(value), `${subject} must not contain control characters`);

/** The sku overview's sort columns. */
export const SKU_LIST_SORTS = SKU_SORT_FIELDS;
export type SkuListSort = (typeof SKU_LIST_SORTS)[number];

/** The sku overview: part of a sku to search for, sort and page. */
export const skuListInput = z.object({
  search: searchText('Search').trim().optional(),
  sort: z.enum(SKU_SORT_FIELDS).default('sku'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  ...pageFields,
});
export type SkuListInput = z.input<typeof skuListInput>;

/** Suggestions (or close matches) of skus or order ids for what has been typed so far. */
export const suggestInput = z.object({
  kind: z.enum(['sku', 'order'], { error: 'Kind must be sku or order' }),
  text: searchText('Text'),
});
export type SuggestInput = z.input<typeof suggestInput>;

/** An instant of a time range, as the web sends it: ISO 8601 with a zone (`2026-12-01T09:00:00.000Z`). */
export const instant = (subject: string) =>
  z.iso.datetime({ offset: true, error: `${subject} must be a date and time (ISO 8601, with a zone)` });

/** The Activity view's filters but its time range: what a form checks field by field. */
export const activityFilter = z.object({
  /** Part of the actor's name (a person, an API key, a service such as `redis:change_batch_quantity`). */
  actor: z
    .string('Actor filter must be text')
    .trim()
    .max(MAX_IDENTIFIER_LENGTH, `Actor filter must be at most ${MAX_IDENTIFIER_LENGTH} characters`)
    .refine((value) => !hasControlCharacters(value), 'Actor filter must not contain control characters')
    .optional(),
  command: z.enum(COMMAND_TYPES, { error: `Command must be one of ${COMMAND_TYPES.join(', ')}` }).optional(),
  sku: sku.optional(),
  orderid: orderId.optional(),
  batchref: batchRef.optional(),
});

export const TIME_RANGE_ORDER = 'The end of the time range must not be before its start';

export const activityInput = activityFilter
  .extend({ from: instant('From').optional(), to: instant('To').optional(), ...pageFields })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: TIME_RANGE_ORDER,
    path: ['to'],
  });
export type ActivityInput = z.input<typeof activityInput>;
