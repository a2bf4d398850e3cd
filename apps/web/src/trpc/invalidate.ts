'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from './client';
import type { RouterOutputs } from './types';

type Outputs = RouterOutputs;

/**
 * What each command changes, as the queries to refetch after it: only those, so every other
 * list keeps its data (and its place) while the operator works.
 */
export function useInvalidateAfter() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refetch = (...filters: Parameters<typeof queryClient.invalidateQueries>[0][]) =>
    Promise.all(filters.map((filter) => queryClient.invalidateQueries(filter)));
  // An out-of-stock line raises an alert and records a notification.
  const outOfStock = [trpc.alert.outOfStock.pathFilter(), trpc.notification.list.pathFilter()];
  // Every change of stock or of a line shows in the sku overview and the order lines.
  const overviews = [trpc.stock.skus.pathFilter(), trpc.allocation.orderLines.pathFilter()];
  return {
    /** The order's lines and the sku's stock; a line nothing could take adds an alert. */
    allocate: (outcome: Outputs['allocation']['allocate']) =>
      refetch(
        trpc.allocation.forOrder.queryFilter({ orderid: outcome.orderid }),
        trpc.stock.forSku.queryFilter({ sku: outcome.sku }),
        trpc.batch.list.pathFilter(),
        ...overviews,
        // An allocation may resolve the line's open alerts.
        ...outOfStock,
      ),
    /** The order's lines and the stock its line gave back. */
    deallocate: (line: Outputs['allocation']['deallocate']) =>
      refetch(
        trpc.allocation.forOrder.queryFilter({ orderid: line.orderid }),
        trpc.stock.forSku.queryFilter({ sku: line.sku }),
        trpc.batch.list.pathFilter(),
        ...overviews,
      ),
    /** New stock of one sku. */
    createBatch: (batch: Outputs['batch']['create']) =>
      refetch(
        trpc.stock.forSku.queryFilter({ sku: batch.sku }),
        trpc.batch.list.pathFilter(),
        trpc.stock.skus.pathFilter(),
        trpc.suggest.pathFilter(),
      ),
    /**
     * The batch's stock, and when lines had to move, the orders they belong to (and an alert for
     * any that found no stock). The result does not name the batch's sku, so every sku's stock.
     */
    changeBatchQuantity: (result: Outputs['batch']['changeQuantity']) =>
      refetch(
        trpc.stock.forSku.pathFilter(),
        trpc.batch.list.pathFilter(),
        ...overviews,
        ...(result.moved.length > 0 ? [trpc.allocation.forOrder.pathFilter(), ...outOfStock] : []),
      ),
  };
}
