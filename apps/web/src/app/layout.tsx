import '@mantine/core/styles.layer.css';
import 'mantine-datatable/styles.layer.css';
import './global.css';

import { ColorSchemeScript, mantineHtmlProps } from '@mantine/core';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Shell } from '../components/shell';
import { COUNT_ONLY } from '../lib/nav-counts';
import { HydrateClient, prefetch, trpc } from '../trpc/server';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: 'Allocation', template: '%s · Allocation' },
  description: 'Allocate order lines to batches of stock; watch stock, allocations and alerts.',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The navigation's badges are on every page.
  await prefetch(
    trpc.alert.outOfStock.queryOptions(COUNT_ONLY),
    trpc.deadLetter.list.queryOptions(COUNT_ONLY),
  );
  // This request's CSP nonce (src/proxy.ts): Mantine's inline colour-scheme script runs only with it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" {...mantineHtmlProps}>
      <head>
        <ColorSchemeScript defaultColorScheme="light" nonce={nonce} />
      </head>
      <body>
        <Providers>
          <HydrateClient>
            <Shell>{children}</Shell>
          </HydrateClient>
        </Providers>
      </body>
    </html>
  );
}
