import { TRPCClientError } from '@trpc/client';

export interface ServerProblem {
  /** Shown beside the fields they concern. */
  readonly fieldErrors: Record<string, string>;
  /** Shown above the form when no field is concerned. */
  readonly message: string | null;
}

interface ErrorData {
  fieldErrors?: Record<string, string[] | undefined> | null;
  /** The broken domain rule, and the input field it concerns (the API knows which). */
  domainError?: { rule: string; field: string | null } | null;
  httpStatus?: number;
}

/** What a failed call should show, and where. */
export function serverProblem(error: unknown, fields: readonly string[]): ServerProblem {
  if (!(error instanceof TRPCClientError)) {
    return {
      fieldErrors: {},
      message: 'The server could not be reached. Check the connection and try again.',
    };
  }
  const data = (error.data ?? {}) as ErrorData;
  const fieldErrors: Record<string, string> = {};
  for (const [field, messages] of Object.entries(data.fieldErrors ?? {})) {
    const first = messages?.[0];
    if (first && fields.includes(field)) fieldErrors[field] = first;
  }
  const domainField = data.domainError?.field;
  if (domainField && fields.includes(domainField)) {
    fieldErrors[domainField] = error.message;
    return { fieldErrors, message: null };
  }
  if (Object.keys(fieldErrors).length > 0 && data.fieldErrors) return { fieldErrors, message: null };
  return { fieldErrors, message: error.message };
}

/** A message for a failed query. */
export function queryErrorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  return 'The server could not be reached. Check the connection and try again.';
}
