import { type NextRequest, NextResponse } from 'next/server';
import { newNonce, pageContentSecurityPolicy } from './lib/security-headers';

/**
 * Every page gets a Content-Security-Policy with a nonce of its own. Next reads the nonce from the
 * request's policy header and puts it on its scripts; the layout reads `x-nonce` for Mantine's
 * colour-scheme script. Pages are rendered per request (the layout's prefetch waits for `connection()`),
 * so the nonce is never baked into a static page.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', policy);
  return response;
}

export const config = {
  matcher: [
    {
      // Not the API (its strict policy comes from next.config.ts, and its bodies are not buffered by a
      // proxy) nor static files; not Next's prefetches either (they render no HTML).
      source: '/((?!api/|_next/static|_next/image|favicon.ico|icon.svg).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
