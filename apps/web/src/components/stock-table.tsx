'use client';

import { Anchor, Code, Group, Progress, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { activityHref } from '../lib/activity-query';
import { queryErrorMessage } from '../lib/errors';
import { formatQty } from '../lib/format';
import { stockHref } from '../lib/links';
import { TABLE_LOOK } from '../lib/table-look';
import { useTRPC } from '../trpc/client';
import { ErrorNotice, Eta, Loading } from './feedback';
import { DidYouMean } from './name-field';

/** Every batch of a sku, warehouse first then by eta, with what is left of each. */
export function StockTable({ sku, highlight }: { sku: string; highlight?: readonly string[] }) {
  const trpc = useTRPC();
  const stock = useQuery(trpc.stock.forSku.queryOptions({ sku }));
  if (stock.isPending) return <Loading label={`Loading stock of ${sku}…`} />;
  if (stock.isError) {
    return <ErrorNotice title="Could not load the stock">{queryErrorMessage(stock.error)}</ErrorNotice>;
  }
  const batches = stock.data;
  if (batches.length === 0) {
    // A sku without batches is one nobody has stocked: say so, and offer the names it may have meant.
    return (
      <Stack align="center" gap={6} py="xl" data-testid="sku-not-found">
        <Text fw={600} size="sm">
          No SKU <Code>{sku}</Code>.
        </Text>
        <DidYouMean kind="sku" text={sku} href={stockHref} />
      </Stack>
    );
  }
  const totals = batches.reduce(
    (sum, b) => ({
      purchased: sum.purchased + b.purchased,
      allocated: sum.allocated + b.allocated,
      available: sum.available + b.available,
    }),
    { purchased: 0, allocated: 0, available: 0 },
  );
  return (
    // A phone scrolls the table sideways instead of the page; the keyboard can scroll it too.
    <Table.ScrollContainer
      minWidth={600}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={`Stock of ${sku} (scrolls sideways)`}
    >
      <Table {...TABLE_LOOK} aria-label={`Stock of ${sku}`} data-testid="stock-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Batch</Table.Th>
            <Table.Th>ETA</Table.Th>
            <Table.Th ta="right">Purchased</Table.Th>
            <Table.Th ta="right">Allocated</Table.Th>
            <Table.Th ta="right">Available</Table.Th>
            <Table.Th w={140}>Used</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {batches.map((batch) => {
            const used = batch.purchased === 0 ? 100 : (batch.allocated / batch.purchased) * 100;
            const marked = highlight?.includes(batch.reference);
            return (
              <Table.Tr key={batch.reference} bg={marked ? 'var(--mantine-color-indigo-light)' : undefined}>
                <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                  <Anchor
                    component={Link}
                    href={activityHref({ batchref: batch.reference })}
                    size="sm"
                    ff="monospace"
                    // The row's own text colour, underlined: readable on a marked or hovered row too.
                    c="inherit"
                    underline="always"
                    title={`Activity of batch ${batch.reference}`}
                  >
                    {batch.reference}
                  </Anchor>
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Eta eta={batch.eta} />
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {formatQty(batch.purchased)}
                </Table.Td>
                <Table.Td ta="right" className="tabular">
                  {formatQty(batch.allocated)}
                </Table.Td>
                <Table.Td
                  ta="right"
                  className="tabular"
                  fw={600}
                  c={batch.available === 0 ? 'orange.8' : undefined}
                >
                  {formatQty(batch.available)}
                </Table.Td>
                <Table.Td>
                  <Progress
                    value={Math.min(100, used)}
                    size="sm"
                    color={used >= 100 ? 'orange' : 'indigo'}
                    aria-label={`${batch.reference} ${Math.round(used)}% allocated`}
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th colSpan={2}>
              <Group gap={6}>
                <Text size="sm" fw={600}>
                  Total
                </Text>
                <Text size="xs" c="dimmed">
                  {batches.length} {batches.length === 1 ? 'batch' : 'batches'}
                </Text>
              </Group>
            </Table.Th>
            <Table.Th ta="right" className="tabular">
              {formatQty(totals.purchased)}
            </Table.Th>
            <Table.Th ta="right" className="tabular">
              {formatQty(totals.allocated)}
            </Table.Th>
            <Table.Th ta="right" className="tabular">
              {formatQty(totals.available)}
            </Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
