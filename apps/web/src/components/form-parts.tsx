'use client';

import { Alert, NumberInput, type NumberInputProps } from '@mantine/core';

/** A problem with the whole form (not one field), shown above its button. */
export function FormProblem({ message, testId }: { message: string | null; testId: string }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" data-testid={testId} p="xs">
      {message}
    </Alert>
  );
}

/**
 * A required quantity of whole units. Out-of-range values are kept as typed (no clamping), so the
 * schema's message about them shows beside the field instead of the value silently changing.
 */
export function QuantityInput(props: NumberInputProps) {
  return (
    <NumberInput
      allowDecimal={false}
      allowNegative={false}
      clampBehavior="none"
      thousandSeparator=","
      withAsterisk
      {...props}
    />
  );
}
