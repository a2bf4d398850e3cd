'use client';

import { Anchor, Paper, ScrollArea, Table, Text, Title } from '@mantine/core';
import Link from 'next/link';
import { DASHBOARD_PARAMS } from '../../../../lib/dashboard-query';
import { formatQty } from '../../../../lib/format';
import { useSearchState } from '../../../../lib/use-search-state';
import type { RouterOutputs } from '../../../../trpc/types';

type Cover = RouterOutputs['dashboard']['overview']['runningOut'][number];

const cover = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });
const rate = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 });

/** The skus whose stock lasts the fewest days at the last 7 days' allocation rate. */
export function RunningOut({ covers }: { covers: readonly Cover[] }) {
  const { params } = useSearchState();
  // The sku's chart below, over the same period.
  const chartOf = (sku: string) => {
    const next = new URLSearchParams(params.toString());
    next.set(DASHBOARD_PARAMS.sku, sku);
    return `?${next.toString()}#sku-stock`;
  };
  return (
    <Paper p="sm" component="section" aria-labelledby="running-out-title">
      <Title order={3} size="h5" id="running-out-title">
        Closest to running out
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Days of cover: units available now ÷ units allocated per day over the last 7 days of the period.
      </Text>
      {covers.length === 0 ? (
        <Text size="sm" c="dimmed">
          No SKU had an allocation in the last 7 days of the period.
        </Text>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover miw={420}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>SKU</Table.Th>
                <Table.Th ta="right">Available</Table.Th>
                <Table.Th ta="right">Allocated per day</Table.Th>
                <Table.Th ta="right">Days of cover</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {covers.map((c) => (
                <Table.Tr key={c.sku}>
                  <Table.Td>
                    <Anchor
                      component={Link}
                      href={chartOf(c.sku)}
                      scroll={false}
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {c.sku}
                    </Anchor>
                  </Table.Td>
                  <Table.Td ta="right">{formatQty(c.available)}</Table.Td>
                  <Table.Td ta="right">{rate.format(c.allocatedPerDay)}</Table.Td>
                  <Table.Td ta="right" fw={c.daysOfCover < 7 ? 650 : undefined}>
                    {cover.format(c.daysOfCover)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
    </Paper>
  );
}
