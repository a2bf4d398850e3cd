'use client';

import type { Role } from '@allocation/composition-root';
import {
  ActionIcon,
  AppShell,
  Badge,
  Box,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Text,
  Title,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type ReactNode, useState } from 'react';
import { COUNT_ONLY, OPEN_ALERTS_COUNT } from '../lib/nav-counts';
import { useTRPC } from '../trpc/client';
import { useLiveViews } from '../trpc/live-views';
import { LiveIndicator } from './live-indicator';

/** Who is signed in, as the server found them. */
export interface ShellUser {
  readonly name: string;
  readonly role: Role;
}

/** What the role may use (decided on the server by the roles' one rule): the sections shown. */
export interface ShellAccess {
  readonly read: boolean;
  readonly operate: boolean;
  readonly administer: boolean;
}

interface Item {
  readonly href: string;
  readonly label: string;
  readonly hint: string;
  readonly badge?: 'alerts' | 'deadLetters';
}

const OPERATOR: readonly Item[] = [
  { href: '/operator/allocate', label: 'Allocate', hint: 'Order line → batch' },
  { href: '/operator/batches', label: 'Batches', hint: 'Add stock, change quantity' },
  { href: '/operator/deallocate', label: 'Deallocate', hint: 'Cancel an order line' },
  { href: '/operator/import', label: 'Import CSV', hint: 'Batches or order lines from a file' },
];

const MANAGER: readonly Item[] = [
  { href: '/manager/dashboard', label: 'Dashboard', hint: 'How stock moved' },
  { href: '/manager/skus', label: 'SKU overview', hint: 'Every SKU, its totals' },
  { href: '/manager/stock', label: 'Stock by SKU', hint: 'Every batch of a SKU' },
  { href: '/manager/orders', label: 'Order allocations', hint: 'Where an order’s lines are' },
  { href: '/manager/batches', label: 'Batch list', hint: 'Filter, sort, page' },
  {
    href: '/manager/alerts',
    label: 'Out-of-stock alerts',
    hint: 'Lines nothing could take',
    badge: 'alerts',
  },
  { href: '/manager/activity', label: 'Activity', hint: 'Who did what, and when' },
  { href: '/manager/notifications', label: 'Notifications', hint: 'Emails to the stock team' },
  { href: '/manager/dead-letters', label: 'Dead letters', hint: 'Messages kept aside', badge: 'deadLetters' },
];

const ADMIN: readonly Item[] = [
  { href: '/admin/users', label: 'Users', hint: 'Accounts, roles, passwords' },
  { href: '/admin/api-keys', label: 'API keys', hint: 'Keys of other systems' },
];

const ROLE_COLOR = { manager: 'gray', operator: 'indigo', admin: 'grape' } as const;

function useCounts(enabled: boolean) {
  const trpc = useTRPC();
  const refetch = { refetchInterval: 30_000, staleTime: 10_000, enabled } as const;
  const alerts = useQuery({
    ...trpc.alert.outOfStock.queryOptions(OPEN_ALERTS_COUNT),
    ...refetch,
  });
  const deadLetters = useQuery({ ...trpc.deadLetter.list.queryOptions(COUNT_ONLY), ...refetch });
  return { alerts: alerts.data?.total, deadLetters: deadLetters.data?.total };
}

function Section({
  title,
  items,
  pathname,
  counts,
  onNavigate,
}: {
  title: string;
  items: readonly Item[];
  pathname: string;
  counts: Partial<Record<'alerts' | 'deadLetters', number>>;
  onNavigate: () => void;
}) {
  return (
    <nav aria-label={title}>
      <Text
        size="xs"
        fw={700}
        c="dimmed"
        tt="uppercase"
        px="sm"
        pt="md"
        pb={4}
        style={{ letterSpacing: 0.6 }}
      >
        {title}
      </Text>
      {items.map((item) => {
        const count = item.badge ? counts[item.badge] : undefined;
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <NavLink
            key={item.href}
            component={Link}
            href={item.href}
            label={item.label}
            description={item.hint}
            active={active}
            aria-current={active ? 'page' : undefined}
            onClick={onNavigate}
            variant="light"
            style={{ borderRadius: 'var(--mantine-radius-sm)' }}
            rightSection={
              count ? (
                // Filled in dark shades: white counts at AA contrast in both schemes (Mantine's light
                // orange is 2.5:1).
                <Badge
                  size="sm"
                  variant="filled"
                  color={item.badge === 'alerts' ? 'red.9' : 'gray.8'}
                  circle={count < 10}
                >
                  {count > 99 ? '99+' : count}
                </Badge>
              ) : null
            }
          />
        );
      })}
    </nav>
  );
}

export function Shell({
  user,
  access,
  children,
}: {
  user: ShellUser;
  access: ShellAccess;
  children: ReactNode;
}) {
  const [opened, { toggle, close }] = useDisclosure();
  const pathname = usePathname();
  const counts = useCounts(access.read);
  const live = useLiveViews(access.read);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell
        header={{ height: 52 }}
        navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="lg"
      >
        <AppShell.Header px="md">
          <Group h="100%" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Burger
                opened={opened}
                onClick={toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label="Toggle navigation"
              />
              <HomeLink />
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="xs" c="dimmed" visibleFrom="lg">
                Stock allocation · warehouse first, then earliest eta
              </Text>
              <LiveIndicator status={live} />
              <SignedIn user={user} />
              <ColorSchemeToggle />
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs">
          <AppShell.Section hiddenFrom="sm" px="sm" pt="xs">
            <Text size="sm" fw={600} data-testid="nav-signed-in-as">
              {user.name}
            </Text>
            <Text size="xs" c="dimmed">
              Signed in as {user.role}
            </Text>
          </AppShell.Section>
          <AppShell.Section grow component={ScrollArea}>
            {access.operate ? (
              <Section
                title="Operator"
                items={OPERATOR}
                pathname={pathname}
                counts={counts}
                onNavigate={close}
              />
            ) : null}
            {access.read ? (
              <Section
                title="Manager"
                items={MANAGER}
                pathname={pathname}
                counts={counts}
                onNavigate={close}
              />
            ) : null}
            {access.administer ? (
              <Section title="Admin" items={ADMIN} pathname={pathname} counts={counts} onNavigate={close} />
            ) : null}
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main id="main" tabIndex={-1}>
          <div style={{ maxWidth: 1180 }}>{children}</div>
        </AppShell.Main>
      </AppShell>
    </>
  );
}

/** Who is signed in and their role, and the way out. */
function SignedIn({ user }: { user: ShellUser }) {
  const [leaving, setLeaving] = useState(false);
  async function signOut() {
    setLeaving(true);
    try {
      await fetch('/api/auth/sign-out', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
    } finally {
      // A full load: nothing the signed-in user saw stays in this tab's memory.
      window.location.assign('/sign-in');
    }
  }
  return (
    <Group gap={8} wrap="nowrap" data-testid="signed-in">
      <Text size="sm" fw={600} visibleFrom="sm" truncate maw={180} data-testid="signed-in-name">
        {user.name}
      </Text>
      <Badge
        variant="light"
        color={ROLE_COLOR[user.role]}
        radius="sm"
        data-testid="signed-in-role"
        visibleFrom="xs"
        aria-label={`Role: ${user.role}`}
      >
        {user.role}
      </Badge>
      <Button size="compact-sm" variant="default" onClick={signOut} loading={leaving}>
        Sign out
      </Button>
    </Group>
  );
}

/**
 * Light for the day, dark for a long night shift; remembered per browser. Both icons are rendered and
 * CSS shows the one for the scheme in force: the server cannot know a browser's choice, so rendering
 * by it would differ between the server's HTML and the first client render.
 */
export function ColorSchemeToggle() {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  return (
    <ActionIcon
      variant="subtle"
      color="gray"
      size="md"
      aria-label="Switch between light and dark colours"
      title="Switch between light and dark colours"
      onClick={() => setColorScheme(computed === 'dark' ? 'light' : 'dark')}
    >
      <Box component="span" lightHidden style={{ lineHeight: 0 }}>
        <svg
          width="16"
          height="16"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <circle cx="12" cy="12" r="4" />
          <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
        </svg>
      </Box>
      <Box component="span" darkHidden style={{ lineHeight: 0 }}>
        <svg
          width="16"
          height="16"
          viewBox="0 0 24 24"
          aria-hidden="true"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
        >
          <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
        </svg>
      </Box>
    </ActionIcon>
  );
}

/**
 * The app's name, home: 40 px high, a finger's target on a phone; on the narrowest phones the logo
 * alone (the name would push the header's buttons off the screen).
 */
export function HomeLink() {
  return (
    <Link
      href="/"
      aria-label="Allocation, home"
      style={{
        textDecoration: 'none',
        color: 'inherit',
        display: 'flex',
        alignItems: 'center',
        minHeight: 40,
      }}
    >
      <Group gap={8} wrap="nowrap">
        <Logo />
        <Title order={1} size="h4" fw={650} className="home-name">
          Allocation
        </Title>
      </Group>
    </Link>
  );
}

export function Logo() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" aria-hidden="true">
      <rect x="2" y="11" width="9" height="9" rx="1.5" fill="var(--mantine-color-indigo-7)" />
      <rect x="13" y="11" width="9" height="9" rx="1.5" fill="var(--mantine-color-indigo-4)" />
      <rect x="7.5" y="2" width="9" height="8" rx="1.5" fill="var(--mantine-color-indigo-2)" />
    </svg>
  );
}
