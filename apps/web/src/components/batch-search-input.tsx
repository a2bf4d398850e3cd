'use client';

import { Autocomplete, type AutocompleteProps, Group, Stack, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { formatQty } from '../lib/format';
import { useTRPC } from '../trpc/client';
import type { RouterOutputs } from '../trpc/types';

export type FoundBatch = RouterOutputs['batch']['search'][number];

/**
 * A batch reference field that suggests batches as one types: the server's search (reference or
 * sku, any case, top 10), each with its sku, quantity and what is allocated; arrows and Enter pick
 * one. The field holds exactly what was typed or picked; `onPick` hears which batch was picked.
 */
export function BatchSearchInput({
  value,
  onPick,
  ...props
}: Omit<AutocompleteProps, 'data' | 'filter' | 'renderOption' | 'value'> & {
  value: string;
  onPick?: (batch: FoundBatch) => void;
}) {
  const trpc = useTRPC();
  const [text] = useDebouncedValue(value.trim(), 200);
  const found = useQuery({
    ...trpc.batch.search.queryOptions({ text }),
    enabled: text !== '',
    placeholderData: (previous) => previous,
  });
  const batches = text === '' ? [] : (found.data ?? []);
  const byReference = new Map(batches.map((batch) => [batch.reference, batch]));
  return (
    <Autocomplete
      autoComplete="off"
      {...props}
      value={value}
      data={batches.map((batch) => batch.reference)}
      // The server already chose and ordered them.
      filter={({ options }) => options}
      limit={10}
      // Wide enough for a reference and its sku on one line, even beside a narrow field on a phone.
      comboboxProps={{ width: 'max-content', position: 'bottom-start', ...props.comboboxProps }}
      onOptionSubmit={(reference) => {
        const batch = byReference.get(reference);
        if (batch) onPick?.(batch);
      }}
      renderOption={({ option }) => {
        const batch = byReference.get(option.value);
        if (!batch) return option.value;
        return (
          <Stack gap={0}>
            <Text size="sm" ff="monospace" fw={600}>
              {batch.reference}
            </Text>
            <Group gap="xs" wrap="nowrap">
              <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
                {batch.sku}
              </Text>
              <Text size="xs" c="dimmed" className="tabular" style={{ whiteSpace: 'nowrap' }}>
                {formatQty(batch.purchased)} units, {formatQty(batch.allocated)} allocated
              </Text>
            </Group>
          </Stack>
        );
      }}
    />
  );
}
