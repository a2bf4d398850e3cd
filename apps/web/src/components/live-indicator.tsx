'use client';

import { Badge, Tooltip } from '@mantine/core';
import type { LiveStatus } from '../trpc/live-views';

const LOOK: Record<LiveStatus, { label: string; color: string; hint: string }> = {
  connected: { label: 'Live', color: 'teal', hint: 'Views update by themselves as stock changes' },
  reconnecting: {
    label: 'Reconnecting…',
    color: 'yellow',
    hint: 'The live connection dropped; it comes back by itself',
  },
  offline: {
    label: 'Offline',
    color: 'gray',
    hint: 'Views do not update by themselves until the connection is back',
  },
};

/** The live connection's state, in words (the colour only repeats them). */
export function LiveIndicator({ status }: { status: LiveStatus }) {
  const look = LOOK[status];
  return (
    <Tooltip label={look.hint}>
      <Badge
        variant="dot"
        color={look.color}
        size="sm"
        role="status"
        aria-live="polite"
        data-testid="live-status"
        data-status={status}
        // Never cut to "L…" in a narrow header: the words are the indicator.
        style={{ flexShrink: 0 }}
        styles={{ label: { overflow: 'visible' } }}
      >
        {look.label}
      </Badge>
    </Tooltip>
  );
}
