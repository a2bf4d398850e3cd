/**
 * What each list's download reads from its URL: the same search params as the list's page (the
 * download link is the page's own query string), read by the page's own functions, checked by the
 * contract the list's tRPC query uses and mapped to the view's filter as that query does. Adding a
 * list to the downloads is one entry here (with its columns in @allocation/csv-export).
 */
import { activityFilter, alertFilter, batchListFilter, skuListFilter } from '@allocation/api';
import { activityInput, alertsInput, batchListInput, skuListInput } from '@allocation/contracts';
import { type ExportedList, type FilterOf, LIST_CSV } from '@allocation/csv-export';
import { parseWith } from '@allocation/rest';
import { activityQuery } from './activity-query';
import { alertsQuery } from './alerts-query';
import { queryOf, stateFromParams } from './batch-list-query';
import { skuListQuery } from './sku-list-query';

type Params = { get(name: string): string | null };

export const LIST_DOWNLOADS: { readonly [L in ExportedList]: (params: Params) => FilterOf<L> } = {
  batches: (params) => batchListFilter(parseWith(batchListInput, queryOf(stateFromParams(params)))),
  skus: (params) => skuListFilter(parseWith(skuListInput, skuListQuery(params))),
  alerts: (params) => alertFilter(parseWith(alertsInput, alertsQuery(params))),
  notifications: () => ({}),
  'dead-letters': () => ({}),
  activity: (params) => activityFilter(parseWith(activityInput, activityQuery(params))),
};

export const isExportedList = (name: string): name is ExportedList => Object.hasOwn(LIST_CSV, name);
