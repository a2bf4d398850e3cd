'use client';

import { Alert, Badge, Center, Loader, Stack, Text } from '@mantine/core';
import { type ReactNode, useSyncExternalStore } from 'react';
import { formatDay, formatInstant } from '../lib/format';

/** A failure the user should read; named, so it is not confused with Next's route announcer. */
export function ErrorNotice({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Alert
      color="red"
      variant="light"
      title={title}
      role="alert"
      data-testid={testId ?? 'error-notice'}
      mb="md"
    >
      {children}
    </Alert>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Stack align="center" gap="xs">
        <Loader size="sm" type="dots" />
        <Text size="sm" c="dimmed">
          {label}
        </Text>
      </Stack>
    </Center>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Center py="xl">
      <Stack align="center" gap={4} maw={420}>
        <Text fw={600} size="sm">
          {title}
        </Text>
        {children ? (
          <Text size="sm" c="dimmed" ta="center">
            {children}
          </Text>
        ) : null}
      </Stack>
    </Center>
  );
}

/** Warehouse stock has no eta. */
export function Eta({ eta }: { eta: string | null }) {
  return eta === null ? (
    // Filled teal-9 keeps white text above AA contrast in both schemes; never cut to "I…" in a narrow column.
    <Badge variant="filled" color="teal.9" size="sm" radius="sm" miw="max-content">
      In warehouse
    </Badge>
  ) : (
    <Text span size="sm" className="tabular">
      {formatDay(eta)}
    </Text>
  );
}

const noChanges = () => () => {};

/**
 * An instant in the viewer's time zone, named. The server rendering the first paint does not know that
 * zone, so it shows UTC (and says so); the browser switches to local time once it has taken over. Never
 * format a time straight into a client component's render: the server's zone and the browser's differ,
 * and React reports the mismatch (#418) when it hydrates.
 */
export function Instant({ iso }: { iso: string }) {
  const inBrowser = useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  );
  return <time dateTime={iso}>{inBrowser ? formatInstant(iso) : formatInstant(iso, 'UTC')}</time>;
}
