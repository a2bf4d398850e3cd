'use client';

import { Button, Group, Paper, TextInput } from '@mantine/core';
import { type ReactNode, useEffect } from 'react';
import type { z } from 'zod';
import { useSchemaForm } from '../lib/forms';
import { useSearchState } from '../lib/use-search-state';
import { EmptyState } from './feedback';

/** Look one thing up by a key kept in the URL (`?<field>=`), validated by the API's schema. */
export function Lookup({
  field,
  label,
  formLabel,
  placeholder,
  schema,
  emptyTitle,
  emptyHint,
  children,
}: {
  field: string;
  label: string;
  /** The form's accessible name, e.g. "Find stock". */
  formLabel: string;
  placeholder: string;
  /** The query's input schema: the form's only field is its key. */
  schema: z.ZodType<Record<string, string>>;
  emptyTitle: string;
  emptyHint: string;
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
            <TextInput
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
      ) : (
        <Paper>
          <EmptyState title={emptyTitle}>{emptyHint}</EmptyState>
        </Paper>
      )}
    </>
  );
}
