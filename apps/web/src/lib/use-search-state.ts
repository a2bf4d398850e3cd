'use client';

import { usePathname, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/**
 * A page's state kept in its URL (so a view can be bookmarked and shared): read the current
 * params, and replace some of them (undefined or '' removes one).
 *
 * The URL changes through the History API, which Next's router follows (useSearchParams updates)
 * without asking the server to render the page again: the list fetches its own data, and keeps its
 * state and focus instead of being replaced by the loading page.
 */
export function useSearchState() {
  const params = useSearchParams();
  const pathname = usePathname();
  /** Replaces the whole query string. */
  const replace = useCallback(
    (search: string) => window.history.replaceState(null, '', search ? `${pathname}?${search}` : pathname),
    [pathname],
  );
  const update = useCallback(
    (changes: Record<string, string | number | boolean | undefined>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === undefined || value === '') next.delete(key);
        else next.set(key, String(value));
      }
      replace(next.toString());
    },
    [params, replace],
  );
  return { params, update, replace };
}
