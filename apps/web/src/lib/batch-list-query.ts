import type { BatchListInput } from '@allocation/contracts';
import { pagingFromParams } from './paging';

export const SORT_FIELDS = ['reference', 'sku', 'eta', 'purchased', 'allocated', 'available'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface BatchListState {
  sku: string;
  stock: 'all' | 'in' | 'out';
  etaFrom: string;
  etaTo: string;
  sort: SortField;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export const DEFAULT_STATE: BatchListState = {
  sku: '',
  stock: 'all',
  etaFrom: '',
  etaTo: '',
  sort: 'eta',
  direction: 'asc',
  page: 1,
  pageSize: 25,
};

/** The list's state from its URL; anything unreadable falls back to the default. */
export function stateFromParams(params: { get(name: string): string | null }): BatchListState {
  const sort = params.get('sort');
  const stock = params.get('stock');
  const { page, pageSize } = pagingFromParams(params, DEFAULT_STATE.pageSize);
  return {
    sku: params.get('sku') ?? '',
    stock: stock === 'in' || stock === 'out' ? stock : 'all',
    etaFrom: params.get('from') ?? '',
    etaTo: params.get('to') ?? '',
    sort: (SORT_FIELDS as readonly string[]).includes(sort ?? '') ? (sort as SortField) : DEFAULT_STATE.sort,
    direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
    page,
    pageSize,
  };
}

/** The URL params of a state; defaults are left out to keep links short. */
export function paramsFromState(state: Partial<BatchListState>): Record<string, string | undefined> {
  const value = <K extends keyof BatchListState>(key: K) =>
    state[key] === undefined || state[key] === DEFAULT_STATE[key] ? undefined : String(state[key]);
  return {
    sku: value('sku'),
    stock: value('stock'),
    from: value('etaFrom'),
    to: value('etaTo'),
    sort: value('sort'),
    dir: value('direction'),
    page: value('page'),
    size: value('pageSize'),
  };
}

/** The query string of a state. */
export function searchOf(state: BatchListState): string {
  const entries = Object.entries(paramsFromState(state)).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return new URLSearchParams(entries).toString();
}

/** The query the view is asked (the API's `batchListInput`). */
export function queryOf(state: BatchListState): BatchListInput {
  const sku = state.sku.trim();
  return {
    ...(sku ? { sku } : {}),
    ...(state.stock === 'all' ? {} : { hasStock: state.stock === 'in' }),
    ...(state.etaFrom ? { etaFrom: state.etaFrom } : {}),
    ...(state.etaTo ? { etaTo: state.etaTo } : {}),
    sort: state.sort,
    direction: state.direction,
    page: state.page,
    pageSize: state.pageSize,
  };
}
