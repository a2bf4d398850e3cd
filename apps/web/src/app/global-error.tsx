'use client';

import '@mantine/core/styles.layer.css';
import './global.css';

import { AppShell, Group, MantineProvider, mantineHtmlProps, Title } from '@mantine/core';
import { useEffect } from 'react';
import { ProblemPage, referenceOf } from '../components/problem-page';
import { Logo } from '../components/shell';
import { theme } from '../lib/theme';

/**
 * The app itself failed (its layout, not one page): it replaces the whole document, so it brings
 * its own html, styles and theme, and a plain header instead of the navigation.
 */
export default function GlobalError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  return (
    <html lang="en" {...mantineHtmlProps}>
      <head>
        <title>Something went wrong · Allocation</title>
        {/* No colour-scheme script: this client component cannot read the request's CSP nonce, and an
            inline script without it would be refused. MantineProvider applies the scheme once it runs. */}
      </head>
      <body>
        <MantineProvider theme={theme} defaultColorScheme="light">
          <AppShell header={{ height: 52 }} padding="lg">
            <AppShell.Header px="md">
              <Group h="100%" gap={8}>
                <Logo />
                <Title order={1} size="h4" fw={650}>
                  Allocation
                </Title>
              </Group>
            </AppShell.Header>
            <AppShell.Main>
              <ProblemPage
                kicker="Something went wrong"
                title="The service could not show this page"
                reference={referenceOf(error)}
                onRetry={retry}
              >
                Try again in a moment; if it keeps happening, give the reference below to whoever runs the
                service, so they can find what happened in its log.
              </ProblemPage>
            </AppShell.Main>
          </AppShell>
        </MantineProvider>
      </body>
    </html>
  );
}
