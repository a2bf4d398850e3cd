'use client';

import { Button, Center, Code, CopyButton, Group, Paper, Stack, Text, Title } from '@mantine/core';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Hydrated } from './hydrated';

/**
 * A page that could not be shown, in the app's look: what happened, the reference to quote when
 * it was a failure, and a way on (try again, back to the start).
 */
export function ProblemPage({
  kicker,
  title,
  children,
  reference,
  onRetry,
}: {
  /** A short label above the title, e.g. "404". */
  kicker: string;
  title: string;
  children: ReactNode;
  /** What support can find the failure by in the server's log (a digest or request id). */
  reference?: string | undefined;
  onRetry?: () => void;
}) {
  return (
    <Center py={48}>
      <Paper maw={560} w="100%" p="xl" data-testid="problem-page">
        <Hydrated />
        <Stack gap="sm">
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" style={{ letterSpacing: 0.6 }}>
            {kicker}
          </Text>
          <Title order={2} size="h3" fw={650}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {children}
          </Text>
          {reference ? (
            <Group gap="xs" wrap="nowrap" align="center">
              <Text size="sm">Reference:</Text>
              <Code data-testid="problem-reference" style={{ wordBreak: 'break-all' }}>
                {reference}
              </Code>
              <CopyButton value={reference}>
                {({ copied, copy }) => (
                  <Button size="compact-xs" variant="subtle" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
          ) : null}
          <Group gap="sm" mt="xs">
            {onRetry ? <Button onClick={onRetry}>Try again</Button> : null}
            <Button component={Link} href="/" variant={onRetry ? 'default' : 'filled'}>
              Back to the start
            </Button>
          </Group>
        </Stack>
      </Paper>
    </Center>
  );
}

/** What a thrown value can be found by in the server's log: Next's digest, or the API's request id. */
export function referenceOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if ('digest' in error && typeof error.digest === 'string') return error.digest;
  const data = 'data' in error ? error.data : undefined;
  if (typeof data === 'object' && data !== null && 'requestId' in data && typeof data.requestId === 'string')
    return data.requestId;
  return undefined;
}
