'use client';

import { activityFilter, activityInput, TIME_RANGE_ORDER } from '@allocation/contracts';
import {
  Badge,
  Button,
  Group,
  type MantineTheme,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { DataTable } from 'mantine-datatable';
import { Fragment, useEffect } from 'react';
import { z } from 'zod';
import { ErrorNotice, Instant } from '../../../../components/feedback';
import { Id, KeepIds } from '../../../../components/id';
import { BatchLink, OrderLink, SkuLink } from '../../../../components/name-links';
import {
  ACTIVITY_PARAMS,
  activityQuery,
  instantOf,
  isValidActivityQuery,
  localInputValue,
} from '../../../../lib/activity-query';
import { queryErrorMessage } from '../../../../lib/errors';
import { formatQty } from '../../../../lib/format';
import { formSchema, useSchemaForm } from '../../../../lib/forms';
import { urlPaging } from '../../../../lib/paging';
import { DATA_TABLE_LOOK } from '../../../../lib/table-look';
import { useSearchState } from '../../../../lib/use-search-state';
import { useTRPC } from '../../../../trpc/client';
import type { RouterOutputs } from '../../../../trpc/types';

type Row = RouterOutputs['activity']['list']['items'][number];

const COMMAND_LABELS: Record<string, string> = {
  CreateBatch: 'Add batch',
  Allocate: 'Allocate',
  ChangeBatchQuantity: 'Change batch quantity',
  Deallocate: 'Deallocate',
};
const COMMAND_OPTIONS = Object.entries(COMMAND_LABELS).map(([value, label]) => ({ value, label }));

const ACTOR_KINDS: Record<Row['actor']['kind'], string> = {
  user: 'person',
  'api-key': 'API key',
  service: 'service',
};

/** The service's own processes, by what they do (their names, e.g. `redis:…`, are for developers). */
const SERVICES: Record<string, string> = {
  'redis:change_batch_quantity': 'Request from another system',
  'cli:demo-data': 'Demo data',
  'cli:allocation import': 'Import from a file',
  'cli:allocate-from-csv': 'Import from a CSV file',
};

/** A `datetime-local` value (the browser's zone). */
const localInstant = (subject: string) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/, `${subject} must be a date and time`)
    .optional();

/** The filter form: the contract's rules for each field, the time range in the browser's own zone. */
const filterSchema = formSchema(
  activityFilter
    .extend({ from: localInstant('From'), to: localInstant('To') })
    .refine((v) => !v.from || !v.to || v.from <= v.to, { message: TIME_RANGE_ORDER, path: ['to'] }),
  { optional: ['actor', 'command', 'sku', 'orderid', 'batchref', 'from', 'to'] },
);

type FilterValues = {
  actor: string;
  command: string;
  sku: string;
  orderid: string;
  batchref: string;
  from: string;
  to: string;
};

/** What the URL says, as the fields show it (the time range in the browser's zone). */
function valuesOf(query: ReturnType<typeof activityQuery>, inBrowser: boolean): FilterValues {
  return {
    actor: query.actor ?? '',
    command: query.command ?? '',
    sku: query.sku ?? '',
    orderid: query.orderid ?? '',
    batchref: query.batchref ?? '',
    from: inBrowser && query.from ? localInputValue(query.from) : '',
    to: inBrowser && query.to ? localInputValue(query.to) : '',
  };
}

export function ActivityList() {
  const trpc = useTRPC();
  const { params, update } = useSearchState();
  const { pagination } = urlPaging(params, update);
  const query = activityQuery(params);
  const valid = isValidActivityQuery(query);
  const activity = useQuery({
    ...trpc.activity.list.queryOptions(query),
    enabled: valid,
    placeholderData: keepPreviousData,
  });
  const form = useSchemaForm({
    name: 'activity-filter',
    schema: filterSchema,
    initialValues: valuesOf(query, false),
  });
  const fromUrl = valuesOf(query, true);
  const urlKey = JSON.stringify(fromUrl);
  // Follow the URL when it changes under us (and, once in the browser, show its time range in local
  // time), but leave a field as typed when it already says the same.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the URL's values should reset the fields
  useEffect(() => {
    const current = form.getValues();
    for (const key of Object.keys(fromUrl) as (keyof FilterValues)[]) {
      if (current[key].trim() !== fromUrl[key]) form.setFieldValue(key, fromUrl[key]);
    }
    if (!valid) form.validate();
  }, [urlKey]);
  const filtered = Object.values(ACTIVITY_PARAMS).some((name) => (params.get(name) ?? '') !== '');

  return (
    <Stack gap="md">
      <Paper p="sm">
        <form
          noValidate
          aria-label="Filter activity"
          onSubmit={form.onSubmit((filter) =>
            update({
              [ACTIVITY_PARAMS.actor]: filter.actor,
              [ACTIVITY_PARAMS.command]: filter.command,
              [ACTIVITY_PARAMS.sku]: filter.sku,
              [ACTIVITY_PARAMS.orderid]: filter.orderid,
              [ACTIVITY_PARAMS.batchref]: filter.batchref,
              [ACTIVITY_PARAMS.from]: filter.from ? instantOf(filter.from, 'start') : undefined,
              [ACTIVITY_PARAMS.to]: filter.to ? instantOf(filter.to, 'end') : undefined,
              page: undefined,
            }),
          )}
        >
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label="Who"
              placeholder="Any person, key or service"
              autoComplete="off"
              w={{ base: '100%', xs: 220 }}
              {...form.getInputProps('actor')}
            />
            <Select
              label="Command"
              placeholder="Any command"
              data={COMMAND_OPTIONS}
              clearable
              w={{ base: '100%', xs: 220 }}
              value={form.getValues().command || null}
              onChange={(value) => form.setFieldValue('command', value ?? '')}
              error={form.errors.command}
            />
            <TextInput
              label="SKU"
              placeholder="Any SKU"
              autoComplete="off"
              w={{ base: '100%', xs: 180 }}
              {...form.getInputProps('sku')}
            />
            <TextInput
              label="Order id"
              placeholder="Any order"
              autoComplete="off"
              w={{ base: '100%', xs: 180 }}
              {...form.getInputProps('orderid')}
            />
            <TextInput
              label="Batch"
              placeholder="Any batch"
              autoComplete="off"
              w={{ base: '100%', xs: 180 }}
              {...form.getInputProps('batchref')}
            />
            <TextInput
              type="datetime-local"
              label="From"
              w={{ base: '100%', xs: 220 }}
              {...form.getInputProps('from')}
            />
            <TextInput
              type="datetime-local"
              label="To"
              w={{ base: '100%', xs: 220 }}
              {...form.getInputProps('to')}
            />
            <Group gap="xs" mt={{ base: 0, xs: 25 }}>
              <Button type="submit">Filter</Button>
              {filtered ? (
                <Button
                  variant="subtle"
                  onClick={() => {
                    form.setValues(valuesOf({ page: 1, pageSize: 25 }, true));
                    update({
                      ...Object.fromEntries(Object.values(ACTIVITY_PARAMS).map((name) => [name, undefined])),
                      page: undefined,
                    });
                  }}
                >
                  Clear filters
                </Button>
              ) : null}
            </Group>
          </Group>
        </form>
      </Paper>
      {valid ? null : (
        <ErrorNotice title="These filters cannot be used">
          {urlProblems(query)} Change them above, or clear them.
        </ErrorNotice>
      )}
      {activity.isError ? (
        <ErrorNotice title="Could not load the activity">{queryErrorMessage(activity.error)}</ErrorNotice>
      ) : null}
      <Paper p={0} style={{ overflow: 'hidden' }}>
        <DataTable<Row>
          aria-label="Activity"
          data-testid="activity-list"
          minHeight={activity.data?.items.length ? undefined : 200}
          {...DATA_TABLE_LOOK}
          verticalAlign="top"
          idAccessor="id"
          records={valid ? (activity.data?.items ?? []) : []}
          fetching={valid && activity.isFetching && !activity.data}
          loadingText="Loading activity…"
          noRecordsText={filtered ? 'Nothing matches these filters' : 'Nothing has happened yet'}
          columns={[
            {
              // A phone gets one column that stacks who, when, what and the outcome.
              accessor: 'summary',
              title: 'What happened',
              visibleMediaQuery: narrow,
              render: (row) => (
                <Stack gap={4}>
                  <Group gap={6} wrap="nowrap" justify="space-between" align="baseline">
                    <Actor row={row} />
                    <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                      <Instant iso={row.at} />
                    </Text>
                  </Group>
                  <What row={row} />
                  <Outcome row={row} />
                </Stack>
              ),
            },
            {
              accessor: 'at',
              title: 'When',
              noWrap: true,
              visibleMediaQuery: wide,
              render: (row) => <Instant iso={row.at} />,
            },
            {
              accessor: 'actor',
              title: 'Who',
              visibleMediaQuery: wide,
              render: (row) => <Actor row={row} />,
            },
            {
              accessor: 'command',
              title: 'What',
              visibleMediaQuery: wide,
              render: (row) => <What row={row} />,
            },
            {
              accessor: 'outcome',
              title: 'Outcome',
              visibleMediaQuery: wide,
              render: (row) => <Outcome row={row} />,
            },
            {
              accessor: 'requestId',
              title: 'Request',
              // Wide screens only: on smaller ones the id would squeeze what happened.
              visibleMediaQuery: (theme) => `(min-width: ${theme.breakpoints.lg})`,
              render: (row) => (
                <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {row.requestId ?? '—'}
                </Text>
              ),
            },
          ]}
          {...pagination(valid ? (activity.data?.total ?? 0) : 0)}
        />
      </Paper>
    </Stack>
  );
}

const narrow = (theme: MantineTheme) => `(max-width: calc(${theme.breakpoints.sm} - 0.0625rem))`;
const wide = (theme: MantineTheme) => `(min-width: ${theme.breakpoints.sm})`;

function Actor({ row }: { row: Row }) {
  return (
    <Stack gap={0}>
      <Text
        size="sm"
        fw={600}
        data-testid="activity-actor"
        title={row.actor.kind === 'service' ? row.actor.name : undefined}
      >
        {(row.actor.kind === 'service' && SERVICES[row.actor.name]) || row.actor.name}
      </Text>
      <Text size="xs" c="dimmed">
        {ACTOR_KINDS[row.actor.kind]}
      </Text>
    </Stack>
  );
}

function What({ row }: { row: Row }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600}>
        {COMMAND_LABELS[row.command] ?? row.command}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace" style={{ wordBreak: 'break-word' }}>
        <Fields fields={row.fields} />
      </Text>
    </Stack>
  );
}

function Outcome({ row }: { row: Row }) {
  return (
    <Stack gap={2} align="flex-start">
      <Badge size="sm" variant="light" color={row.outcome === 'succeeded' ? 'teal' : 'red'}>
        {row.outcome === 'succeeded' ? 'Done' : 'Refused'}
      </Badge>
      <Text size="xs" style={{ wordBreak: 'break-word' }}>
        <KeepIds
          text={
            row.outcome === 'succeeded'
              ? describeResult(row.command, row.result)
              : `${row.reason?.message ?? ''} (${row.reason?.code ?? 'unknown'})`
          }
        />
      </Text>
    </Stack>
  );
}

/** Why a (hand-edited) URL's filters break the contract's rules, in the contract's words. */
function urlProblems(query: ReturnType<typeof activityQuery>): string {
  const parsed = activityInput.safeParse(query);
  return parsed.success ? '' : parsed.error.issues.map((issue) => `${issue.message}.`).join(' ');
}

/** The order fields are shown in, whatever order the store kept them in. */
const FIELD_ORDER = ['orderid', 'ref', 'sku', 'qty', 'eta'];
const rank = (key: string) => {
  const at = FIELD_ORDER.indexOf(key);
  return at === -1 ? FIELD_ORDER.length : at;
};

/** A command's fields as one short line, `orderid o1 · sku LAMP · qty 2`, each id linking to what it names. */
function Fields({ fields }: { fields: Record<string, unknown> }) {
  const sku = typeof fields.sku === 'string' ? fields.sku : undefined;
  return Object.entries(fields)
    .filter(([key, value]) => value !== undefined && key !== 'idempotencyKey')
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value], index) => (
      <Fragment key={key}>
        {index > 0 ? ' · ' : ''}
        {key} <FieldValue name={key} value={value} sku={sku} />
      </Fragment>
    ));
}

function FieldValue({ name, value, sku }: { name: string; value: unknown; sku: string | undefined }) {
  if (value === null) return '—';
  const text = String(value);
  if (name === 'orderid') return <OrderLink orderid={text} size="xs" />;
  if (name === 'sku') return <SkuLink sku={text} size="xs" ff="monospace" />;
  if ((name === 'ref' || name === 'batchref') && sku)
    return <BatchLink reference={text} sku={sku} size="xs" />;
  return <Id>{text}</Id>;
}

interface Moved {
  orderid: string;
  qty: number;
  from: string;
  to: string | null;
}

/** What a command changed, in words. */
function describeResult(command: string, result: unknown): string {
  const r = (result ?? {}) as Record<string, unknown>;
  switch (command) {
    case 'Allocate':
      if (r.status === 'out_of_stock') return 'Out of stock: nothing allocated';
      return r.alreadyAllocated
        ? `Already on batch ${String(r.batchref)}`
        : `Allocated to batch ${String(r.batchref)}`;
    case 'CreateBatch':
      return `Batch ${String(r.ref)} of ${formatQty(Number(r.qty))} × ${String(r.sku)}${r.eta ? `, eta ${String(r.eta)}` : ', in the warehouse'}`;
    case 'ChangeBatchQuantity': {
      if (r.repeated) return 'Message seen before: nothing changed';
      const moved = (Array.isArray(r.moved) ? r.moved : []) as Moved[];
      const head = `Batch ${String(r.ref)} now ${formatQty(Number(r.qty))}`;
      if (moved.length === 0) return `${head}; no line moved`;
      const lines = moved
        .slice(0, 5)
        .map((m) => `${m.orderid} (${formatQty(m.qty)}) ${m.from} → ${m.to ?? 'no batch'}`)
        .join('; ');
      return `${head}; moved ${moved.length} line(s): ${lines}${moved.length > 5 ? '; …' : ''}`;
    }
    case 'Deallocate':
      return `Line left batch ${String(r.batchref)}`;
    // Not a domain command: an admin's discard of a dead letter (the filter does not offer it).
    case 'DiscardDeadLetter':
      return `Dead letter ${String(r.discarded)} discarded`;
    default:
      return '';
  }
}
