/**
 * A list query's input (as its contract parsed it) as the view's filter, without the page: one
 * mapping for the tRPC list queries and the CSV downloads, so a download has the list's filter.
 */
import type { activityInput, alertsInput, batchListInput, skuListInput } from '@allocation/contracts';
import type {
  ActivityQuery,
  AlertQuery,
  BatchListQuery,
  CalendarDate,
  ListFilter,
  SkuListQuery,
} from '@allocation/domain';
import type { z } from 'zod';

export function batchListFilter(input: z.output<typeof batchListInput>): ListFilter<BatchListQuery> {
  const sku = input.sku === '' ? undefined : input.sku;
  return {
    ...(sku !== undefined ? { sku } : {}),
    ...(input.etaFrom !== undefined ? { etaFrom: input.etaFrom as CalendarDate } : {}),
    ...(input.etaTo !== undefined ? { etaTo: input.etaTo as CalendarDate } : {}),
    ...(input.hasStock !== undefined ? { hasStock: input.hasStock } : {}),
    sort: { field: input.sort, direction: input.direction },
  };
}

export function skuListFilter(input: z.output<typeof skuListInput>): ListFilter<SkuListQuery> {
  const search = input.search === '' ? undefined : input.search;
  return {
    ...(search !== undefined ? { search } : {}),
    sort: { field: input.sort, direction: input.direction },
  };
}

export function alertFilter(input: z.output<typeof alertsInput>): ListFilter<AlertQuery> {
  return {
    ...(input.sku !== undefined ? { sku: input.sku } : {}),
    ...(input.state !== undefined ? { state: input.state } : {}),
  };
}

export function activityFilter(input: z.output<typeof activityInput>): ListFilter<ActivityQuery> {
  const actor = input.actor === '' ? undefined : input.actor;
  return {
    ...(actor !== undefined ? { actor } : {}),
    ...(input.command !== undefined ? { command: input.command } : {}),
    ...(input.sku !== undefined ? { sku: input.sku } : {}),
    ...(input.orderid !== undefined ? { orderid: input.orderid } : {}),
    ...(input.batchref !== undefined ? { batchref: input.batchref } : {}),
    ...(input.from !== undefined ? { from: new Date(input.from) } : {}),
    ...(input.to !== undefined ? { to: new Date(input.to) } : {}),
  };
}
