'use client';

import { type DashboardPeriodInput, stockForSkuInput } from '@allocation/contracts';
import { AreaChart } from '@mantine/charts';
import { Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { ErrorNotice } from '../../../../components/feedback';
import { Id } from '../../../../components/id';
import { DASHBOARD_PARAMS } from '../../../../lib/dashboard-query';
import { queryErrorMessage } from '../../../../lib/errors';
import { formatBucket, formatQty } from '../../../../lib/format';
import { formSchema, useSchemaForm } from '../../../../lib/forms';
import { useSearchState } from '../../../../lib/use-search-state';
import { useTRPC } from '../../../../trpc/client';
import type { RouterOutputs } from '../../../../trpc/types';
import { ChartCard } from './activity-charts';

type History = RouterOutputs['dashboard']['skuHistory'];

const BATCH_COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.7', 'lime.7', 'pink.6', 'yellow.7'];
const skuSchema = formSchema(stockForSkuInput);

/** One sku's available stock over the period, stacked by batch; the sku is kept in the URL. */
export function SkuStock({
  period,
  sku,
  enabled,
}: {
  period: DashboardPeriodInput;
  sku: string | undefined;
  enabled: boolean;
}) {
  const trpc = useTRPC();
  const { update } = useSearchState();
  const history = useQuery({
    ...trpc.dashboard.skuHistory.queryOptions({ sku: sku ?? '', ...period }),
    enabled: enabled && sku !== undefined,
    placeholderData: keepPreviousData,
  });
  const form = useSchemaForm({ name: 'dashboard-sku', schema: skuSchema, initialValues: { sku: sku ?? '' } });
  // Follow the URL when a link changes the sku, leaving the field alone when it already says so.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the URL's sku should reset the field
  useEffect(() => {
    if (form.getValues().sku.trim() !== (sku ?? '')) form.setFieldValue('sku', sku ?? '');
  }, [sku]);

  return (
    <Paper p="sm" component="section" aria-labelledby="sku-stock-title" id="sku-stock">
      <Stack gap="sm">
        <Title order={3} size="h5" id="sku-stock-title">
          Available stock of a SKU over time
        </Title>
        <form
          noValidate
          aria-label="Choose the SKU"
          onSubmit={form.onSubmit((values) => update({ [DASHBOARD_PARAMS.sku]: values.sku }))}
        >
          <Group align="flex-start" gap="sm">
            <TextInput
              label="SKU"
              placeholder="e.g. RED-CHAIR"
              autoComplete="off"
              w={{ base: '100%', xs: 260 }}
              {...form.getInputProps('sku')}
            />
            <Button type="submit" mt={{ base: 0, xs: 25 }}>
              Show
            </Button>
          </Group>
        </form>
        {history.error ? (
          <ErrorNotice title="Could not load the SKU’s history">
            {queryErrorMessage(history.error)}
          </ErrorNotice>
        ) : null}
        {sku && history.data ? <StockChart sku={sku} history={history.data} /> : null}
        {!sku ? (
          <Text size="sm" c="dimmed">
            Enter a SKU (or pick one from the list above) to see each of its batches’ stock over the period.
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

function StockChart({ sku, history }: { sku: string; history: History }) {
  const batches = [...new Set(history.points.map((p) => p.batchref))];
  const rows = new Map<string, Record<string, string | number>>();
  for (const point of history.points) {
    const row = rows.get(point.bucket) ?? { bucket: formatBucket(point.bucket, history.bucket) };
    row[point.batchref] = point.available;
    rows.set(point.bucket, row);
  }
  const last = history.points.length > 0 ? history.points.at(-1)?.bucket : undefined;
  const availableAtEnd = history.points
    .filter((p) => p.bucket === last)
    .reduce((sum, p) => sum + p.available, 0);
  return (
    <ChartCard
      title={
        <>
          <Text span size="sm" ff="monospace" fw={700}>
            <Id>{sku}</Id>
          </Text>
          <br />
          Available units per batch, by the {history.bucket} (UTC)
        </>
      }
      summary={`${batches.length} batches; ${formatQty(availableAtEnd)} units available at the end of the period`}
      empty={batches.length === 0 ? `No batch of ${sku} existed in this period.` : undefined}
    >
      <AreaChart
        h={260}
        data={[...rows.values()]}
        dataKey="bucket"
        type="stacked"
        curveType="step"
        withDots={false}
        series={batches.map((batchref, i) => ({
          name: batchref,
          color: BATCH_COLORS[i % BATCH_COLORS.length] ?? 'indigo.6',
        }))}
        withLegend
        areaChartProps={{ accessibilityLayer: false }}
        tickLine="y"
        gridAxis="y"
      />
    </ChartCard>
  );
}
