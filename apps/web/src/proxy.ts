import { type NextRequest, NextResponse } from 'next/server';
import { REQUEST_PATH_HEADER } from './lib/request-path';
import { newNonce, pageContentSecurityPolicy } from './lib/security-headers';

/**
 * Every page gets a Content-Security-Policy with a nonce of its own. Next reads the nonce from the
 * request's policy header and puts it on its scripts; the layout reads `x-nonce` for Mantine's
 * colour-scheme script. Pages are rendered per request, so the nonce is never baked into a static page.
 *
 * It also hands the page's path to server layouts, so one that finds nobody signed in can send them to
 * sign-in and back here afterwards. Whoever sends that header themselves only changes their own
 * return path, which sign-in keeps to this site's paths.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = pageContentSecurityPolicy({ nonce, dev: process.env.NODE_ENV === 'development' });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', policy);
  requestHeaders.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
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
