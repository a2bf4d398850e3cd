'use client';

import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

export interface ConfirmChoice {
  readonly label: string;
  readonly onChoose: () => void;
  readonly color?: string;
  readonly variant?: 'filled' | 'light' | 'default' | 'subtle';
}

/**
 * A question asked before something happens: what it is, and the choices. Cancel (or Escape) does
 * nothing; the first choice has the focus.
 */
export function ConfirmDialog({
  opened,
  title,
  children,
  choices,
  onCancel,
  testId,
}: {
  opened: boolean;
  title: string;
  children: ReactNode;
  choices: readonly ConfirmChoice[];
  onCancel: () => void;
  testId: string;
}) {
  return (
    <Modal opened={opened} onClose={onCancel} title={title} centered data-testid={testId}>
      <Stack gap="md">
        {children}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          {choices.map((choice, index) => (
            <Button
              key={choice.label}
              color={choice.color}
              variant={choice.variant ?? 'filled'}
              data-autofocus={index === 0 ? true : undefined}
              onClick={choice.onChoose}
            >
              {choice.label}
            </Button>
          ))}
        </Group>
      </Stack>
    </Modal>
  );
}
