'use client';

import type { AppRouter } from '@allocation/api';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { type ReactNode, useState } from 'react';
import { z } from 'zod';
import { cssVariablesResolver, theme } from '../lib/theme';
import { TRPCProvider } from '../trpc/client';
import { makeQueryClient } from '../trpc/query-client';

// In the browser zod validates without compiling code: its compiled fast path is found by trying
// `new Function`, which the Content-Security-Policy (no 'unsafe-eval') refuses and reports as a violation.
if (typeof window !== 'undefined') z.config({ jitless: true });

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // Live views' subscription over server-sent events (EventSource, same origin: the CSP's
        // connect-src 'self'); queries and mutations batched over HTTP.
        splitLink({
          condition: (operation) => operation.type === 'subscription',
          true: httpSubscriptionLink({ url: '/api/trpc' }),
          false: httpBatchLink({ url: '/api/trpc' }),
        }),
      ],
    }),
  );
  return (
    // "auto": the operating system's scheme until the user picks one with the toggle (kept per browser).
    <MantineProvider theme={theme} defaultColorScheme="auto" cssVariablesResolver={cssVariablesResolver}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
