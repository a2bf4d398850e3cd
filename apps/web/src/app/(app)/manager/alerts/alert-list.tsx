'use client';

import { alertsInput } from '@allocation/contracts';
import { Anchor, Button, Group, Paper, Stack, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import Link from 'next/link';
import { useEffect } from 'react';
import { ErrorNotice, Instant } from '../../../../components/feedback';
import { alertsQuery } from '../../../../lib/alerts-query';
import { queryErrorMessage } from '../../../../lib/errors';
import { formatQty } from '../../../../lib/format';
import { formSchema, useSchemaForm } from '../../../../lib/forms';
import { urlPaging } from '../../../../lib/paging';
import { TABLE_LOOK } from '../../../../lib/table-look';
import { useSearchState } from '../../../../lib/use-search-state';
import { useTRPC } from '../../../../trpc/client';

/** The filter box: a blank SKU means every SKU. */
const filterSchema = formSchema(alertsInput.pick({ sku: true }), { optional: ['sku'] });

export function AlertList() {
  const trpc = useTRPC();
  const { params, update } = useSearchState();
  const { pagination } = urlPaging(params, update);
  const query = alertsQuery(params);
  const sku = query.sku ?? '';
  const alerts = useQuery({
    ...trpc.alert.outOfStock.queryOptions(query),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });
  const form = useSchemaForm({ name: 'alert-filter', schema: filterSchema, initialValues: { sku } });
  // Follow the URL when it changes under us, but leave the field as typed when it says the same.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the URL value should reset the field
  useEffect(() => {
    if (form.getValues().sku.trim() !== sku) form.setFieldValue('sku', sku);
  }, [sku]);

  return (
    <Stack gap="md">
      <Paper p="sm">
        <form
          noValidate
          aria-label="Filter alerts"
          onSubmit={form.onSubmit((filter) => update({ sku: filter.sku, page: undefined }))}
        >
          <Group align="flex-start" gap="sm">
            <TextInput
              label="SKU"
              placeholder="Every SKU"
              autoComplete="off"
              w={260}
              {...form.getInputProps('sku')}
            />
            <Button type="submit" mt={25}>
              Filter
            </Button>
            {sku ? (
              <Button
                variant="subtle"
                mt={25}
                onClick={() => {
                  form.setFieldValue('sku', '');
                  update({ sku: undefined, page: undefined });
                }}
              >
                Show all
              </Button>
            ) : null}
          </Group>
        </form>
      </Paper>
      {alerts.isError ? (
        <ErrorNotice title="Could not load the alerts">{queryErrorMessage(alerts.error)}</ErrorNotice>
      ) : null}
      <Paper p={0} style={{ overflow: 'hidden' }}>
        <DataTable
          aria-label="Out-of-stock alerts"
          data-testid="alert-list"
          minHeight={alerts.data?.items.length ? undefined : 200}
          {...TABLE_LOOK}
          idAccessor={(alert) => `${alert.at}/${alert.orderid}/${alert.sku}`}
          records={alerts.data?.items ?? []}
          fetching={alerts.isFetching && !alerts.data}
          noRecordsText={
            sku ? `No out-of-stock alerts for ${sku}` : 'No out-of-stock alerts: every line found stock'
          }
          columns={[
            {
              accessor: 'at',
              title: 'When',
              noWrap: true,
              render: (alert) => <Instant iso={alert.at} />,
            },
            {
              accessor: 'sku',
              title: 'SKU',
              render: (alert) => (
                <Anchor
                  component={Link}
                  href={`/manager/stock?sku=${encodeURIComponent(alert.sku)}`}
                  size="sm"
                >
                  {alert.sku}
                </Anchor>
              ),
            },
            {
              accessor: 'orderid',
              title: 'Order',
              render: (alert) => (
                <Anchor
                  component={Link}
                  href={`/manager/orders?orderid=${encodeURIComponent(alert.orderid)}`}
                  size="sm"
                  ff="monospace"
                >
                  {alert.orderid}
                </Anchor>
              ),
            },
            {
              accessor: 'qty',
              title: 'Qty asked',
              textAlign: 'right',
              render: (alert) => formatQty(alert.qty),
            },
          ]}
          {...pagination(alerts.data?.total ?? 0)}
        />
      </Paper>
    </Stack>
  );
}
