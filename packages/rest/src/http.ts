/**
 * The HTTP plumbing shared by every endpoint: reading a JSON body defensively, validating it with
 * the shared zod schemas, and turning every failure into a JSON `{"message"}` reply with the
 * right status. Nothing here knows about Next.js: handlers are plain fetch handlers.
 */
import {
  HTTP_STATUS,
  type KnownFailure,
  knownFailure,
  MAX_BODY_BYTES,
  REQUEST_ID_HEADER,
  RETRY_AFTER_SECONDS,
  RequestError,
  readAtMost,
  requestIdFrom,
} from '@allocation/contracts';
import { describeError, type Logger } from '@allocation/domain';
import type { z } from 'zod';

/** Bodies larger than this are refused (413) before they are parsed. */
export { MAX_BODY_BYTES };

/** A failure of the caller's making, with what its JSON reply adds to `{"message"}` and its headers. */
export class HttpError extends RequestError {
  override readonly name = 'HttpError';
  constructor(
    code: RequestError['code'],
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message);
  }
}

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;

/**
 * The request body as a JSON object. The Content-Type must say JSON (415 otherwise, also when it is
 * missing): a browser page elsewhere can send a form or text/plain without asking first, never JSON,
 * so no other site can make a browser change stock through this API.
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const contentType = request.headers.get('content-type');
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new HttpError(
      'request.unsupported_media_type',
      mediaType === ''
        ? 'Content-Type is missing: send the body as application/json'
        : `Content-Type must be application/json, not ${mediaType}`,
    );
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readText(request);
  if (text.trim() === '')
    throw new HttpError('request.malformed', 'Request body is empty: expected a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? `: ${error.message}` : '';
    throw new HttpError('request.malformed', `Request body is not valid JSON${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError('request.invalid', `Request body must be a JSON object, not ${describeJson(parsed)}`);
  }
  return parsed as Record<string, unknown>;
}

async function readText(request: Request): Promise<string> {
  if (!request.body) return '';
  const body = await readAtMost(request.body, MAX_BODY_BYTES);
  if (!body) throw tooLarge();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new HttpError('request.malformed', 'Request body is not valid UTF-8 text');
  }
}

const tooLarge = () =>
  new HttpError('request.too_large', `Request body is larger than ${MAX_BODY_BYTES} bytes`);

function describeJson(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Parses with a shared schema; every problem is reported, each prefixed with its field. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems: FieldProblem[] = result.error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || '(body)',
    message: issue.message,
  }));
  throw new HttpError('request.invalid', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
    errors: problems,
  });
}

/**
 * The reply for anything a handler threw. Domain errors and request errors are the caller's doing:
 * the status their code translates to, their message as is (a contended product asks to retry, with
 * Retry-After). Anything else is ours: a 500 that reveals nothing but a request id, under which the
 * error is logged.
 */
export function errorResponse(error: unknown, requestId: string, logger: Logger): Response {
  const failure = knownFailure(error);
  if (!failure) {
    logger.error('Unexpected error while handling a REST request', {
      requestId,
      error: describeError(error),
    });
    return json(
      { message: `Internal server error (request id ${requestId})`, requestId },
      HTTP_STATUS.internal,
    );
  }
  if (failure.code === 'product.contended') {
    logger.warn('Concurrent updates kept conflicting; the request was refused', { requestId });
  }
  const { details, headers } = error instanceof HttpError ? error : { details: {}, headers: {} };
  return failureResponse(failure, details, headers);
}

/**
 * The answer of a route whose app could not be built (the database unreachable at start, a bad
 * configuration): 503 naming the request, whose id leads to the logged cause.
 */
export function appUnavailableResponse(request: Request, error: unknown): Response {
  const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
  console.error(`[${requestId}] The application could not be started`, error);
  return failureResponse(
    { code: 'service.unavailable', field: null, message: `Service unavailable (request id ${requestId})` },
    { requestId },
    { [REQUEST_ID_HEADER]: requestId },
  );
}

/** A known failure's JSON `{"message", ...details}` with the status and Retry-After its code has. */
export function failureResponse(
  failure: KnownFailure,
  details: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Response {
  const retryAfter = RETRY_AFTER_SECONDS[failure.code];
  return json({ message: failure.message, ...details }, HTTP_STATUS[failure.code], {
    ...(retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {}),
    ...headers,
  });
}
