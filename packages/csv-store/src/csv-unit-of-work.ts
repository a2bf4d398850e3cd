import {
  type ActivityQuery,
  type ActivityViews,
  type AuditEntry,
  type AuditRecord,
  type DomainEvent,
  type OutOfStock,
  type Page,
  type Product,
  type ProductRepository,
  type ReadModelWriter,
  selectActivity,
  type UnitOfWork,
  type UnitOfWorkFactory,
  type UnitOfWorkOutcome,
} from '@allocation/domain';
import type { CsvStore } from './csv-store.ts';

class CsvProductRepository implements ProductRepository {
  readonly seen = new Set<Product>();
  /** Version of each product when first read here: the optimistic-concurrency check at commit. */
  readonly loadedVersions = new Map<string, number>();

  constructor(private readonly store: CsvStore) {}

  add(product: Product): void {
    this.seen.add(product);
  }

  /** Every line is loaded, whatever the order asked for: the files are read whole anyway. */
  async get(sku: string): Promise<Product | undefined> {
    for (const product of this.seen) if (product.sku === sku) return product;
    const product = this.store.load(sku);
    if (!product) return undefined;
    this.loadedVersions.set(sku, product.versionNumber);
    this.seen.add(product);
    return product;
  }

  async getByBatchRef(reference: string): Promise<Product | undefined> {
    for (const product of this.seen) if (product.batch(reference)) return product;
    const sku = this.store.skuOfBatch(reference);
    return sku === undefined ? undefined : this.get(sku);
  }
}

/**
 * The CSV files are the only tables here: allocations.csv is written from the products themselves,
 * so there are no separate read tables to keep in step. Out-of-stock lines are the one thing the
 * files cannot show, so they are kept for the caller to report.
 */
class CsvReadModelWriter implements ReadModelWriter {
  readonly outOfStockLines: OutOfStock[] = [];
  async batchCreated(): Promise<void> {}
  async batchQuantityChanged(): Promise<void> {}
  async lineAllocated(): Promise<void> {}
  async lineDeallocated(): Promise<void> {}
  async outOfStock(event: OutOfStock): Promise<void> {
    this.outOfStockLines.push(event);
  }
}

export interface CsvUnitOfWorkOptions {
  /**
   * Write the files at every commit (default, the book's CSV unit of work), or leave it to the
   * caller's `store.flush()`, so a run that fails half-way writes nothing.
   */
  readonly writeOnCommit?: boolean;
}

/**
 * Units of work over a CsvStore: writes land only on commit, and a stale write is a conflict. The
 * book's files have no place for an audit trail, so the records of committed units of work are
 * kept here, for the run's caller (and the Activity view's semantics), like the out-of-stock lines.
 */
export class CsvUnitOfWorkFactory implements UnitOfWorkFactory, ActivityViews {
  /** Out-of-stock lines recorded by committed units of work, oldest first. */
  readonly outOfStock: OutOfStock[] = [];
  /** Audit records of committed units of work, oldest first. */
  readonly auditRecords: AuditRecord[] = [];
  readonly #handledMessages = new Set<string>();

  constructor(
    readonly store: CsvStore,
    private readonly options: CsvUnitOfWorkOptions = {},
  ) {}

  async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<UnitOfWorkOutcome<T>> {
    const products = new CsvProductRepository(this.store);
    const readModel = new CsvReadModelWriter();
    let committed = false;
    const accepted = new Set<string>();
    const audited: AuditEntry[] = [];
    const uow: UnitOfWork = {
      products,
      readModel,
      // Nothing redelivers messages to a CSV run: the inbox lives as long as this factory.
      inbox: {
        accept: async (key) => {
          if (this.#handledMessages.has(key) || accepted.has(key)) return false;
          accepted.add(key);
          return true;
        },
      },
      audit: {
        record: async (entry) => {
          audited.push(entry);
        },
      },
      // The book's files have no history: a CSV run reports its allocations and out-of-stock lines only.
      history: { record: async () => {} },
      commit: async () => {
        committed = true;
      },
    };
    const result = await work(uow);
    if (!committed) return { result, events: [] };
    this.store.commit(products.seen, products.loadedVersions);
    for (const key of accepted) this.#handledMessages.add(key);
    const events: DomainEvent[] = [];
    for (const product of products.seen) events.push(...product.events.splice(0));
    this.outOfStock.push(...readModel.outOfStockLines);
    for (const entry of audited)
      this.auditRecords.push({ ...entry, id: String(this.auditRecords.length + 1) });
    if (this.options.writeOnCommit ?? true) await this.store.flush();
    return { result, events };
  }

  async activity(query: ActivityQuery): Promise<Page<AuditRecord>> {
    return selectActivity(this.auditRecords, query);
  }
}
