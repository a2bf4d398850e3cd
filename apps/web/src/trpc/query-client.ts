import { QueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';

/**
 * One query client's settings, for the browser's and for each server render's: data prefetched on
 * the server stays fresh long enough that the browser does not ask for it again on first paint.
 */
export function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 5_000,
        refetchOnWindowFocus: true,
        // A 4xx will not go away by asking again; a network blip or a 5xx might.
        retry: (failures, error) => {
          const status = error instanceof TRPCClientError ? error.data?.httpStatus : undefined;
          return failures < 2 && !(typeof status === 'number' && status >= 400 && status < 500);
        },
      },
    },
  });
}
