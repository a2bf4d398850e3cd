'use client';

import { Alert } from '@mantine/core';

/** A problem with the whole form (not one field), shown above its button. */
export function FormProblem({ message, testId }: { message: string | null; testId: string }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" role="alert" data-testid={testId} p="xs">
      {message}
    </Alert>
  );
}
