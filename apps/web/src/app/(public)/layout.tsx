import { Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { ColorSchemeToggle, HomeLink } from '../../components/shell';

/** Sign-in and first-run setup: no navigation (nothing is open yet), just the app's name. */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group h={52} px="md" justify="space-between">
          <HomeLink />
          <ColorSchemeToggle />
        </Group>
      </header>
      <main id="main" style={{ padding: 'var(--mantine-spacing-md)' }}>
        {children}
      </main>
    </>
  );
}
