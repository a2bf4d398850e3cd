import type { AppRouter } from '@allocation/api';
import { TRPCClientError } from '@trpc/client';

export interface ServerProblem {
  /** Shown beside the fields they concern. */
  readonly fieldErrors: Record<string, string>;
  /** Shown above the form when no field is concerned. */
  readonly message: string | null;
}

const UNREACHABLE = 'The server could not be reached. Check the connection and try again.';

/**
 * What a failed call should show, and where: the schema's field errors beside their fields; a broken
 * domain rule beside the field the API says it concerns (`data.field`); anything else above the form.
 */
export function serverProblem(error: unknown, fields: readonly string[]): ServerProblem {
  if (!(error instanceof TRPCClientError)) return { fieldErrors: {}, message: UNREACHABLE };
  const data = (error as TRPCClientError<AppRouter>).data;
  const fieldErrors: Record<string, string> = {};
  for (const [field, messages] of Object.entries(data?.fieldErrors ?? {})) {
    const first = messages?.[0];
    if (first && fields.includes(field)) fieldErrors[field] = first;
  }
  const ruleField = data?.field;
  if (ruleField && fields.includes(ruleField)) {
    fieldErrors[ruleField] = error.message;
    return { fieldErrors, message: null };
  }
  if (Object.keys(fieldErrors).length > 0 && data?.fieldErrors) return { fieldErrors, message: null };
  return { fieldErrors, message: error.message };
}

/** A message for a failed query. */
export function queryErrorMessage(error: unknown): string {
  if (error instanceof TRPCClientError) return error.message;
  return UNREACHABLE;
}
