'use client';

import { alertsInput } from '@allocation/contracts';
import { Badge, Button, Group, Input, Paper, SegmentedControl, Stack, Text } from '@mantine/core';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { useEffect, useState } from 'react';
import { ErrorNotice, Instant } from '../../../../components/feedback';
import { NameField } from '../../../../components/name-field';
import { OrderLink, SkuLink } from '../../../../components/name-links';
import { alertsQuery } from '../../../../lib/alerts-query';
import { queryErrorMessage } from '../../../../lib/errors';
import { formatQty } from '../../../../lib/format';
import { formSchema, useSchemaForm } from '../../../../lib/forms';
import { urlPaging } from '../../../../lib/paging';
import { TABLE_LOOK } from '../../../../lib/table-look';
import { useSearchState } from '../../../../lib/use-search-state';
import { useTRPC } from '../../../../trpc/client';
import { useInvalidateAfter } from '../../../../trpc/invalidate';
import type { RouterOutputs } from '../../../../trpc/types';

type Alert = RouterOutputs['alert']['outOfStock']['items'][number];

/** The filter box: a blank SKU means every SKU. */
const filterSchema = formSchema(alertsInput.pick({ sku: true }), { optional: ['sku'] });

/** Each alert's key: when, which order, which sku. */
const alertKey = (alert: Alert) => `${alert.at}/${alert.orderid}/${alert.sku}`;

export function AlertList({ canRetry }: { canRetry: boolean }) {
  const trpc = useTRPC();
  const { params, update } = useSearchState();
  const { pagination } = urlPaging(params, update);
  const query = alertsQuery(params);
  const sku = query.sku ?? '';
  const state = query.state ?? 'all';
  // What each retry came to, kept here so it stays in its row when the row turns resolved.
  const [retried, setRetried] = useState<Record<string, string>>({});
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
            <NameField
              kind="sku"
              label="SKU"
              placeholder="Every SKU"
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
            <Stack gap={4}>
              <Input.Label id="alert-state-label">State</Input.Label>
              <SegmentedControl
                aria-labelledby="alert-state-label"
                size="sm"
                value={state}
                onChange={(value) => update({ state: value === 'all' ? undefined : value, page: undefined })}
                data={[
                  { value: 'all', label: 'All' },
                  { value: 'open', label: 'Open' },
                  { value: 'resolved', label: 'Resolved' },
                ]}
              />
            </Stack>
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
          idAccessor={alertKey}
          records={alerts.data?.items ?? []}
          fetching={alerts.isFetching && !alerts.data}
          noRecordsText={
            state === 'resolved'
              ? 'No resolved alerts'
              : sku
                ? `No ${state === 'open' ? 'open ' : ''}out-of-stock alerts for ${sku}`
                : `No ${state === 'open' ? 'open ' : ''}out-of-stock alerts: every line found stock`
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
              render: (alert) => <SkuLink sku={alert.sku} />,
            },
            {
              accessor: 'orderid',
              title: 'Order',
              render: (alert) => <OrderLink orderid={alert.orderid} />,
            },
            {
              accessor: 'qty',
              title: 'Qty asked',
              textAlign: 'right',
              render: (alert) => formatQty(alert.qty),
            },
            {
              accessor: 'state',
              title: 'State',
              noWrap: true,
              render: (alert) =>
                alert.state === 'open' ? (
                  <Badge
                    color="orange"
                    variant="light"
                    c="var(--mantine-color-text)"
                    size="sm"
                    miw="max-content"
                  >
                    Open
                  </Badge>
                ) : (
                  <Group gap={6} wrap="nowrap">
                    <Badge
                      color="teal"
                      variant="light"
                      c="var(--mantine-color-text)"
                      size="sm"
                      miw="max-content"
                    >
                      Resolved
                    </Badge>
                    {alert.resolvedAt ? (
                      <Text span size="xs" c="dimmed">
                        <Instant iso={alert.resolvedAt} />
                      </Text>
                    ) : null}
                  </Group>
                ),
            },
            ...(canRetry
              ? [
                  {
                    accessor: 'retry',
                    title: 'Retry',
                    noWrap: true,
                    render: (alert: Alert) => {
                      const said = retried[alertKey(alert)];
                      return alert.state === 'open' || said ? (
                        <RetryAlert
                          alert={alert}
                          outcome={said}
                          onOutcome={(text) => setRetried((all) => ({ ...all, [alertKey(alert)]: text }))}
                        />
                      ) : null;
                    },
                  },
                ]
              : []),
          ]}
          {...pagination(alerts.data?.total ?? 0)}
        />
      </Paper>
    </Stack>
  );
}

/**
 * Allocates an open alert's line again now (an Allocate command, like any order line), and says in
 * the row what came of it.
 */
function RetryAlert({
  alert,
  outcome,
  onOutcome,
}: {
  alert: Alert;
  /** What the last retry came to, if any. */
  outcome: string | undefined;
  onOutcome: (text: string) => void;
}) {
  const trpc = useTRPC();
  const invalidateAfter = useInvalidateAfter();
  const retry = useMutation(
    trpc.allocation.allocate.mutationOptions({
      onSuccess: async (result) => {
        onOutcome(result.status === 'allocated' ? `Allocated to ${result.batchref}` : 'Still out of stock');
        await invalidateAfter.allocate(result);
      },
      onError: (error) => onOutcome(queryErrorMessage(error)),
    }),
  );
  return (
    <Group gap={8} wrap="nowrap" data-testid="alert-retry">
      {alert.state === 'open' ? (
        <Button
          size="compact-sm"
          variant="light"
          c="var(--mantine-color-text)"
          loading={retry.isPending}
          aria-label={`Retry ${alert.sku} of order ${alert.orderid}`}
          onClick={() => retry.mutate({ orderid: alert.orderid, sku: alert.sku, qty: alert.qty })}
        >
          Retry
        </Button>
      ) : null}
      <Text span size="sm" aria-live="polite" data-testid="alert-retry-outcome">
        {outcome ?? ''}
      </Text>
    </Group>
  );
}
