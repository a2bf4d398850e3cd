import { Paper, Skeleton, Stack } from '@mantine/core';

/** Shown while a page's data is fetched on the server: the page's outline, not a blank. */
export default function PageLoading() {
  return (
    <Stack gap="md" role="status" aria-live="polite" aria-label="Loading the page">
      <Stack gap={6}>
        <Skeleton height={24} width={260} radius="sm" />
        <Skeleton height={14} width={420} maw="100%" radius="sm" />
      </Stack>
      <Paper>
        <Stack gap="sm">
          <Skeleton height={32} radius="sm" />
          <Skeleton height={18} radius="sm" />
          <Skeleton height={18} radius="sm" />
          <Skeleton height={18} width="70%" radius="sm" />
        </Stack>
      </Paper>
    </Stack>
  );
}
