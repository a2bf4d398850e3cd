import { z } from 'zod';

// What each query procedure answers (its `.output()`): the views' shapes, with instants as ISO strings
// so that what the client's types say is what it gets.

const page = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });

/** One batch with its stock: purchased, allocated to lines, available. */
export const batchStock = z.object({
  reference: z.string(),
  sku: z.string(),
  purchased: z.number().int(),
  allocated: z.number().int(),
  available: z.number().int(),
  eta: z.string().nullable(),
});
export const stockForSkuResult = z.array(batchStock);
export const batchSearchResult = z.array(batchStock);
export const batchListResult = page(batchStock);

/** An order's allocations, by sku. */
export const orderAllocationsResult = z.array(
  z.object({ sku: z.string(), qty: z.number().int(), batchref: z.string() }),
);

/** Out-of-stock alerts: open, or resolved (when) once the line was allocated after all. */
export const outOfStockAlertsResult = page(
  z.object({
    sku: z.string(),
    orderid: z.string(),
    qty: z.number().int(),
    at: z.iso.datetime(),
    state: z.enum(['open', 'resolved']),
    resolvedAt: z.iso.datetime().nullable(),
  }),
);

/** Every line of an order ever seen, allocated or not, with when it came to its state. Empty: never seen. */
export const orderLinesResult = z.array(
  z.object({
    sku: z.string(),
    qty: z.number().int().nullable(),
    state: z.enum(['allocated', 'out_of_stock', 'cancelled', 'unallocated']),
    batchref: z.string().nullable(),
    at: z.iso.datetime().nullable(),
  }),
);

/** The sku overview: each sku with the totals of its batches and its open alerts. */
export const skuListResult = page(
  z.object({
    sku: z.string(),
    purchased: z.number().int(),
    allocated: z.number().int(),
    available: z.number().int(),
    batches: z.number().int(),
    nextEta: z.string().nullable(),
    openAlerts: z.number().int(),
  }),
);

/** Names (skus or order ids), best match first. */
export const suggestionsResult = z.array(z.string());

/** The emails to the stock team and how each one fared: pending, sent, failing, or recorded (no SMTP). */
export const notificationsResult = page(
  z.object({
    id: z.string(),
    sku: z.string(),
    destination: z.string(),
    message: z.string(),
    state: z.enum(['pending', 'sent', 'failing', 'recorded']),
    createdAt: z.iso.datetime(),
    dueAt: z.iso.datetime(),
    sentAt: z.iso.datetime().nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.iso.datetime().nullable(),
  }),
);

/** A dead letter: the message set aside, why, and where it stands (open, replayed or discarded: when, by whom). */
export const deadLetterSummary = z.object({
  id: z.string(),
  channel: z.string(),
  payload: z.string(),
  error: z.string(),
  receivedAt: z.iso.datetime(),
  /** The message's inbox key (what makes a replay of an already applied message change nothing); null if none. */
  inboxKey: z.string().nullable(),
  state: z.enum(['open', 'replayed', 'discarded']),
  closedAt: z.iso.datetime().nullable(),
  closedBy: z.string().nullable(),
  /** A replay's outcome: `applied`, or `repeated` when the message had already taken effect. */
  outcome: z.string().nullable(),
});

export const deadLettersResult = page(deadLetterSummary);

/** Which dead letter to replay or discard. */
export const deadLetterActionInput = z.object({
  id: z.string().regex(/^[1-9][0-9]{0,17}$/, 'A dead letter id is a positive whole number'),
});

/** One record of the audit trail: who, what, when, under which request, and what came of it. */
export const auditRecord = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  actor: z.object({
    kind: z.enum(['user', 'api-key', 'service']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  requestId: z.string().nullable(),
  command: z.string(),
  fields: z.record(z.string(), z.unknown()),
  outcome: z.enum(['succeeded', 'refused']),
  /** What changed (the batch chosen, the lines moved, the batch created); null when refused. */
  result: z.unknown(),
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  subjects: z.object({
    skus: z.array(z.string()),
    orderids: z.array(z.string()),
    batchrefs: z.array(z.string()),
  }),
});
export const activityResult = page(auditRecord);
