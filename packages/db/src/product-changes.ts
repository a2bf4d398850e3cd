/**
 * The change diff: what the products of a unit of work changed since they were loaded, as column
 * arrays for the one set-based write statement (see product-sql.ts). Every change to a product
 * bumps its version, so a product whose version did not move is left out.
 */
import type { Product } from '@allocation/domain';

export interface LoadedBatch {
  readonly purchased: number;
  readonly allocated: number;
  /** orderid -> qty of the lines loaded with the batch. */
  readonly lines: ReadonlyMap<string, number>;
}

/** What a product looked like when loaded: the diff is taken against it. */
export interface LoadedProduct {
  readonly versionNumber: number;
  readonly batches: ReadonlyMap<string, LoadedBatch>;
  /** Orders whose line (if any) was loaded with the product. */
  readonly orders: Set<string>;
  /** Batches loaded with every line. */
  readonly fullBatches: ReadonlySet<string>;
}

export interface ProductChanges {
  readonly newProductSkus: string[];
  readonly newProductVersions: number[];
  /** The optimistic-concurrency check: each bump applies only from the version that was loaded. */
  readonly bumpedSkus: string[];
  readonly bumpedFromVersions: number[];
  readonly bumpedToVersions: number[];
  readonly newBatchReferences: string[];
  readonly newBatchSkus: string[];
  readonly newBatchPurchased: number[];
  readonly newBatchAllocated: number[];
  readonly newBatchEtas: (string | null)[];
  readonly changedBatchReferences: string[];
  readonly changedBatchPurchased: number[];
  readonly changedBatchAllocated: number[];
  readonly removedLineOrderids: string[];
  readonly removedLineSkus: string[];
  readonly addedLineBatchrefs: string[];
  readonly addedLineOrderids: string[];
  readonly addedLineSkus: string[];
  readonly addedLineQtys: number[];
}

/** The diff of `products` against what was loaded of each (nothing: the product is new). */
export function productChanges(
  products: Iterable<Product>,
  loadedOf: (product: Product) => LoadedProduct | undefined,
): ProductChanges {
  const changes: ProductChanges = {
    newProductSkus: [],
    newProductVersions: [],
    bumpedSkus: [],
    bumpedFromVersions: [],
    bumpedToVersions: [],
    newBatchReferences: [],
    newBatchSkus: [],
    newBatchPurchased: [],
    newBatchAllocated: [],
    newBatchEtas: [],
    changedBatchReferences: [],
    changedBatchPurchased: [],
    changedBatchAllocated: [],
    removedLineOrderids: [],
    removedLineSkus: [],
    addedLineBatchrefs: [],
    addedLineOrderids: [],
    addedLineSkus: [],
    addedLineQtys: [],
  };
  for (const product of products) addProduct(changes, product, loadedOf(product));
  return changes;
}

export function changesNothing(changes: ProductChanges): boolean {
  return changes.newProductSkus.length === 0 && changes.bumpedSkus.length === 0;
}

/** A line removed and added again in one unit of work must be deleted before it is inserted. */
export function removesWhatItAdds(changes: ProductChanges): boolean {
  const key = (orderid: string, sku: string | undefined) => `${orderid}\u0000${sku}`;
  const removed = new Set(changes.removedLineOrderids.map((o, i) => key(o, changes.removedLineSkus[i])));
  return changes.addedLineOrderids.some((o, i) => removed.has(key(o, changes.addedLineSkus[i])));
}

function addProduct(changes: ProductChanges, product: Product, loaded: LoadedProduct | undefined): void {
  if (loaded && product.versionNumber === loaded.versionNumber) return;
  if (loaded) {
    changes.bumpedSkus.push(product.sku);
    changes.bumpedFromVersions.push(loaded.versionNumber);
    changes.bumpedToVersions.push(product.versionNumber);
  } else {
    changes.newProductSkus.push(product.sku);
    changes.newProductVersions.push(product.versionNumber);
  }
  for (const batch of product.batches) {
    const before = loaded?.batches.get(batch.reference);
    if (!before) {
      changes.newBatchReferences.push(batch.reference);
      changes.newBatchSkus.push(product.sku);
      changes.newBatchPurchased.push(batch.purchasedQuantity);
      changes.newBatchAllocated.push(batch.allocatedQuantity);
      changes.newBatchEtas.push(batch.eta);
    } else if (before.purchased !== batch.purchasedQuantity || before.allocated !== batch.allocatedQuantity) {
      changes.changedBatchReferences.push(batch.reference);
      changes.changedBatchPurchased.push(batch.purchasedQuantity);
      changes.changedBatchAllocated.push(batch.allocatedQuantity);
    }
    const current = new Map(batch.lines.map((line) => [line.orderid, line]));
    for (const orderid of before?.lines.keys() ?? []) {
      if (!current.has(orderid)) {
        changes.removedLineOrderids.push(orderid);
        changes.removedLineSkus.push(product.sku);
      }
    }
    for (const line of current.values()) {
      if (before?.lines.has(line.orderid)) continue;
      changes.addedLineBatchrefs.push(batch.reference);
      changes.addedLineOrderids.push(line.orderid);
      changes.addedLineSkus.push(line.sku);
      changes.addedLineQtys.push(line.qty);
    }
  }
}
