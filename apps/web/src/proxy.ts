import { type NextRequest, NextResponse } from 'next/server';
import { REQUEST_PATH_HEADER } from './lib/request-path';

/**
 * Hands the page's path to server layouts, so one that finds nobody signed in can send them to
 * sign-in and back here afterwards. Whoever sends the header themselves only changes their own
 * return path, which sign-in keeps to this site's paths.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set(REQUEST_PATH_HEADER, request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  // Pages only: not the API, Next's own files or static assets.
  matcher: ['/((?!api/|_next/|favicon\\.ico|icon\\.svg).*)'],
};
