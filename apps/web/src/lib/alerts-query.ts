import type { RouterInputs } from '../trpc/types';
import { pagingFromParams } from './paging';

/** What the alert list asks for, from its URL: the same on the server (prefetch) and in the browser. */
export function alertsQuery(params: {
  get(name: string): string | null;
}): RouterInputs['alert']['outOfStock'] {
  const sku = params.get('sku')?.trim() ?? '';
  const state = params.get('state');
  return {
    ...(sku ? { sku } : {}),
    ...(state === 'open' || state === 'resolved' ? { state } : {}),
    ...pagingFromParams(params),
  };
}
