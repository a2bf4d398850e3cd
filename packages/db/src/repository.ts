/**
 * The Product repository on PostgreSQL, and the only place rows and domain objects meet.
 * Loading is partial, so allocating costs the same however long the history: every batch of the
 * product with its allocated total (a column kept in step), and only the lines a command needs.
 */
import {
  Batch,
  type CalendarDate,
  type DomainEvent,
  type OrderLine,
  orderLine,
  Product,
  type ProductRepository,
} from '@allocation/domain';
import type { SqlSession } from './sql.ts';

interface LoadedBatch {
  readonly purchased: number;
  readonly allocated: number;
  /** orderid -> qty of the lines loaded with the batch. */
  readonly lines: ReadonlyMap<string, number>;
}

/** What the product looked like when loaded: the diff at commit is taken against it. */
interface LoadedProduct {
  readonly versionNumber: number;
  readonly batches: ReadonlyMap<string, LoadedBatch>;
  /** Orders whose line (if any) was loaded with the product. */
  readonly orders: Set<string>;
  /** Batches loaded with every line. */
  readonly fullBatches: ReadonlySet<string>;
}

interface ProductRow {
  sku: string;
  version_number: number;
  batch_id: number | null;
  reference: string | null;
  purchased: number | null;
  allocated: number | null;
  eta: string | null;
  orderid: string | null;
  qty: number | null;
}

const PRODUCT_WITH_ORDER = `
SELECT p.sku, p.version_number, b.id AS batch_id, b.reference, b.purchased_quantity AS purchased,
       b.allocated_quantity AS allocated, to_char(b.eta, 'YYYY-MM-DD') AS eta, a.orderid, a.qty
FROM products p
LEFT JOIN batches b ON b.sku = p.sku
LEFT JOIN allocations a ON a.orderid = $2::varchar AND a.sku = p.sku AND a.batch_id = b.id
WHERE p.sku = $1::varchar
ORDER BY b.id`;

const PRODUCT_OF_BATCH = `
SELECT p.sku, p.version_number, b.id AS batch_id, b.reference, b.purchased_quantity AS purchased,
       b.allocated_quantity AS allocated, to_char(b.eta, 'YYYY-MM-DD') AS eta, a.orderid, a.qty
FROM batches t
JOIN products p ON p.sku = t.sku
JOIN batches b ON b.sku = p.sku
LEFT JOIN allocations a ON b.id = t.id AND a.batch_id = b.id
WHERE t.reference = $1::varchar
ORDER BY b.id, a.id`;

const LINE_OF_ORDER = `SELECT 1 AS found FROM allocations WHERE orderid = $1::varchar AND sku = $2::varchar`;

export class SqlProductRepository implements ProductRepository {
  readonly #seen = new Set<Product>();
  readonly #loaded = new Map<Product, LoadedProduct>();

  /**
   * @param beforeLoad awaited before a product is loaded while no transaction has begun: the unit of
   *   work may queue writers of a hot product there (see SqlUnitOfWorkFactory).
   */
  constructor(
    private readonly session: SqlSession,
    private readonly beforeLoad: (sku: string) => Promise<void> = async () => {},
  ) {}

  get seen(): ReadonlySet<Product> {
    return this.#seen;
  }

  add(product: Product): void {
    this.#seen.add(product);
  }

  async get(sku: string, options: { readonly orderid?: string } = {}): Promise<Product | undefined> {
    const orderid = options.orderid ?? null;
    const cached = this.#cached((product) => product.sku === sku);
    if (cached) {
      await this.#ensureOrderLoaded(cached, orderid);
      return cached;
    }
    if (!this.session.started) await this.beforeLoad(sku);
    const rows = await this.session.query<ProductRow>(
      PRODUCT_WITH_ORDER,
      [sku, orderid],
      'product_with_order',
    );
    return this.#hydrate(rows, orderid, null);
  }

  async getByBatchRef(reference: string): Promise<Product | undefined> {
    const cached = this.#cached((product) => product.batch(reference) !== undefined);
    if (cached) {
      const batch = cached.batch(reference) as Batch;
      const loadedLines = batch.lines.reduce((sum, line) => sum + line.qty, 0);
      if (!this.#loaded.get(cached)?.fullBatches.has(reference) && loadedLines !== batch.allocatedQuantity) {
        throw new Error(
          `Product ${cached.sku} was loaded in this unit of work without the lines of batch ${reference}; load it by that batch first`,
        );
      }
      return cached;
    }
    const rows = await this.session.query<ProductRow>(PRODUCT_OF_BATCH, [reference], 'product_of_batch');
    return this.#hydrate(rows, null, reference);
  }

  /** Events recorded by the products of this unit of work, in the order they were seen. */
  pendingEvents(): DomainEvent[] {
    return [...this.#seen].flatMap((product) => product.events);
  }

  /** The rows to write for everything the products changed since they were loaded. */
  changes(): ProductChanges {
    const changes = new ProductChanges();
    for (const product of this.#seen) changes.add(product, this.#loaded.get(product));
    return changes;
  }

  #cached(match: (product: Product) => boolean): Product | undefined {
    for (const product of this.#seen) if (match(product)) return product;
    return undefined;
  }

  /** A product already in this unit of work, asked for again with another order's line. */
  async #ensureOrderLoaded(product: Product, orderid: string | null): Promise<void> {
    const loaded = this.#loaded.get(product);
    if (orderid === null || !loaded || loaded.orders.has(orderid)) return;
    const rows = await this.session.query<{ found: number }>(LINE_OF_ORDER, [orderid, product.sku]);
    if (rows.length > 0 && !product.batches.some((batch) => batch.lineOf(orderid))) {
      throw new Error(
        `Product ${product.sku} was loaded in this unit of work without the line of order ${orderid}; load it with that order first`,
      );
    }
    loaded.orders.add(orderid);
  }

  #hydrate(
    rows: readonly ProductRow[],
    orderid: string | null,
    fullBatch: string | null,
  ): Product | undefined {
    const first = rows[0];
    if (!first) return undefined;
    const batchRows = new Map<number, { row: ProductRow; lines: OrderLine[] }>();
    for (const row of rows) {
      if (row.batch_id === null) continue;
      let entry = batchRows.get(row.batch_id);
      if (!entry) {
        entry = { row, lines: [] };
        batchRows.set(row.batch_id, entry);
      }
      if (row.orderid !== null && row.qty !== null)
        entry.lines.push(orderLine(row.orderid, first.sku, row.qty));
    }
    const loadedBatches = new Map<string, LoadedBatch>();
    const batches = [...batchRows.values()].map(({ row, lines }) => {
      const reference = row.reference as string;
      const purchased = row.purchased as number;
      const allocated = row.allocated as number;
      loadedBatches.set(reference, {
        purchased,
        allocated,
        lines: new Map(lines.map((line) => [line.orderid, line.qty])),
      });
      return new Batch({
        reference,
        sku: first.sku,
        purchasedQuantity: purchased,
        eta: row.eta as CalendarDate | null,
        lines,
        allocatedQuantity: allocated,
      });
    });
    const product = new Product({ sku: first.sku, versionNumber: first.version_number, batches });
    this.#seen.add(product);
    this.#loaded.set(product, {
      versionNumber: first.version_number,
      batches: loadedBatches,
      orders: new Set(orderid === null ? [] : [orderid]),
      fullBatches: new Set(fullBatch === null ? [] : [fullBatch]),
    });
    return product;
  }
}

/** Column arrays for one set-based write statement (see unit-of-work.ts). */
export class ProductChanges {
  readonly newProducts = { sku: [] as string[], version: [] as number[] };
  readonly versionBumps = { sku: [] as string[], from: [] as number[], to: [] as number[] };
  readonly newBatches = {
    reference: [] as string[],
    sku: [] as string[],
    purchased: [] as number[],
    allocated: [] as number[],
    eta: [] as (string | null)[],
  };
  readonly changedBatches = {
    reference: [] as string[],
    purchased: [] as number[],
    allocated: [] as number[],
  };
  readonly removedLines = { orderid: [] as string[], sku: [] as string[] };
  readonly addedLines = {
    batchref: [] as string[],
    orderid: [] as string[],
    sku: [] as string[],
    qty: [] as number[],
  };

  get isEmpty(): boolean {
    return this.newProducts.sku.length === 0 && this.versionBumps.sku.length === 0;
  }

  /** A line removed and added again in one unit of work must be deleted before it is inserted. */
  get removesWhatItAdds(): boolean {
    const removed = new Set(this.removedLines.orderid.map((o, i) => `${o}\u0000${this.removedLines.sku[i]}`));
    return this.addedLines.orderid.some((o, i) => removed.has(`${o}\u0000${this.addedLines.sku[i]}`));
  }

  add(product: Product, loaded: LoadedProduct | undefined): void {
    if (loaded && product.versionNumber === loaded.versionNumber) return; // every change bumps the version
    if (loaded) {
      this.versionBumps.sku.push(product.sku);
      this.versionBumps.from.push(loaded.versionNumber);
      this.versionBumps.to.push(product.versionNumber);
    } else {
      this.newProducts.sku.push(product.sku);
      this.newProducts.version.push(product.versionNumber);
    }
    for (const batch of product.batches) {
      const before = loaded?.batches.get(batch.reference);
      if (!before) {
        this.newBatches.reference.push(batch.reference);
        this.newBatches.sku.push(product.sku);
        this.newBatches.purchased.push(batch.purchasedQuantity);
        this.newBatches.allocated.push(batch.allocatedQuantity);
        this.newBatches.eta.push(batch.eta);
      } else if (
        before.purchased !== batch.purchasedQuantity ||
        before.allocated !== batch.allocatedQuantity
      ) {
        this.changedBatches.reference.push(batch.reference);
        this.changedBatches.purchased.push(batch.purchasedQuantity);
        this.changedBatches.allocated.push(batch.allocatedQuantity);
      }
      const current = new Map(batch.lines.map((line) => [line.orderid, line]));
      for (const orderid of before?.lines.keys() ?? []) {
        if (!current.has(orderid)) {
          this.removedLines.orderid.push(orderid);
          this.removedLines.sku.push(product.sku);
        }
      }
      for (const line of current.values()) {
        if (before?.lines.has(line.orderid)) continue;
        this.addedLines.batchref.push(batch.reference);
        this.addedLines.orderid.push(line.orderid);
        this.addedLines.sku.push(line.sku);
        this.addedLines.qty.push(line.qty);
      }
    }
  }
}
