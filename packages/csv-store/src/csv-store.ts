import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ALLOCATION_CSV_COLUMNS,
  allocationCsvRow,
  BATCH_CSV_COLUMNS,
  batchCsvRow,
} from '@allocation/contracts';
import {
  Batch,
  type CalendarDate,
  ConcurrencyConflict,
  DuplicateBatchReference,
  type OrderLine,
  Product,
} from '@allocation/domain';
import type { CsvProblem } from './csv-problems.ts';
import { type CsvSource, type CsvTableSpec, readCsvTable } from './read-csv-table.ts';
import { writeCsvFile } from './write-csv-file.ts';

export const BATCHES_FILE = 'batches.csv';
export const ALLOCATIONS_FILE = 'allocations.csv';

interface StoredBatch {
  readonly reference: string;
  readonly sku: string;
  readonly qty: number;
  readonly eta: CalendarDate | null;
}

interface StoredAllocation {
  readonly orderid: string;
  readonly sku: string;
  readonly qty: number;
  readonly batchref: string;
}

const allocationKey = (orderid: string, sku: string) => `${orderid}\u0000${sku}`;

/**
 * The products of a folder of the book's CSV files: `batches.csv` (ref,sku,qty,eta) and
 * `allocations.csv` (orderid,sku,qty,batchref), held in memory and written back by `flush`.
 * The files have no version column, so version numbers count from 0 when the folder is read.
 */
export class CsvStore {
  readonly #batches = new Map<string, StoredBatch>();
  /** In the order the lines were allocated: what allocations.csv lists. */
  readonly #allocations = new Map<string, StoredAllocation>();
  /** Allocation keys per sku, in the same order. */
  readonly #allocationsBySku = new Map<string, Set<string>>();
  readonly #versions = new Map<string, number>();
  #batchesChanged = false;
  #allocationsChanged = false;
  #writing: Promise<void> = Promise.resolve();

  private constructor(readonly folder: string) {}

  /** Reads the folder, or lists every problem of its files (nothing is kept from a bad folder). */
  static async read(folder: string): Promise<{ store: CsvStore } | { problems: CsvProblem[] }> {
    const store = new CsvStore(folder);
    const problems: CsvProblem[] = [];
    const batches = await readFolderTable(folder, {
      file: BATCHES_FILE,
      columns: BATCH_CSV_COLUMNS,
      row: batchCsvRow,
    });
    const allocations = await readFolderTable(folder, {
      file: ALLOCATIONS_FILE,
      columns: ALLOCATION_CSV_COLUMNS,
      row: allocationCsvRow,
      optional: true,
    });
    problems.push(...batches.problems, ...allocations.problems);
    for (const { line, value } of batches.rows) {
      if (store.#batches.has(value.ref)) {
        problems.push(at(BATCHES_FILE, line, 1, 'ref', `batch reference ${value.ref} appears twice`));
        continue;
      }
      store.#batches.set(value.ref, {
        reference: value.ref,
        sku: value.sku,
        qty: value.qty,
        eta: value.eta as CalendarDate | null,
      });
      store.#versions.set(value.sku, 0);
    }
    for (const { line, value } of allocations.rows) {
      const batch = store.#batches.get(value.batchref);
      const key = allocationKey(value.orderid, value.sku);
      if (!batch) problems.push(at(ALLOCATIONS_FILE, line, 4, 'batchref', `unknown batch ${value.batchref}`));
      else if (batch.sku !== value.sku)
        problems.push(
          at(
            ALLOCATIONS_FILE,
            line,
            2,
            'sku',
            `batch ${value.batchref} holds ${batch.sku}, not ${value.sku}`,
          ),
        );
      else if (store.#allocations.has(key))
        problems.push(
          at(ALLOCATIONS_FILE, line, 1, 'orderid', `order ${value.orderid} has ${value.sku} allocated twice`),
        );
      else store.#addAllocation(key, value);
    }
    // As read, nothing to write back; but a folder without allocations.csv gets one at the next flush.
    store.#allocationsChanged = !allocations.found;
    return problems.length > 0 ? { problems } : { store };
  }

  /** A fresh copy of the product of a sku, every line loaded, or undefined. */
  load(sku: string): Product | undefined {
    const version = this.#versions.get(sku);
    if (version === undefined) return undefined;
    const linesByBatch = new Map<string, OrderLine[]>();
    for (const key of this.#allocationsBySku.get(sku) ?? []) {
      const { orderid, qty, batchref } = this.#allocations.get(key) as StoredAllocation;
      const lines = linesByBatch.get(batchref) ?? [];
      lines.push({ orderid, sku, qty });
      linesByBatch.set(batchref, lines);
    }
    const batches = [...this.#batches.values()]
      .filter((batch) => batch.sku === sku)
      .map(
        (batch) =>
          new Batch({
            reference: batch.reference,
            sku,
            purchasedQuantity: batch.qty,
            eta: batch.eta,
            lines: linesByBatch.get(batch.reference) ?? [],
          }),
      );
    return new Product({ sku, versionNumber: version, batches });
  }

  versionOf(sku: string): number | undefined {
    return this.#versions.get(sku);
  }

  skuOfBatch(reference: string): string | undefined {
    return this.#batches.get(reference)?.sku;
  }

  /**
   * Takes in the products a unit of work saw, all or nothing: refused with ConcurrencyConflict if
   * one it changed was committed by another since it was read (`loadedVersions`), with
   * DuplicateBatchReference if one holds a reference another sku has. Synchronous, so no other
   * commit can come between the checks and the writes.
   */
  commit(products: Iterable<Product>, loadedVersions: ReadonlyMap<string, number>): void {
    const seen = [...products];
    for (const product of seen) {
      const loaded = loadedVersions.get(product.sku);
      const current = this.#versions.get(product.sku);
      const written = loaded === undefined || product.versionNumber !== loaded;
      const changedSinceRead = loaded === undefined ? current !== undefined : current !== loaded;
      if (written && changedSinceRead) {
        throw new ConcurrencyConflict(`Product ${product.sku} changed since it was read`);
      }
      for (const batch of product.batches) {
        const holder = this.#batches.get(batch.reference)?.sku;
        if (holder !== undefined && holder !== product.sku)
          throw new DuplicateBatchReference(batch.reference);
      }
    }
    for (const product of seen) {
      if (this.#versions.get(product.sku) === product.versionNumber && loadedVersions.has(product.sku))
        continue;
      this.#save(product);
    }
  }

  /** Writes the files whose content changed since they were read or last written. */
  flush(): Promise<void> {
    this.#writing = this.#writing.then(async () => {
      if (this.#batchesChanged) {
        this.#batchesChanged = false;
        await writeCsvFile(
          join(this.folder, BATCHES_FILE),
          BATCH_CSV_COLUMNS,
          [...this.#batches.values()].map((b) => [b.reference, b.sku, b.qty, b.eta]),
        );
      }
      if (this.#allocationsChanged) {
        this.#allocationsChanged = false;
        await writeCsvFile(
          join(this.folder, ALLOCATIONS_FILE),
          ALLOCATION_CSV_COLUMNS,
          [...this.#allocations.values()].map((a) => [a.orderid, a.sku, a.qty, a.batchref]),
        );
      }
    });
    return this.#writing;
  }

  #save(product: Product): void {
    const { sku } = product;
    this.#versions.set(sku, product.versionNumber);
    const lines = new Map<string, StoredAllocation>();
    for (const batch of product.batches) {
      const stored = this.#batches.get(batch.reference);
      if (stored?.qty !== batch.purchasedQuantity || stored.eta !== batch.eta) {
        this.#batches.set(batch.reference, {
          reference: batch.reference,
          sku,
          qty: batch.purchasedQuantity,
          eta: batch.eta,
        });
        this.#batchesChanged = true;
      }
      for (const line of batch.lines) {
        lines.set(allocationKey(line.orderid, sku), { ...line, sku, batchref: batch.reference });
      }
    }
    // A line that stayed where it was keeps its place in the file; one that moved goes to the end.
    for (const key of [...(this.#allocationsBySku.get(sku) ?? [])]) {
      const stored = this.#allocations.get(key) as StoredAllocation;
      const now = lines.get(key);
      if (now && now.batchref === stored.batchref && now.qty === stored.qty) lines.delete(key);
      else this.#removeAllocation(key, sku);
    }
    for (const [key, line] of lines) this.#addAllocation(key, line);
  }

  #addAllocation(key: string, allocation: StoredAllocation): void {
    this.#allocations.set(key, allocation);
    const keys = this.#allocationsBySku.get(allocation.sku) ?? new Set<string>();
    keys.add(key);
    this.#allocationsBySku.set(allocation.sku, keys);
    this.#allocationsChanged = true;
  }

  #removeAllocation(key: string, sku: string): void {
    this.#allocations.delete(key);
    this.#allocationsBySku.get(sku)?.delete(key);
    this.#allocationsChanged = true;
  }
}

const at = (file: string, line: number, number: number, name: string, message: string): CsvProblem => ({
  file,
  line,
  column: { number, name },
  message,
});

/** A table of the folder; a missing file is a problem unless `optional`, then an empty table. */
export async function readFolderTable<Row>(
  folder: string,
  spec: CsvTableSpec<Row> & { readonly optional?: boolean },
) {
  const path = join(folder, spec.file);
  try {
    await access(path);
  } catch {
    return spec.optional
      ? { found: false, rows: [], problems: [] }
      : { found: false, rows: [], problems: [{ file: spec.file, message: `not found in ${folder}` }] };
  }
  const source: CsvSource = createReadStream(path);
  return { found: true, ...(await readCsvTable(source, spec)) };
}
