/**
 * The CSV of every list view: its columns (header and cell), and where its rows come from. Adding a
 * list to the downloads is one entry here (and its rows in `ListExports`).
 */
import type {
  ActivityQuery,
  AlertQuery,
  AuditRecord,
  BatchListQuery,
  BatchStock,
  DeadLetter,
  ListExports,
  ListFilter,
  NotificationEmail,
  OutOfStockAlert,
  SkuListQuery,
  SkuSummary,
} from '@allocation/domain';
import type { CellValue } from './spreadsheet-cell.ts';

export interface CsvColumn<T> {
  readonly header: string;
  cell(row: T): CellValue;
}

export interface ListCsv<F, T> {
  readonly columns: readonly CsvColumn<T>[];
  rows(exports: ListExports, filter: F): AsyncIterable<T>;
}

const column = <T>(header: string, cell: (row: T) => CellValue): CsvColumn<T> => ({ header, cell });
const json = (value: unknown): string => (value === undefined || value === null ? '' : JSON.stringify(value));

const batches: ListCsv<ListFilter<BatchListQuery>, BatchStock> = {
  columns: [
    column('reference', (b) => b.reference),
    column('sku', (b) => b.sku),
    column('purchased', (b) => b.purchased),
    column('allocated', (b) => b.allocated),
    column('available', (b) => b.available),
    // Empty: in the warehouse (the import's convention).
    column('eta', (b) => b.eta),
  ],
  rows: (exports, filter) => exports.batches(filter),
};

const skus: ListCsv<ListFilter<SkuListQuery>, SkuSummary> = {
  columns: [
    column('sku', (s) => s.sku),
    column('purchased', (s) => s.purchased),
    column('allocated', (s) => s.allocated),
    column('available', (s) => s.available),
    column('batches', (s) => s.batches),
    // Empty: every batch of the sku is in the warehouse, nothing on its way.
    column('next_eta', (s) => s.nextEta),
    column('open_alerts', (s) => s.openAlerts),
  ],
  rows: (exports, filter) => exports.skus(filter),
};

const alerts: ListCsv<ListFilter<AlertQuery>, OutOfStockAlert> = {
  columns: [
    column('at', (a) => a.at),
    column('sku', (a) => a.sku),
    column('orderid', (a) => a.orderid),
    column('qty', (a) => a.qty),
    column('state', (a) => a.state),
    column('resolved_at', (a) => a.resolvedAt),
  ],
  rows: (exports, filter) => exports.outOfStockAlerts(filter),
};

const notifications: ListCsv<Record<string, never>, NotificationEmail> = {
  columns: [
    column('created_at', (n) => n.createdAt),
    column('sku', (n) => n.sku),
    column('destination', (n) => n.destination),
    column('state', (n) => n.state),
    column('due_at', (n) => n.dueAt),
    column('sent_at', (n) => n.sentAt),
    column('attempts', (n) => n.attempts),
    column('last_error', (n) => n.lastError),
    column('next_attempt_at', (n) => n.nextAttemptAt),
    column('message', (n) => n.message),
  ],
  rows: (exports) => exports.notifications(),
};

const deadLetters: ListCsv<Record<string, never>, DeadLetter> = {
  columns: [
    column('received_at', (d) => d.receivedAt),
    column('channel', (d) => d.channel),
    column('state', (d) => d.state),
    column('error', (d) => d.error),
    column('payload', (d) => d.payload),
    column('inbox_key', (d) => d.inboxKey),
    column('closed_at', (d) => d.closedAt),
    column('closed_by', (d) => d.closedBy),
    column('outcome', (d) => d.outcome),
  ],
  rows: (exports) => exports.deadLetters(),
};

const activity: ListCsv<ListFilter<ActivityQuery>, AuditRecord> = {
  columns: [
    column('at', (r) => r.at),
    column('actor_kind', (r) => r.actor.kind),
    column('actor', (r) => r.actor.name),
    column('command', (r) => r.command),
    column('outcome', (r) => r.outcome),
    column('reason_code', (r) => r.reason?.code),
    column('reason', (r) => r.reason?.message),
    column('fields', (r) => json(r.fields)),
    column('result', (r) => json(r.result)),
    column('skus', (r) => r.subjects.skus.join(' ')),
    column('orders', (r) => r.subjects.orderids.join(' ')),
    column('batches', (r) => r.subjects.batchrefs.join(' ')),
    column('request_id', (r) => r.requestId),
  ],
  rows: (exports, filter) => exports.activity(filter),
};

/** Keyed by the name a download's URL and file carry (`/api/export/<name>`, `<name>-<date>.csv`). */
export const LIST_CSV = {
  batches,
  skus,
  alerts,
  notifications,
  'dead-letters': deadLetters,
  activity,
} as const;

export type ExportedList = keyof typeof LIST_CSV;
export type FilterOf<L extends ExportedList> =
  (typeof LIST_CSV)[L] extends ListCsv<infer F, unknown> ? F : never;
