/**
 * How suggestions and close matches are ranked, written once for the in-memory read model; the SQL
 * views say the same with `lower()`, `LIKE` and pg_trgm's `similarity()`, and tests hold them equal.
 */

/** Two names at least this alike (pg_trgm's default for its `%` operator) count as a close match. */
export const SIMILARITY_THRESHOLD = 0.3;

/**
 * 0: equal ignoring case; 1: starts with the text; 2: contains it; null: neither. Case is ignored
 * throughout; the text is matched literally.
 */
export function matchRank(candidate: string, text: string): 0 | 1 | 2 | null {
  const name = candidate.toLowerCase();
  const wanted = text.toLowerCase();
  if (name === wanted) return 0;
  if (name.startsWith(wanted)) return 1;
  if (name.includes(wanted)) return 2;
  return null;
}

/**
 * pg_trgm's `similarity(a, b)`: the shared share of the two names' trigrams. Each run of letters
 * and digits is lower-cased and padded (two spaces before, one after) before its trigrams are taken.
 */
export function trigramSimilarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const trigram of left) if (right.has(trigram)) shared++;
  return shared / (left.size + right.size - shared);
}

function trigrams(text: string): Set<string> {
  const found = new Set<string>();
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const padded = [' ', ' ', ...word, ' '];
    for (let i = 0; i + 3 <= padded.length; i++) found.add(padded.slice(i, i + 3).join(''));
  }
  return found;
}
