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
import {
  type LoadedBatch,
  type LoadedProduct,
  type ProductChanges,
  productChanges,
} from './product-changes.ts';
import { LINE_OF_ORDER, PRODUCT_OF_BATCH, PRODUCT_WITH_ORDER, type ProductRow } from './product-sql.ts';
import type { SqlSession } from './transactions.ts';

export class SqlProductRepository implements ProductRepository {
  readonly #seen = new Set<Product>();
  readonly #loaded = new Map<Product, LoadedProduct>();

  /**
   * @param beforeLoad awaited before a product is loaded while no transaction has begun: the unit of
   *   work may queue writers of a hot product there (see HotProductQueue).
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
      PRODUCT_WITH_ORDER.text,
      PRODUCT_WITH_ORDER.values({ sku, orderid }),
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
    const rows = await this.session.query<ProductRow>(
      PRODUCT_OF_BATCH.text,
      PRODUCT_OF_BATCH.values({ reference }),
      'product_of_batch',
    );
    return this.#hydrate(rows, null, reference);
  }

  /** Events recorded by the products of this unit of work, in the order they were seen. */
  pendingEvents(): DomainEvent[] {
    return [...this.#seen].flatMap((product) => product.events);
  }

  /** The rows to write for everything the products changed since they were loaded. */
  changes(): ProductChanges {
    return productChanges(this.#seen, (product) => this.#loaded.get(product));
  }

  #cached(match: (product: Product) => boolean): Product | undefined {
    for (const product of this.#seen) if (match(product)) return product;
    return undefined;
  }

  /** A product already in this unit of work, asked for again with another order's line. */
  async #ensureOrderLoaded(product: Product, orderid: string | null): Promise<void> {
    const loaded = this.#loaded.get(product);
    if (orderid === null || !loaded || loaded.orders.has(orderid)) return;
    // Loaded with a whole batch that held the line: it is known, even if it has left that batch since
    // (a dry run re-allocates pushed-out lines in the unit of work that pushed them out).
    if ([...loaded.batches.values()].some((batch) => batch.lines.has(orderid))) {
      loaded.orders.add(orderid);
      return;
    }
    const rows = await this.session.query<{ found: number }>(
      LINE_OF_ORDER.text,
      LINE_OF_ORDER.values({ orderid, sku: product.sku }),
    );
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
