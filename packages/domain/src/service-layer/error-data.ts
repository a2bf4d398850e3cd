/**
 * Reading any thrown value as data: the one place that knows which classes carry a stable code,
 * and the one shape errors take in logs (the bus, the worker and every entry point log with it).
 */
import { CODED_ERROR, type CodedError } from '../model/errors.ts';

/** The code, field and message of a failure the service layer reports; null for anything unexpected. */
export function codedError(error: unknown): CodedError | null {
  // By mark, not class: see CODED_ERROR (DomainError, ConcurrencyConflict and StoreUnavailable carry it).
  if (
    error instanceof Error &&
    (error as Partial<Record<typeof CODED_ERROR, boolean>>)[CODED_ERROR] === true
  ) {
    const { code, field } = error as Error & CodedError;
    return { code, field, message: error.message };
  }
  return null;
}

/** How deep a chain of `cause`s is followed: enough for an adapter's wrapped driver error. */
const MAX_CAUSE_DEPTH = 3;

/** A thrown value as a log entry's `error`: name, message, code (when it has one), stack and causes. */
export function describeError(error: unknown, depth = 0): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: String(error) };
  const coded = codedError(error);
  return {
    name: error.name,
    message: error.message,
    ...(coded ? { code: coded.code } : {}),
    stack: error.stack,
    ...(error.cause !== undefined && depth < MAX_CAUSE_DEPTH
      ? { cause: describeError(error.cause, depth + 1) }
      : {}),
  };
}
