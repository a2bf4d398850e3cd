import { SKU_LIST_SORTS, type SkuListInput, type SkuListSort } from '@allocation/contracts';
import { pagingFromParams } from './paging';

/** What the sku overview asks for, from its URL (`q`, `sort`, `dir`, `page`, `size`): the same on the server and in the browser. */
export function skuListQuery(params: { get(name: string): string | null }): SkuListInput {
  const search = params.get('q')?.trim() ?? '';
  const sort = params.get('sort') ?? '';
  return {
    ...(search ? { search } : {}),
    sort: (SKU_LIST_SORTS as readonly string[]).includes(sort) ? (sort as SkuListSort) : 'sku',
    direction: params.get('dir') === 'desc' ? 'desc' : 'asc',
    ...pagingFromParams(params),
  };
}
