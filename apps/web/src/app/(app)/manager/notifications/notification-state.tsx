import { Badge, Stack, Text } from '@mantine/core';
import { Instant } from '../../../../components/feedback';

export interface NotificationDelivery {
  readonly state: 'pending' | 'sent' | 'failing' | 'recorded';
  readonly dueAt: string;
  readonly sentAt: string | null;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly nextAttemptAt: string | null;
}

const LOOK = {
  pending: { color: 'gray', label: 'Pending' },
  sent: { color: 'teal', label: 'Sent' },
  failing: { color: 'red', label: 'Failing' },
  recorded: { color: 'blue', label: 'Recorded' },
} as const;

/** How an email fared: pending (and from when), sent or recorded (when), failing (tries, error, next try). */
export function NotificationState({ n }: { n: NotificationDelivery }) {
  const look = LOOK[n.state];
  return (
    <Stack gap={2} data-testid="notification-state">
      <Badge variant="light" color={look.color} size="sm" radius="sm">
        {look.label}
      </Badge>
      {n.sentAt ? (
        <Text size="xs" c="dimmed">
          <Instant iso={n.sentAt} />
        </Text>
      ) : null}
      {n.state === 'pending' ? (
        <Text size="xs" c="dimmed">
          due <Instant iso={n.dueAt} />
        </Text>
      ) : null}
      {n.state === 'failing' ? (
        <>
          <Text size="xs">
            {n.attempts} failed {n.attempts === 1 ? 'attempt' : 'attempts'}
            {n.nextAttemptAt ? (
              <>
                , next try <Instant iso={n.nextAttemptAt} />
              </>
            ) : null}
          </Text>
          {n.lastError ? (
            <Text size="xs" c="red" lineClamp={2} title={n.lastError}>
              {n.lastError}
            </Text>
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
