'use client';

import { Badge, Code, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { queryErrorMessage } from '../lib/errors';
import { formatQty } from '../lib/format';
import { orderHref } from '../lib/links';
import { TABLE_LOOK } from '../lib/table-look';
import { useTRPC } from '../trpc/client';
import type { RouterOutputs } from '../trpc/types';
import { ErrorNotice, Instant, Loading } from './feedback';
import { DidYouMean } from './name-field';
import { BatchLink, SkuLink } from './name-links';

type Line = RouterOutputs['allocation']['orderLines'][number];

const STATE: Record<Line['state'], { label: string; color: string }> = {
  allocated: { label: 'Allocated', color: 'teal' },
  out_of_stock: { label: 'Out of stock', color: 'orange' },
  cancelled: { label: 'Cancelled', color: 'gray' },
  unallocated: { label: 'Not allocated', color: 'gray' },
};

/**
 * Every line of an order ever seen: where each allocated one is, and which are not allocated (out of
 * stock, cancelled) and since when. An order never seen says so, with the orders it may have meant.
 */
export function OrderLinesTable({ orderid }: { orderid: string }) {
  const trpc = useTRPC();
  const lines = useQuery(trpc.allocation.orderLines.queryOptions({ orderid }));
  if (lines.isPending) return <Loading label={`Loading order ${orderid}…`} />;
  if (lines.isError) {
    return <ErrorNotice title="Could not load the order">{queryErrorMessage(lines.error)}</ErrorNotice>;
  }
  if (lines.data.length === 0) {
    return (
      <Stack align="center" gap={6} py="xl" data-testid="order-not-found">
        <Text fw={600} size="sm">
          No order <Code>{orderid}</Code> has been seen.
        </Text>
        <DidYouMean kind="order" text={orderid} href={orderHref} />
      </Stack>
    );
  }
  const allocated = lines.data.filter((line) => line.state === 'allocated').length;
  return (
    <Stack gap="xs">
      {allocated === 0 ? (
        <Text size="sm" fw={600} px="sm" pt="sm" data-testid="order-no-allocations">
          Order {orderid} has no allocated lines.
        </Text>
      ) : null}
      <Table.ScrollContainer minWidth={560} type="native">
        <Table {...TABLE_LOOK} aria-label={`Lines of order ${orderid}`} data-testid="order-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>SKU</Table.Th>
              <Table.Th ta="right">Qty</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Batch</Table.Th>
              <Table.Th>Since</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.data.map((line) => (
              <Table.Tr key={line.sku} data-state={line.state}>
                <Table.Td>
                  <SkuLink sku={line.sku} />
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {line.qty === null ? '—' : formatQty(line.qty)}
                </Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    c="var(--mantine-color-text)"
                    color={STATE[line.state].color}
                    size="sm"
                    miw="max-content"
                  >
                    {STATE[line.state].label}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {line.batchref ? <BatchLink reference={line.batchref} sku={line.sku} /> : '—'}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {line.at ? (
                    <Instant iso={line.at} />
                  ) : (
                    <Text span size="sm" c="dimmed">
                      not recorded
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
