/**
 * Every failure a caller can meet, by stable code, and what each transport makes of it: the one
 * translation table per transport that tRPC, REST and the worker share. The domain's errors bring
 * their own codes; the rest are thrown as `RequestError` with one of the codes below.
 */
import { codedError, type DomainErrorCode } from '@allocation/domain';

/** Failures no domain rule names: of the request itself, of the caller's identity, of the service. */
export type RequestErrorCode =
  /** The input does not fit its schema (zod). */
  | 'request.invalid'
  /** The body is not JSON, not UTF-8, or a path is not valid percent-encoding. */
  | 'request.malformed'
  | 'request.too_large'
  | 'request.unsupported_media_type'
  /** No such endpoint, or nothing found for what was asked. */
  | 'not_found'
  | 'method_not_allowed'
  /** No credentials, or ones that are unknown, expired or revoked. */
  | 'unauthenticated'
  /** Known credentials whose role may not do this. */
  | 'forbidden'
  /** Our fault: logged under a request id, never described to the caller. */
  | 'internal';

/** Refusals of identity administration (users, API keys): the identity's own rules. */
export type IdentityErrorCode =
  /** A new user's email or password does not make a user. */
  | 'user.invalid'
  | 'user.unknown'
  | 'user.email_taken'
  /** The change would leave no enabled admin. */
  | 'user.last_admin'
  /** An API key's name, role or expiry does not make a key. */
  | 'api_key.invalid'
  | 'api_key.unknown'
  | 'api_key.name_taken';

/** Refusals of an admin's action on a dead letter (replay, discard). */
export type DeadLetterErrorCode =
  /** No dead letter has that id. */
  | 'dead_letter.unknown'
  /** The letter was already replayed or discarded: it is kept for the record and cannot be acted on again. */
  | 'dead_letter.closed';

export type ErrorCode = DomainErrorCode | RequestErrorCode | IdentityErrorCode | DeadLetterErrorCode;

/** tRPC's names for the codes used here, as literals: this package does not depend on @trpc/server. */
export type TrpcErrorCode =
  | 'BAD_REQUEST'
  | 'PARSE_ERROR'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'METHOD_NOT_SUPPORTED'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** HTTP (REST; also what tRPC answers over HTTP for the matching tRPC code). */
export const HTTP_STATUS: { readonly [C in ErrorCode]: number } = {
  'sku.unknown': 400,
  'batch.unknown': 404,
  'batch.reference_taken': 409,
  'line.already_allocated': 409,
  'line.not_allocated': 404,
  'quantity.invalid': 400,
  'date.invalid': 400,
  'identifier.invalid': 400,
  'product.contended': 409,
  'request.invalid': 400,
  'request.malformed': 400,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  not_found: 404,
  method_not_allowed: 405,
  unauthenticated: 401,
  forbidden: 403,
  'service.unavailable': 503,
  internal: 500,
  'user.invalid': 400,
  'user.unknown': 404,
  'user.email_taken': 409,
  'user.last_admin': 409,
  'api_key.invalid': 400,
  'api_key.unknown': 404,
  'api_key.name_taken': 409,
  'dead_letter.unknown': 404,
  'dead_letter.closed': 409,
};

/** tRPC. */
export const TRPC_CODE: { readonly [C in ErrorCode]: TrpcErrorCode } = {
  'sku.unknown': 'BAD_REQUEST',
  'batch.unknown': 'NOT_FOUND',
  'batch.reference_taken': 'CONFLICT',
  'line.already_allocated': 'CONFLICT',
  'line.not_allocated': 'NOT_FOUND',
  'quantity.invalid': 'BAD_REQUEST',
  'date.invalid': 'BAD_REQUEST',
  'identifier.invalid': 'BAD_REQUEST',
  'product.contended': 'CONFLICT',
  'request.invalid': 'BAD_REQUEST',
  'request.malformed': 'PARSE_ERROR',
  'request.too_large': 'PAYLOAD_TOO_LARGE',
  'request.unsupported_media_type': 'UNSUPPORTED_MEDIA_TYPE',
  not_found: 'NOT_FOUND',
  method_not_allowed: 'METHOD_NOT_SUPPORTED',
  unauthenticated: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  'service.unavailable': 'SERVICE_UNAVAILABLE',
  internal: 'INTERNAL_SERVER_ERROR',
  'user.invalid': 'BAD_REQUEST',
  'user.unknown': 'NOT_FOUND',
  'user.email_taken': 'CONFLICT',
  'user.last_admin': 'CONFLICT',
  'api_key.invalid': 'BAD_REQUEST',
  'api_key.unknown': 'NOT_FOUND',
  'api_key.name_taken': 'CONFLICT',
  'dead_letter.unknown': 'NOT_FOUND',
  'dead_letter.closed': 'CONFLICT',
};

/** When trying again is the remedy: how many seconds to wait (REST sends it as Retry-After). */
export const RETRY_AFTER_SECONDS: { readonly [C in ErrorCode]?: number } = {
  'product.contended': 1,
  'service.unavailable': 5,
};

/** What a caller is told when the bus's retries could not get a product past its other writers. */
export const CONTENDED_MESSAGE =
  'The product was being changed by other requests at the same time; please retry';

/**
 * A failure that is no domain rule's, thrown with its code wherever it is found (a transport, an
 * identity check); every entry point translates it through the tables above.
 */
export class RequestError extends Error {
  override readonly name: string = 'RequestError';
  constructor(
    /** `internal` is what the entry point answers for anything unexpected; it is never thrown. */
    readonly code: Exclude<RequestErrorCode | IdentityErrorCode | DeadLetterErrorCode, 'internal'>,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

/** A failure as the caller should see it. */
export interface KnownFailure {
  readonly code: ErrorCode;
  /** The input field it concerns, when one does. */
  readonly field: string | null;
  readonly message: string;
}

/**
 * A domain error or a `RequestError` as the caller should see it (a contended product's own message
 * says what collided, which is for logs: the caller is asked to retry); null for anything unexpected.
 */
export function knownFailure(error: unknown): KnownFailure | null {
  if (error instanceof RequestError) return { code: error.code, field: error.field, message: error.message };
  const coded = codedError(error);
  if (!coded) return null;
  return coded.code === 'product.contended' ? { ...coded, message: CONTENDED_MESSAGE } : coded;
}
