'use client';

import { DASHBOARD_PRESETS, type DashboardPreset } from '@allocation/contracts';
import { Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ErrorNotice, Instant } from '../../../../components/feedback';
import {
  DASHBOARD_PARAMS,
  dashboardPeriod,
  dashboardSku,
  isValidDashboardPeriod,
} from '../../../../lib/dashboard-query';
import { queryErrorMessage } from '../../../../lib/errors';
import { formatQty } from '../../../../lib/format';
import { useSearchState } from '../../../../lib/use-search-state';
import { useTRPC } from '../../../../trpc/client';
import type { RouterOutputs } from '../../../../trpc/types';
import { ActivityCharts } from './activity-charts';
import { CustomRange } from './custom-range';
import { RunningOut } from './running-out';
import { SkuStock } from './sku-stock';

type Overview = RouterOutputs['dashboard']['overview'];

const PRESET_LABELS: Record<DashboardPreset, string> = {
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
};
const SHORT_LABELS: Record<DashboardPreset, string> = { '24h': '24 h', '7d': '7 days', '30d': '30 days' };
const CUSTOM = 'custom';

export function DashboardView() {
  const trpc = useTRPC();
  const { params, update } = useSearchState();
  const period = dashboardPeriod(params);
  const valid = isValidDashboardPeriod(period);
  const sku = dashboardSku(params);
  const overview = useQuery({
    ...trpc.dashboard.overview.queryOptions(period),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const custom = period.preset === undefined;

  return (
    <Stack gap="lg">
      <Paper p="sm">
        <Stack gap="sm">
          <Text size="sm" fw={600} id="period-label">
            Period
          </Text>
          <SegmentedControl
            aria-labelledby="period-label"
            value={custom ? CUSTOM : (period.preset ?? CUSTOM)}
            onChange={(value) =>
              update(
                value === CUSTOM
                  ? { [DASHBOARD_PARAMS.preset]: undefined, ...customDefaults(overview.data) }
                  : {
                      [DASHBOARD_PARAMS.preset]: value,
                      [DASHBOARD_PARAMS.from]: undefined,
                      [DASHBOARD_PARAMS.to]: undefined,
                    },
              )
            }
            data={[
              ...Object.keys(DASHBOARD_PRESETS).map((preset) => ({
                value: preset,
                label: (
                  <span title={`The last ${PRESET_LABELS[preset as DashboardPreset]}`}>
                    {SHORT_LABELS[preset as DashboardPreset]}
                  </span>
                ),
              })),
              { value: CUSTOM, label: 'Custom' },
            ]}
            fullWidth
            style={{ maxWidth: 620 }}
          />
          {custom ? <CustomRange period={period} /> : null}
          {overview.data ? (
            <Text size="sm" c="dimmed" aria-live="polite">
              From <Instant iso={overview.data.from} /> to <Instant iso={overview.data.to} />; charts by the{' '}
              {overview.data.bucket} (UTC).
            </Text>
          ) : null}
        </Stack>
      </Paper>

      {overview.error ? (
        <ErrorNotice title="Could not load the dashboard">{queryErrorMessage(overview.error)}</ErrorNotice>
      ) : null}

      {overview.data ? (
        <>
          <Figures overview={overview.data} />
          <ActivityCharts overview={overview.data} />
          <RunningOut covers={overview.data.runningOut} />
        </>
      ) : null}

      <SkuStock period={period} sku={sku} enabled={valid} />
    </Stack>
  );
}

/** Custom starts from the period on screen, so switching to it changes nothing until the user edits it. */
function customDefaults(overview: Overview | undefined): Partial<Record<string, string>> {
  if (!overview) return {};
  return { [DASHBOARD_PARAMS.from]: overview.from, [DASHBOARD_PARAMS.to]: overview.to };
}

function Figures({ overview }: { overview: Overview }) {
  const { figures } = overview;
  const items: { label: string; value: string; hint: string }[] = [
    { label: 'SKUs', value: formatQty(figures.skus), hint: 'with stock at the end of the period' },
    { label: 'Units purchased', value: formatQty(figures.purchased), hint: 'in every batch, at the end' },
    { label: 'Units allocated', value: formatQty(figures.allocated), hint: 'to order lines, at the end' },
    { label: 'Units available', value: formatQty(figures.available), hint: 'not yet allocated, at the end' },
    {
      label: 'Allocations',
      value: formatQty(figures.allocations),
      hint: `${formatQty(figures.unitsAllocated)} units, during the period`,
    },
    { label: 'Out-of-stock events', value: formatQty(figures.outOfStock), hint: 'lines no batch could take' },
    {
      label: 'Fill rate',
      value: figures.fillRate === null ? '—' : `${(figures.fillRate * 100).toFixed(1)}%`,
      hint: figures.fillRate === null ? 'no line was asked for' : 'allocated lines / lines asked',
    },
  ];
  return (
    <section aria-labelledby="figures-title">
      <Title order={3} size="h4" id="figures-title" mb="xs">
        Figures
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm">
        {items.map((item) => (
          <Paper key={item.label} p="sm">
            <Text size="sm" c="dimmed">
              {item.label}
            </Text>
            <Text fz={26} fw={650} lh={1.2} data-figure={item.label}>
              {item.value}
            </Text>
            <Text size="xs" c="dimmed">
              {item.hint}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  );
}
