'use client';

import { Badge, Paper, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import { useEffect, useState } from 'react';
import { queryErrorMessage } from '../lib/errors';
import { formatQty } from '../lib/format';
import { urlPaging } from '../lib/paging';
import { skuListQuery } from '../lib/sku-list-query';
import { TABLE_LOOK } from '../lib/table-look';
import { useSearchState } from '../lib/use-search-state';
import { useTRPC } from '../trpc/client';
import type { RouterOutputs } from '../trpc/types';
import { AvailableQty } from './available-qty';
import { ErrorNotice, Eta } from './feedback';
import { SkuLink } from './name-links';

type Row = RouterOutputs['stock']['skus']['items'][number];

/**
 * The sku overview: every sku with the totals of its batches and its open alerts; searched, sorted
 * and paged by the server, the state kept in the URL (`q`, `sort`, `dir`, `page`, `size`).
 */
export function SkuList() {
  const trpc = useTRPC();
  const { params, update } = useSearchState();
  const query = skuListQuery(params);
  const { pagination } = urlPaging(params, update);
  const list = useQuery({ ...trpc.stock.skus.queryOptions(query), placeholderData: keepPreviousData });
  const search = query.search ?? '';
  const [text, setText] = useState(search);
  // Follow the URL when it changes under us, but leave the box as typed when it says the same.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the URL value should reset the box
  useEffect(() => {
    if (text.trim() !== search) setText(search);
  }, [search]);
  const pushSearch = useDebouncedCallback((q: string) => update({ q: q.trim(), page: undefined }), 300);
  const sortStatus: DataTableSortStatus<Row> = {
    columnAccessor: query.sort ?? 'sku',
    direction: query.direction ?? 'asc',
  };
  return (
    <Stack gap="md">
      <Paper p="sm" role="search" aria-label="Search SKUs">
        <TextInput
          label="SKU contains"
          placeholder="Any SKU"
          autoComplete="off"
          w={260}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            pushSearch(event.currentTarget.value);
          }}
        />
      </Paper>
      {list.isError ? (
        <ErrorNotice title="Could not load the SKUs">{queryErrorMessage(list.error)}</ErrorNotice>
      ) : null}
      <Paper p={0} style={{ overflow: 'hidden' }}>
        <DataTable<Row>
          aria-label="SKUs"
          data-testid="sku-list"
          minHeight={list.data?.items.length ? undefined : 200}
          {...TABLE_LOOK}
          idAccessor="sku"
          records={list.data?.items ?? []}
          fetching={list.isFetching && !list.data}
          loadingText="Loading SKUs…"
          noRecordsText={search ? `No SKU contains “${search}”` : 'No SKUs yet: add a batch to stock one'}
          columns={[
            {
              accessor: 'sku',
              title: 'SKU',
              sortable: true,
              noWrap: true,
              render: (row) => <SkuLink sku={row.sku} />,
            },
            ...(['purchased', 'allocated'] as const).map((accessor) => ({
              accessor,
              title: accessor === 'purchased' ? 'Purchased' : 'Allocated',
              sortable: true,
              noWrap: true,
              textAlign: 'right' as const,
              render: (row: Row) => formatQty(row[accessor]),
            })),
            {
              accessor: 'available',
              title: 'Available',
              sortable: true,
              noWrap: true,
              textAlign: 'right',
              render: (row) => <AvailableQty qty={row.available} />,
            },
            {
              accessor: 'batches',
              title: 'Batches',
              sortable: true,
              noWrap: true,
              textAlign: 'right',
              render: (row) => formatQty(row.batches),
            },
            {
              accessor: 'nextEta',
              title: 'Next ETA',
              sortable: true,
              noWrap: true,
              render: (row) => (row.nextEta ? <Eta eta={row.nextEta} /> : '—'),
            },
            {
              accessor: 'openAlerts',
              title: 'Open alerts',
              sortable: true,
              noWrap: true,
              textAlign: 'right',
              render: (row) =>
                row.openAlerts > 0 ? (
                  <Badge color="orange" variant="light" c="var(--mantine-color-text)" size="sm">
                    {formatQty(row.openAlerts)}
                  </Badge>
                ) : (
                  '0'
                ),
            },
          ]}
          sortStatus={sortStatus}
          onSortStatusChange={(status) =>
            update({
              sort: status.columnAccessor === 'sku' ? undefined : String(status.columnAccessor),
              dir: status.direction === 'asc' ? undefined : 'desc',
              page: undefined,
            })
          }
          {...pagination(list.data?.total ?? 0)}
        />
      </Paper>
    </Stack>
  );
}
