/**
 * The request id rule, for every entry point: a caller may name its request with `x-request-id`
 * (to find it in our logs); we keep that name when it is safe to echo in a header and a log line,
 * and make one up otherwise.
 */

export const REQUEST_ID_HEADER = 'x-request-id';
export const MAX_REQUEST_ID_LENGTH = 128;

/** Printable ASCII without spaces: nothing that could split a header or forge a log line. */
const PRINTABLE = /^[\x21-\x7e]+$/;

export function isValidRequestId(value: string): boolean {
  return value.length <= MAX_REQUEST_ID_LENGTH && PRINTABLE.test(value);
}

/** The caller's request id when it is valid (surrounding blanks aside), else a fresh UUID. */
export function requestIdFrom(given: string | null | undefined): string {
  const trimmed = given?.trim() ?? '';
  return isValidRequestId(trimmed) ? trimmed : crypto.randomUUID();
}
