'use client';

import { Button, Group, Paper } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import type { z } from 'zod';
import { useSchemaForm } from '../lib/forms';
import { useSearchState } from '../lib/use-search-state';
import { EmptyState } from './feedback';
import { NameField } from './name-field';

/** Look one thing up by a key kept in the URL (`?<field>=`), validated by the API's schema. */
export function Lookup({
  kind,
  field,
  label,
  formLabel,
  placeholder,
  schema,
  emptyTitle,
  emptyHint,
  whenEmpty,
  children,
}: {
  /** What the key names: the field suggests known names of that kind as you type. */
  kind: 'sku' | 'order';
  field: string;
  label: string;
  /** The form's accessible name, e.g. "Find stock". */
  formLabel: string;
  placeholder: string;
  /** The query's input schema: the form's only field is its key. */
  schema: z.ZodType<Record<string, string>>;
  emptyTitle: string;
  emptyHint: string;
  /** What to show instead of the empty state before anything is looked up (e.g. a list to pick from). */
  whenEmpty?: ReactNode;
  children: (value: string) => ReactNode;
}) {
  const { params, update } = useSearchState();
  const current = params.get(field)?.trim() ?? '';
  const form = useSchemaForm({
    name: `lookup-${field}`,
    schema,
    initialValues: { [field]: current } as Record<string, string>,
  });
  // Follow the URL when it changes under us (back/forward, a link from another page), but leave
  // the field as typed when it already says the same thing.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the URL value should reset the field
  useEffect(() => {
    if ((form.getValues()[field] ?? '').trim() !== current) form.setFieldValue(field, current);
  }, [current]);
  return (
    <>
      <Paper mb="md" p="sm">
        <form
          noValidate
          aria-label={formLabel}
          onSubmit={form.onSubmit((input) => update({ [field]: input[field] }))}
        >
          <Group align="flex-start" gap="sm">
            <NameField
              kind={kind}
              label={label}
              placeholder={placeholder}
              autoComplete="off"
              autoFocus={current === ''}
              style={{ flex: 1, maxWidth: 420 }}
              {...form.getInputProps(field)}
            />
            <Button type="submit" mt={25}>
              Show
            </Button>
          </Group>
        </form>
      </Paper>
      {current ? (
        <Paper>{children(current)}</Paper>
      ) : whenEmpty ? (
        whenEmpty
      ) : (
        <Paper>
          <EmptyState title={emptyTitle}>{emptyHint}</EmptyState>
        </Paper>
      )}
    </>
  );
}
