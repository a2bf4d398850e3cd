import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function PageHeader({
  title,
  description,
  actions,
}: {
  title: string;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    // On a narrow screen the actions go under the title rather than past the edge.
    <Group justify="space-between" align="flex-end" mb="md" gap="sm">
      <Stack gap={2} style={{ flex: '1 1 16rem', minWidth: 0 }}>
        <Title order={2} size="h3" fw={650}>
          {title}
        </Title>
        {description ? (
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        ) : null}
      </Stack>
      {actions}
    </Group>
  );
}
