'use client';

import { batchListInput } from '@allocation/contracts';
import { Anchor, Button, Group, Input, Paper, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable, type DataTableSortStatus } from 'mantine-datatable';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { AvailableQty } from '../../../../components/available-qty';
import { ErrorNotice, Eta } from '../../../../components/feedback';
import { BatchLink, SkuLink } from '../../../../components/name-links';
import { activityHref } from '../../../../lib/activity-query';
import {
  type BatchListState,
  queryOf,
  type SortField,
  searchOf,
  stateFromParams,
} from '../../../../lib/batch-list-query';
import { queryErrorMessage } from '../../../../lib/errors';
import { formatQty } from '../../../../lib/format';
import { problemsOf } from '../../../../lib/forms';
import { pagination } from '../../../../lib/paging';
import { DATA_TABLE_LOOK } from '../../../../lib/table-look';
import { useSearchState } from '../../../../lib/use-search-state';
import { useTRPC } from '../../../../trpc/client';
import type { RouterOutputs } from '../../../../trpc/types';

type Row = RouterOutputs['batch']['list']['items'][number];

export function BatchList() {
  const trpc = useTRPC();
  const { params, replace } = useSearchState();
  // The filters live in React state (so quick successive changes never undo each other) and are
  // mirrored into the URL, so a view can be bookmarked and shared.
  const [state, setState] = useState<BatchListState>(() => stateFromParams(params));
  const inUrl = useRef(searchOf(state));
  const urlSearch = params.toString();
  useEffect(() => {
    // The URL changed under us (back/forward, a link): follow it.
    if (urlSearch === inUrl.current) return;
    inUrl.current = urlSearch;
    setState(stateFromParams(new URLSearchParams(urlSearch)));
  }, [urlSearch]);
  useEffect(() => {
    const search = searchOf(state);
    if (search === inUrl.current) return;
    inUrl.current = search;
    replace(search);
  }, [state, replace]);
  const set = (changes: Partial<BatchListState>) =>
    setState((current) => ({ ...current, page: 1, ...changes }));

  // The sku box updates the filter a moment after typing stops, not on every key.
  const [skuText, setSkuText] = useState(state.sku);
  useEffect(() => setSkuText(state.sku), [state.sku]);
  const pushSku = useDebouncedCallback((sku: string) => set({ sku }), 300);
  // Text typed into the server-rendered box before the page became interactive is kept, not dropped.
  const skuBox = useRef<HTMLInputElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the page becomes interactive
  useEffect(() => {
    const typed = skuBox.current?.value;
    if (typed !== undefined && typed !== state.sku) {
      setSkuText(typed);
      pushSku(typed);
    }
  }, []);

  const query = queryOf(state);
  const problems = problemsOf(batchListInput, query);
  const valid = Object.keys(problems).length === 0;
  const list = useQuery({
    ...trpc.batch.list.queryOptions(query),
    enabled: valid,
    placeholderData: keepPreviousData,
  });

  const sortStatus: DataTableSortStatus<Row> = { columnAccessor: state.sort, direction: state.direction };
  const filtered = state.sku !== '' || state.stock !== 'all' || state.etaFrom !== '' || state.etaTo !== '';

  return (
    <Stack gap="md">
      <Paper p="sm">
        <Group align="flex-start" gap="sm" wrap="wrap" role="search" aria-label="Filter batches">
          <TextInput
            ref={skuBox}
            label="SKU contains"
            placeholder="Any SKU"
            value={skuText}
            onChange={(event) => {
              setSkuText(event.currentTarget.value);
              pushSku(event.currentTarget.value);
            }}
            error={problems.sku}
            w={220}
          />
          <Stack gap={4}>
            <Input.Label id="stock-filter-label">Stock left</Input.Label>
            <SegmentedControl
              aria-labelledby="stock-filter-label"
              size="sm"
              value={state.stock}
              onChange={(value) => set({ stock: value as BatchListState['stock'] })}
              data={[
                { value: 'all', label: 'All' },
                { value: 'in', label: 'Available' },
                { value: 'out', label: 'Exhausted' },
              ]}
            />
          </Stack>
          <TextInput
            type="date"
            label="ETA from"
            value={state.etaFrom}
            onChange={(event) => set({ etaFrom: event.currentTarget.value })}
            error={problems.etaFrom}
            w={170}
          />
          <TextInput
            type="date"
            label="ETA to"
            value={state.etaTo}
            onChange={(event) => set({ etaTo: event.currentTarget.value })}
            error={problems.etaTo}
            w={170}
          />
          <Button
            variant="subtle"
            mt={25}
            disabled={!filtered}
            onClick={() => {
              setSkuText('');
              set({ sku: '', stock: 'all', etaFrom: '', etaTo: '' });
            }}
          >
            Clear filters
          </Button>
        </Group>
        {state.etaFrom || state.etaTo ? (
          <Text size="xs" c="dimmed" mt={6}>
            An eta range leaves out warehouse stock (it has no eta).
          </Text>
        ) : null}
      </Paper>
      {list.isError ? (
        <ErrorNotice title="Could not load the batches">{queryErrorMessage(list.error)}</ErrorNotice>
      ) : null}
      <Paper p={0} style={{ overflow: 'hidden' }}>
        <DataTable<Row>
          aria-label="Batches"
          data-testid="batch-list"
          minHeight={list.data?.items.length ? undefined : 220}
          {...DATA_TABLE_LOOK}
          idAccessor="reference"
          records={list.data?.items ?? []}
          // Not a background refetch of what is shown: the first render in the browser must match the
          // server's HTML, and prefetched data gone stale by then (a slow hydration) is refetched at once.
          fetching={valid && list.isFetching && (!list.data || list.isPlaceholderData)}
          loadingText="Loading batches…"
          noRecordsText={filtered ? 'No batches match these filters' : 'No batches yet'}
          columns={[
            {
              accessor: 'reference',
              title: 'Batch',
              sortable: true,
              noWrap: true,
              render: (row) => <BatchLink reference={row.reference} sku={row.sku} />,
            },
            {
              accessor: 'sku',
              title: 'SKU',
              sortable: true,
              noWrap: true,
              render: (row) => <SkuLink sku={row.sku} />,
            },
            {
              accessor: 'eta',
              title: 'ETA',
              sortable: true,
              noWrap: true,
              render: (row) => <Eta eta={row.eta} />,
            },
            {
              accessor: 'purchased',
              title: 'Purchased',
              sortable: true,
              noWrap: true,
              textAlign: 'right',
              render: (row) => formatQty(row.purchased),
            },
            {
              accessor: 'allocated',
              title: 'Allocated',
              sortable: true,
              noWrap: true,
              textAlign: 'right',
              render: (row) => formatQty(row.allocated),
            },
            {
              accessor: 'available',
              title: 'Available',
              sortable: true,
              noWrap: true,
              textAlign: 'right',
              render: (row) => <AvailableQty qty={row.available} />,
            },
            {
              accessor: 'history',
              title: 'History',
              noWrap: true,
              render: (row) => (
                <Anchor
                  component={Link}
                  href={activityHref({ batchref: row.reference })}
                  size="sm"
                  aria-label={`Activity of batch ${row.reference}`}
                >
                  Activity
                </Anchor>
              ),
            },
          ]}
          sortStatus={sortStatus}
          onSortStatusChange={(status) =>
            set({ sort: status.columnAccessor as SortField, direction: status.direction })
          }
          {...pagination({
            total: list.data?.total ?? 0,
            page: state.page,
            pageSize: state.pageSize,
            onPage: (page) => setState((current) => ({ ...current, page })),
            onPageSize: (pageSize) => set({ pageSize }),
          })}
        />
      </Paper>
    </Stack>
  );
}
