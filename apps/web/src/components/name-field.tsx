'use client';

import { Anchor, Autocomplete, type AutocompleteProps, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { Fragment } from 'react';
import { useTRPC } from '../trpc/client';

type Kind = 'sku' | 'order';

/**
 * A sku or order id field that suggests known names as you type (the server's ten best, ignoring
 * case; arrows and Enter pick one). A suggestion is only ever taken when picked: the field holds
 * what was typed. When the field shows an error and names nothing known, it offers the close
 * matches ("Did you mean ELEGANT-LAMP?"), each a button that puts that name in the field.
 */
export function NameField({
  kind,
  value,
  onChange,
  error,
  description,
  ...props
}: { kind: Kind; value?: string; onChange?: (value: string) => void } & Omit<
  AutocompleteProps,
  'data' | 'value' | 'onChange'
>) {
  const trpc = useTRPC();
  const text = value ?? '';
  const [typed] = useDebouncedValue(text.trim(), 200);
  const suggestions = useQuery({
    ...trpc.suggest.names.queryOptions({ kind, text: typed }),
    enabled: typed !== '',
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });
  // A name typed exactly needs no suggesting (and an open list would cover what follows the field).
  const shown = typed === '' ? [] : (suggestions.data ?? []).filter((name) => name !== text.trim());
  return (
    <Autocomplete
      autoComplete="off"
      // The server already matched ignoring case: show its answer as it is.
      filter={({ options }) => options}
      // A refused name shows its close matches below instead: an open list would cover them.
      data={error ? [] : shown}
      value={text}
      onChange={(next) => onChange?.(next)}
      limit={10}
      error={error}
      description={
        error && text.trim() !== '' ? (
          <DidYouMean kind={kind} text={text.trim()} onPick={(name) => onChange?.(name)} />
        ) : (
          description
        )
      }
      inputWrapperOrder={['label', 'input', 'error', 'description']}
      {...props}
    />
  );
}

/** The close matches of a name that was refused, to put in the field with one click. */
export function DidYouMean({
  kind,
  text,
  onPick,
  href,
}: {
  kind: Kind;
  text: string;
  /** Puts the name in the field; or, with `href`, each match is a link. */
  onPick?: (name: string) => void;
  href?: (name: string) => string;
}) {
  const trpc = useTRPC();
  const matches = useQuery({ ...trpc.suggest.closeMatches.queryOptions({ kind, text }), staleTime: 10_000 });
  const names = (matches.data ?? []).filter((name) => name !== text).slice(0, 5);
  if (names.length === 0) return null;
  return (
    <Text span size="sm" data-testid="did-you-mean">
      Did you mean{' '}
      {names.map((name, index) => (
        <Fragment key={name}>
          {href ? (
            <Anchor component={Link} href={href(name)} ff="monospace" size="sm">
              {name}
            </Anchor>
          ) : (
            <Anchor
              component="button"
              type="button"
              ff="monospace"
              size="sm"
              onClick={() => onPick?.(name)}
              aria-label={`Use ${name}`}
            >
              {name}
            </Anchor>
          )}
          {index < names.length - 1 ? ', ' : '?'}
        </Fragment>
      ))}
    </Text>
  );
}
