import type { AppRouter } from '@allocation/api';
import { TRPCClientError } from '@trpc/client';

export interface ServerProblem {
  /** Shown beside the fields they concern. */
  readonly fieldErrors: Record<string, string>;
  /** Shown above the form when no field is concerned. */
  readonly message: string | null;
}

const UNREACHABLE = 'The server could not be reached. Check the connection and try again.';
const SIGNED_OUT =
  'You are signed out: your session ended or an admin closed it. Sign in again (reload the page) to go on.';

/**
 * The server's refusals of identity in words a person acts on: signed out (sign in again), or a role
 * that may not (the server's message names the role and the one needed).
 */
function identityMessage(error: TRPCClientError<AppRouter>): string | null {
  if (error.data?.code === 'UNAUTHORIZED') return SIGNED_OUT;
  if (error.data?.code === 'FORBIDDEN') return `Not allowed for your role: ${error.message}`;
  return null;
}

/**
 * What a failed call should show, and where: the schema's field errors beside their fields; a broken
 * domain rule beside the field the API says it concerns (`data.field`); anything else above the form.
 */
export function serverProblem(error: unknown, fields: readonly string[]): ServerProblem {
  if (!(error instanceof TRPCClientError)) return { fieldErrors: {}, message: UNREACHABLE };
  const data = (error as TRPCClientError<AppRouter>).data;
  const refused = identityMessage(error as TRPCClientError<AppRouter>);
  if (refused) return { fieldErrors: {}, message: refused };
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
  if (error instanceof TRPCClientError) {
    return identityMessage(error as TRPCClientError<AppRouter>) ?? error.message;
  }
  return UNREACHABLE;
}
