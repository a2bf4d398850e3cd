import {
  type DashboardPeriodInput,
  type DashboardPreset,
  DEFAULT_DASHBOARD_PRESET,
  dashboardPeriodInput,
  sku as skuField,
} from '@allocation/contracts';

/** The dashboard's state as the URL keeps it: `period` (a preset) or `from`/`to` (ISO instants), and `sku`. */
export const DASHBOARD_PARAMS = { preset: 'period', from: 'from', to: 'to', sku: 'sku' } as const;

/** The period the URL asks for: the same on the server (prefetch) and in the browser. */
export function dashboardPeriod(params: { get(name: string): string | null }): DashboardPeriodInput {
  const read = (name: string) => {
    const value = params.get(name)?.trim() ?? '';
    return value === '' ? undefined : value;
  };
  const preset = read(DASHBOARD_PARAMS.preset);
  const from = read(DASHBOARD_PARAMS.from);
  const to = read(DASHBOARD_PARAMS.to);
  if (from === undefined && to === undefined) {
    return { preset: (preset ?? DEFAULT_DASHBOARD_PRESET) as DashboardPreset };
  }
  return {
    ...(preset !== undefined ? { preset: preset as DashboardPreset } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

/** The sku whose stock the chart shows, when the URL names a valid one. */
export function dashboardSku(params: { get(name: string): string | null }): string | undefined {
  const parsed = skuField.safeParse(params.get(DASHBOARD_PARAMS.sku)?.trim() ?? '');
  return parsed.success ? parsed.data : undefined;
}

export const isValidDashboardPeriod = (period: DashboardPeriodInput) =>
  dashboardPeriodInput.safeParse(period).success;

/** The dashboard showing one sku's stock over time (what sku links lead to). */
export const skuHistoryHref = (sku: string) =>
  `/manager/dashboard?${DASHBOARD_PARAMS.sku}=${encodeURIComponent(sku)}#sku-stock`;
