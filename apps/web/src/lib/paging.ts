import type { ReactNode } from 'react';

/** The page sizes every paged list offers. */
export const PAGE_SIZES = [10, 25, 50, 100] as const;

/** page and size from a URL, with defaults for anything unreadable. */
export function pagingFromParams(params: { get(name: string): string | null }, defaultSize = 25) {
  const page = Number(params.get('page'));
  const size = Number(params.get('size'));
  return {
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    pageSize: (PAGE_SIZES as readonly number[]).includes(size) ? size : defaultSize,
  };
}

/** The pagination props of a server-paged mantine-datatable, worded the same everywhere. */
export function pagination(options: {
  total: number;
  page: number;
  pageSize: number;
  onPage: (page: number) => void;
  onPageSize: (pageSize: number) => void;
}) {
  return {
    totalRecords: options.total,
    recordsPerPage: options.pageSize,
    page: options.page,
    onPageChange: options.onPage,
    recordsPerPageOptions: [...PAGE_SIZES],
    onRecordsPerPageChange: options.onPageSize,
    recordsPerPageLabel: 'Rows per page',
    paginationText: ({
      from,
      to,
      totalRecords,
    }: {
      from: number;
      to: number;
      totalRecords: number;
    }): ReactNode => `${from}–${to} of ${totalRecords}`,
  };
}

/**
 * Paging kept in the URL (`page`, `size`) for a list whose other state is there too: the current
 * page and size, and the table's pagination props for a total.
 */
export function urlPaging(
  params: { get(name: string): string | null },
  update: (changes: Record<string, number | undefined>) => void,
) {
  const { page, pageSize } = pagingFromParams(params);
  return {
    page,
    pageSize,
    pagination: (total: number) =>
      pagination({
        total,
        page,
        pageSize,
        onPage: (next) => update({ page: next === 1 ? undefined : next }),
        onPageSize: (size) => update({ size, page: undefined }),
      }),
  };
}
