'use client';

import { type DashboardPeriodInput, dashboardPeriodInput } from '@allocation/contracts';
import { Button, Group, TextInput } from '@mantine/core';
import { useEffect } from 'react';
import { z } from 'zod';
import { instantOf, localInputValue } from '../../../../lib/activity-query';
import { DASHBOARD_PARAMS } from '../../../../lib/dashboard-query';
import { useSchemaForm } from '../../../../lib/forms';
import { useSearchState } from '../../../../lib/use-search-state';

type RangeValues = { from: string; to: string };

/** The fields hold `datetime-local` values (the browser's zone); the contract judges the instants they mean. */
const rangeSchema = z.object({ from: z.string(), to: z.string() }).transform((values, ctx) => {
  const parsed = dashboardPeriodInput.safeParse({
    from: instantOf(values.from, 'start'),
    to: instantOf(values.to, 'end'),
  });
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues)
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

/** A custom period, in local time; applied to the URL (and so to every chart) on submit. */
export function CustomRange({ period }: { period: DashboardPeriodInput }) {
  const { update } = useSearchState();
  const fromUrl: RangeValues = {
    from: period.from ? localInputValue(period.from) : '',
    to: period.to ? localInputValue(period.to) : '',
  };
  const form = useSchemaForm({ name: 'dashboard-range', schema: rangeSchema, initialValues: fromUrl });
  const urlKey = JSON.stringify(fromUrl);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the URL's values should reset the fields
  useEffect(() => {
    const current = form.getValues();
    if (current.from !== fromUrl.from) form.setFieldValue('from', fromUrl.from);
    if (current.to !== fromUrl.to) form.setFieldValue('to', fromUrl.to);
    if (!dashboardPeriodInput.safeParse(period).success) form.validate();
  }, [urlKey]);
  return (
    <form
      noValidate
      aria-label="Custom range"
      onSubmit={form.onSubmit((range) =>
        update({ [DASHBOARD_PARAMS.from]: range.from, [DASHBOARD_PARAMS.to]: range.to }),
      )}
    >
      <Group align="flex-start" gap="sm">
        <TextInput
          type="datetime-local"
          label="From"
          w={{ base: '100%', xs: 230 }}
          {...form.getInputProps('from')}
        />
        <TextInput
          type="datetime-local"
          label="To"
          w={{ base: '100%', xs: 230 }}
          {...form.getInputProps('to')}
        />
        <Button type="submit" mt={{ base: 0, xs: 25 }}>
          Apply
        </Button>
      </Group>
    </form>
  );
}
