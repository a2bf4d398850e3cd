'use client';

import { BarChart } from '@mantine/charts';
import { Paper, SimpleGrid, Text, Title, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatBucket, formatQty } from '../../../../lib/format';
import type { RouterOutputs } from '../../../../trpc/types';

type Overview = RouterOutputs['dashboard']['overview'];

/** Allocations per bucket and out-of-stock events per day, over the period. */
export function ActivityCharts({ overview }: { overview: Overview }) {
  const allocations = overview.allocations.map((b) => ({
    bucket: formatBucket(b.bucket, overview.bucket),
    Lines: b.count,
    Units: b.units,
  }));
  const outOfStock = overview.outOfStock.map((b) => ({
    bucket: formatBucket(b.bucket, 'day'),
    Events: b.count,
  }));
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
      <ChartCard
        title={`Allocations per ${overview.bucket}`}
        summary={`${formatQty(overview.figures.allocations)} lines allocated in ${allocations.length} ${overview.bucket === 'hour' ? 'hours' : 'days'} with any`}
        empty={allocations.length === 0 ? 'No line was allocated in this period.' : undefined}
      >
        <BarChart
          h={220}
          data={allocations}
          dataKey="bucket"
          series={[{ name: 'Lines', color: 'indigo.6' }]}
          tickLine="y"
          gridAxis="y"
          withTooltip
          // The figure's caption says what the drawing shows; a focusable drawing inside aria-hidden would not.
          barChartProps={{ accessibilityLayer: false }}
        />
      </ChartCard>
      <ChartCard
        title="Out-of-stock events per day"
        summary={`${formatQty(overview.figures.outOfStock)} out-of-stock events on ${outOfStock.length} days`}
        empty={outOfStock.length === 0 ? 'Nothing ran out in this period.' : undefined}
      >
        <BarChart
          h={220}
          data={outOfStock}
          dataKey="bucket"
          series={[{ name: 'Events', color: 'red.7' }]}
          tickLine="y"
          gridAxis="y"
          withTooltip
          // The figure's caption says what the drawing shows; a focusable drawing inside aria-hidden would not.
          barChartProps={{ accessibilityLayer: false }}
        />
      </ChartCard>
    </SimpleGrid>
  );
}

/** A chart with its title; the summary is what a screen reader hears instead of the drawing. */
export function ChartCard({
  title,
  summary,
  empty,
  id,
  children,
}: {
  title: ReactNode;
  summary: string;
  empty?: string | undefined;
  id?: string;
  children: ReactNode;
}) {
  return (
    <Paper p="sm" component="figure" m={0} id={id}>
      <Title order={3} size="h5" mb={4} component="figcaption">
        {title}
        <VisuallyHidden>{`: ${summary}`}</VisuallyHidden>
      </Title>
      {empty ? (
        <Text size="sm" c="dimmed" py="xl" ta="center">
          {empty}
        </Text>
      ) : (
        <div aria-hidden="true">{children}</div>
      )}
    </Paper>
  );
}
