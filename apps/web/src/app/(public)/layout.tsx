import { Group, Title } from '@mantine/core';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ColorSchemeToggle, Logo } from '../../components/shell';

/** Sign-in and first-run setup: no navigation (nothing is open yet), just the app's name. */
export default function PublicLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <header style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}>
        <Group h={52} px="md" justify="space-between">
          <Link href="/" style={{ textDecoration: 'none', color: 'inherit' }}>
            <Group gap={8}>
              <Logo />
              <Title order={1} size="h4" fw={650}>
                Allocation
              </Title>
            </Group>
          </Link>
          <ColorSchemeToggle />
        </Group>
      </header>
      <main id="main" style={{ padding: 'var(--mantine-spacing-md)' }}>
        {children}
      </main>
    </>
  );
}
