'use client';

import { Button, Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { queryErrorMessage } from '../lib/errors';
import { formatQty } from '../lib/format';
import { TABLE_LOOK } from '../lib/table-look';
import { useTRPC } from '../trpc/client';
import { EmptyState, ErrorNotice, Loading } from './feedback';
import { Id } from './id';
import { SkuLink } from './name-links';

/** Where each line of an order is allocated. */
export function OrderAllocationsTable({
  orderid,
  onDeallocate,
  busy,
}: {
  orderid: string;
  /** When given, each line gets a button to deallocate it. */
  onDeallocate?: (line: { orderid: string; sku: string; qty: number; batchref: string }) => void;
  busy?: boolean;
}) {
  const trpc = useTRPC();
  const allocations = useQuery(trpc.allocation.forOrder.queryOptions({ orderid }));
  if (allocations.isPending) return <Loading label={`Loading order ${orderid}…`} />;
  if (allocations.isError) {
    return <ErrorNotice title="Could not load the order">{queryErrorMessage(allocations.error)}</ErrorNotice>;
  }
  if (allocations.data.length === 0) {
    return (
      <EmptyState title={`Order ${orderid} has no allocations`}>
        Either it was never allocated, its lines were cancelled, or nothing had stock for them.
      </EmptyState>
    );
  }
  return (
    // A phone scrolls the table sideways inside its card, not the page; the keyboard can scroll it too.
    <Table.ScrollContainer
      minWidth={0}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={`Allocations of order ${orderid} (scrolls sideways)`}
    >
      <Table {...TABLE_LOOK} aria-label={`Allocations of order ${orderid}`} data-testid="order-allocations">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>SKU</Table.Th>
            <Table.Th ta="right">Qty</Table.Th>
            <Table.Th>Batch</Table.Th>
            {onDeallocate ? <Table.Th w={1} /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {allocations.data.map((line) => (
            <Table.Tr key={line.sku}>
              <Table.Td>
                <SkuLink sku={line.sku} />
              </Table.Td>
              <Table.Td ta="right" className="tabular">
                {formatQty(line.qty)}
              </Table.Td>
              <Table.Td ff="monospace">
                <Id>{line.batchref}</Id>
              </Table.Td>
              {onDeallocate ? (
                <Table.Td>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    color="red"
                    disabled={busy}
                    aria-label={`Deallocate ${line.sku} of order ${orderid}`}
                    onClick={() => onDeallocate({ orderid, ...line })}
                  >
                    Deallocate
                  </Button>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
