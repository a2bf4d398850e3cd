'use client';

import type { AppRouter } from '@allocation/api';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { type ReactNode, useEffect, useState } from 'react';
import { theme } from '../lib/theme';
import { TRPCProvider } from '../trpc/client';
import { makeQueryClient } from '../trpc/query-client';

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: '/api/trpc' })] }),
  );
  // Marks the page as interactive: automated tests wait for it before typing into server-rendered fields.
  useEffect(() => {
    document.documentElement.dataset.hydrated = '';
  }, []);
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
