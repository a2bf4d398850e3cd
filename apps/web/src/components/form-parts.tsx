'use client';

import { Alert, TextInput, type TextInputProps } from '@mantine/core';
import { useEffect, useRef } from 'react';

/**
 * A problem with the whole form (not one field), shown above its button and announced. It takes the
 * focus when it appears while nothing else holds it (the pending submit button was disabled), so
 * focus never falls back to the page body.
 */
export function FormProblem({ message, testId }: { message: string | null; testId: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!message) return;
    const active = document.activeElement;
    if (active === null || active === document.body) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <Alert ref={ref} tabIndex={-1} color="red" variant="light" role="alert" data-testid={testId} p="xs">
      {message}
    </Alert>
  );
}

/**
 * A required quantity of whole units: a text field that keeps exactly what was typed (no character
 * is dropped or rewritten); the form's schema (`formQuantityRule` in the contracts) reads it and says
 * "whole number from 1 to …" beside it when it is not one.
 */
export function QuantityInput(props: TextInputProps) {
  return <TextInput inputMode="numeric" autoComplete="off" withAsterisk {...props} />;
}
