import {
  BATCH_CSV_COLUMNS,
  type BatchCsvRow,
  batchCsvRow,
  ORDER_CSV_COLUMNS,
  type OrderCsvRow,
  orderCsvRow,
} from '@allocation/contracts';
import type { CsvProblem, CsvRow } from '@allocation/csv-store';

/** What a CSV import can bring in: a supplier's batch list, or a day's order lines to allocate. */
export const IMPORT_KINDS = ['batches', 'orders'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const IMPORT_FILES = {
  batches: { columns: BATCH_CSV_COLUMNS, row: batchCsvRow },
  orders: { columns: ORDER_CSV_COLUMNS, row: orderCsvRow },
} as const;

/** A batch row, and whether a batch with exactly these values exists already. */
export interface PlannedBatchRow extends CsvRow<BatchCsvRow> {
  readonly exists: boolean;
}

/** A file read and checked: applying it is allowed only when `problems` is empty. */
export type CheckedImport = { readonly file: string; readonly problems: readonly CsvProblem[] } & (
  | { readonly kind: 'batches'; readonly rows: readonly PlannedBatchRow[] }
  | { readonly kind: 'orders'; readonly rows: readonly CsvRow<OrderCsvRow>[] }
);

/** What happened to one row. */
export type RowOutcome =
  /** A new batch. */
  | { readonly status: 'created' }
  /** The batch exists with these values already. */
  | { readonly status: 'unchanged' }
  | { readonly status: 'allocated'; readonly batchref: string }
  /** The line was allocated before (an earlier import, another caller): nothing changed. */
  | { readonly status: 'already_allocated'; readonly batchref: string }
  | { readonly status: 'out_of_stock' }
  /** Refused by the service although the checks passed: something changed in between. */
  | { readonly status: 'failed'; readonly message: string };

export type RowStatus = RowOutcome['status'];

export interface RowResult {
  readonly line: number;
  /** The row's identity: the batch reference, or "orderid sku". */
  readonly key: string;
  readonly outcome: RowOutcome;
}

export interface ImportReport {
  readonly kind: ImportKind;
  readonly file: string;
  /** In file order. */
  readonly results: readonly RowResult[];
  readonly counts: Readonly<Record<RowStatus, number>>;
  /** False when the import changed nothing: every row was already there (or is still out of stock). */
  readonly changed: boolean;
}
