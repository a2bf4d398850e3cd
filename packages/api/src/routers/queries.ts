import {
  activityInput,
  activityResult,
  alertsInput,
  allocationsForOrderInput,
  BATCH_SEARCH_LIMIT,
  batchListInput,
  batchListResult,
  batchSearchInput,
  batchSearchResult,
  deadLettersResult,
  notificationsResult,
  orderAllocationsResult,
  orderLinesResult,
  outOfStockAlertsResult,
  pageInput,
  skuListInput,
  skuListResult,
  stockForSkuInput,
  stockForSkuResult,
  suggestInput,
  suggestionsResult,
} from '@allocation/contracts';
import type { DeadLetter } from '@allocation/domain';
import { activityFilter, alertFilter, batchListFilter, skuListFilter } from '../list-filters.ts';
import { managerProcedure } from '../trpc.ts';

// Each query asks one view. Dates leave as ISO strings, so what the client types say is what it gets.

export const batchQueries = {
  /** Batches with filter, sort and paging, all done by the view. */
  list: managerProcedure
    .input(batchListInput)
    .output(batchListResult)
    .query(async ({ ctx, input }) => {
      const page = await ctx.views.listBatches({
        ...batchListFilter(input),
        page: input.page,
        pageSize: input.pageSize,
      });
      return { ...page, items: [...page.items] };
    }),

  /** The first batches whose reference or sku contains the text, case-insensitive: a batch field's suggestions. */
  search: managerProcedure
    .input(batchSearchInput)
    .output(batchSearchResult)
    .query(({ ctx, input }) => ctx.views.searchBatches(input.text, BATCH_SEARCH_LIMIT)),
};

export const stockQueries = {
  /** Every batch of a sku with purchased / allocated / available: warehouse stock first, then by eta. */
  forSku: managerProcedure
    .input(stockForSkuInput)
    .output(stockForSkuResult)
    .query(({ ctx, input }) => ctx.views.stockForSku(input.sku)),

  /** The sku overview: every sku with its totals; searched, sorted and paged by the view. */
  skus: managerProcedure
    .input(skuListInput)
    .output(skuListResult)
    .query(async ({ ctx, input }) => {
      const page = await ctx.views.listSkus({
        ...skuListFilter(input),
        page: input.page,
        pageSize: input.pageSize,
      });
      return { ...page, items: [...page.items] };
    }),
};

export const suggestionQueries = {
  /** Known skus or order ids containing what was typed, ignoring case: the best ten. */
  names: managerProcedure
    .input(suggestInput)
    .output(suggestionsResult)
    .query(({ ctx, input }) => ctx.views.suggest(input.kind, input.text.trim())),

  /** For a lookup that found nothing: the same name in other case, then names that look alike. */
  closeMatches: managerProcedure
    .input(suggestInput)
    .output(suggestionsResult)
    .query(({ ctx, input }) => ctx.views.closeMatches(input.kind, input.text.trim())),
};

export const allocationQueries = {
  /** An order's allocations by sku; empty when it has none. */
  forOrder: managerProcedure
    .input(allocationsForOrderInput)
    .output(orderAllocationsResult)
    .query(({ ctx, input }) => ctx.views.allocationsForOrder(input.orderid)),

  /** Every line of an order ever seen, allocated, out of stock or cancelled, and when; empty: never seen. */
  orderLines: managerProcedure
    .input(allocationsForOrderInput)
    .output(orderLinesResult)
    .query(async ({ ctx, input }) =>
      (await ctx.views.orderLines(input.orderid)).map((line) => ({
        ...line,
        at: line.at?.toISOString() ?? null,
      })),
    ),
};

export const alertQueries = {
  /** Out-of-stock alerts, newest first: open, or resolved once the line was allocated after all. */
  outOfStock: managerProcedure
    .input(alertsInput)
    .output(outOfStockAlertsResult)
    .query(async ({ ctx, input }) => {
      const page = await ctx.views.outOfStockAlerts({
        ...alertFilter(input),
        page: input.page,
        pageSize: input.pageSize,
      });
      return {
        ...page,
        items: page.items.map((alert) => ({
          ...alert,
          at: alert.at.toISOString(),
          resolvedAt: alert.resolvedAt?.toISOString() ?? null,
        })),
      };
    }),
};

export const notificationQueries = {
  /** The emails to the stock team with their delivery state, newest first. */
  list: managerProcedure
    .input(pageInput)
    .output(notificationsResult)
    .query(async ({ ctx, input }) => {
      const page = await ctx.views.notifications(input);
      const iso = (at: Date | null) => at?.toISOString() ?? null;
      return {
        ...page,
        items: page.items.map((n) => ({
          ...n,
          createdAt: n.createdAt.toISOString(),
          dueAt: n.dueAt.toISOString(),
          sentAt: iso(n.sentAt),
          nextAttemptAt: iso(n.nextAttemptAt),
        })),
      };
    }),
};

export const deadLetterQueries = {
  /** Messages from other systems that could not be handled, kept aside with their error; newest first. */
  list: managerProcedure
    .input(pageInput)
    .output(deadLettersResult)
    .query(async ({ ctx, input }) => {
      const page = await ctx.views.deadLetters(input);
      return { ...page, items: page.items.map(deadLetterOut) };
    }),
};

/** A dead letter on the wire: dates as ISO strings. */
export const deadLetterOut = (letter: DeadLetter) => ({
  ...letter,
  receivedAt: letter.receivedAt.toISOString(),
  closedAt: letter.closedAt ? letter.closedAt.toISOString() : null,
});

export const activityQueries = {
  /** The audit trail, newest first: who did what, when, and what came of it; filtered and paged by the view. */
  list: managerProcedure
    .input(activityInput)
    .output(activityResult)
    .query(async ({ ctx, input }) => {
      const page = await ctx.views.activity({
        ...activityFilter(input),
        page: input.page,
        pageSize: input.pageSize,
      });
      return {
        ...page,
        items: page.items.map((record) => ({
          ...record,
          at: record.at.toISOString(),
          fields: { ...record.fields },
          subjects: {
            skus: [...record.subjects.skus],
            orderids: [...record.subjects.orderids],
            batchrefs: [...record.subjects.batchrefs],
          },
        })),
      };
    }),
};
