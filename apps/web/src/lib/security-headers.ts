/**
 * The security headers of every response, built here (pure: no Next, no globals) so a unit test can read
 * them. Pages get a Content-Security-Policy with a fresh nonce per request from `src/proxy.ts`; API
 * responses (JSON, never rendered as a page) get a policy that allows nothing; the rest go on every
 * response through `next.config.ts`.
 */

export interface Header {
  readonly key: string;
  readonly value: string;
}

export interface PagePolicyOptions {
  /** A fresh, unguessable value per request (base64). */
  readonly nonce: string;
  /**
   * `next dev` only: React rebuilds server error stacks with `eval` and Fast Refresh needs it. Never in
   * production: neither React nor Next uses `eval` there.
   */
  readonly dev?: boolean;
}

/**
 * The policy of a page.
 * - scripts: only those carrying this request's nonce (Next adds it to its own scripts and inline
 *   payloads; the layout gives it to Mantine's colour-scheme script), and what they load
 *   (`'strict-dynamic'`); `'self'` is for browsers without CSP 3. No `'unsafe-eval'` but in dev.
 * - styles: `'unsafe-inline'`, knowingly. Mantine writes `style` attributes (style props, CSS variables
 *   per component) and `<style>` elements at run time; a nonce cannot cover attributes, and a nonce in
 *   `style-src` would switch `'unsafe-inline'` off. Injected CSS cannot run code; scripts stay strict.
 * - nothing may frame the app (`frame-ancestors 'none'`), post forms elsewhere, or change the base URL.
 */
export function pageContentSecurityPolicy({ nonce, dev = false }: PagePolicyOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce))
    throw new Error('A CSP nonce must be at least 16 base64 characters');
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(dev ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    // Dev: Fast Refresh talks over a WebSocket to the same host.
    'connect-src': ["'self'", ...(dev ? ['ws:', 'wss:'] : [])],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

/** API responses are data: nothing in them may load, run or be framed. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** On every response, pages, API and static files alike. */
export const COMMON_SECURITY_HEADERS: readonly Header[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  // For browsers that do not know frame-ancestors.
  { key: 'X-Frame-Options', value: 'DENY' },
];

/** A nonce from 16 random bytes (Web Crypto, so it runs wherever the proxy runs). */
export function newNonce(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const bytes = random(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
