import { type AppRouter, appRouter } from '@allocation/api';
import { dehydrate, HydrationBoundary } from '@tanstack/react-query';
import { createTRPCOptionsProxy, type TRPCQueryOptions } from '@trpc/tanstack-react-query';
import { headers } from 'next/headers';
import { connection } from 'next/server';
import { cache, type ReactNode } from 'react';
import { makeQueryClient } from './query-client';
import { createRequestContext } from './request-context';

/** One query client per server request (React's cache lasts one request). */
export const getQueryClient = cache(makeQueryClient);

/**
 * The router's query options on the server: the same keys the browser uses, answered by calling the
 * procedures directly (no HTTP) with this request's context.
 */
export const trpc = createTRPCOptionsProxy<AppRouter>({
  router: appRouter,
  ctx: async () => createRequestContext(await headers()),
  queryClient: getQueryClient,
});

/**
 * Fetches the queries a page's client components will ask for, so the first paint shows data.
 * Rendering waits for them; one that fails is left for the browser to ask again (and show why).
 * The page is rendered per request, never at build time, when no database exists.
 */
// biome-ignore lint/suspicious/noExplicitAny: any query of the router, whatever its input and output
export async function prefetch(...queries: ReturnType<TRPCQueryOptions<any>>[]): Promise<void> {
  await connection();
  const queryClient = getQueryClient();
  await Promise.all(queries.map((query) => queryClient.prefetchQuery(query)));
}

/** Hands what was prefetched to the browser's query client. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}
