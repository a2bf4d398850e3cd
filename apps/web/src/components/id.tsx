import type { ReactNode } from 'react';

/**
 * An id (a batch reference, a sku, an order id) as one unit: a line never breaks at its hyphens
 * (global.css `.id`). Only one longer than a whole line wraps.
 */
export function Id({ children }: { children: ReactNode }) {
  return <span className="id">{children}</span>;
}

/** A hyphenated token: an id such as `SHIP-LAMP-014` (or a word such as `out-of-stock`). */
const HYPHENATED = /([\p{L}\p{N}_.]+(?:-[\p{L}\p{N}_.]+)+)/u;

/** Text that mentions ids (an activity's outcome, a notification): each id kept on one line. */
export function KeepIds({ text }: { text: string }) {
  // split with a capturing group: odd indices are the ids.
  return text.split(HYPHENATED).map((part, index) =>
    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text, in order
    index % 2 === 1 ? <Id key={index}>{part}</Id> : part,
  );
}
