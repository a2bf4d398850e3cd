export const LOG_PAGE_SIZES = [10, 25, 50, 100] as const;

/** page and size from a URL, with defaults for anything unreadable. */
export function pagingFromParams(params: { get(name: string): string | null }, defaultSize = 25) {
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (LOG_PAGE_SIZES as readonly number[]).includes(size) ? size : defaultSize,
  };
}
