import type { ExportedList } from '@allocation/csv-export';

/** Where a list's download is: its page's query string, less the paging (a download is every page). */
export function downloadHref(list: ExportedList, search: string): string {
  const params = new URLSearchParams(search);
  params.delete('page');
  params.delete('size');
  const query = params.toString();
  return query ? `/api/export/${list}?${query}` : `/api/export/${list}`;
}
