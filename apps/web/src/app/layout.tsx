import '@mantine/core/styles.layer.css';
import '@mantine/charts/styles.layer.css';
import 'mantine-datatable/styles.layer.css';
import './global.css';

import { ColorSchemeScript, mantineHtmlProps } from '@mantine/core';
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { Providers } from './providers';

export const metadata: Metadata = {
  title: { default: 'Allocation', template: '%s · Allocation' },
  description: 'Allocate order lines to batches of stock; watch stock, allocations and alerts.',
};

/**
 * The document and its providers only: the app's pages get the shell from (app)/layout.tsx, which
 * checks the session; sign-in and first-run setup ((public)) render without it.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  // This request's CSP nonce (src/proxy.ts): Mantine's inline colour-scheme script runs only with it.
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    <html lang="en" {...mantineHtmlProps}>
      <head>
        <ColorSchemeScript defaultColorScheme="auto" nonce={nonce} />
      </head>
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
