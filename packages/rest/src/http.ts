/**
 * The HTTP plumbing shared by every endpoint: reading a JSON body defensively, validating it with
 * the shared zod schemas, and turning every failure into a JSON `{"message"}` reply with the
 * right status. Nothing here knows about Next.js: handlers are plain fetch handlers.
 */
import { ConcurrencyConflict, DomainError, type DomainErrorKind, type Logger } from '@allocation/domain';
import type { z } from 'zod';

/** Bodies larger than this are refused (413) before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** A failure of the caller's making, with the reply it deserves. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
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
 * The request body as a JSON object. A missing Content-Type is tolerated (some clients omit it);
 * one that is not JSON is refused with 415, so a form post gets a clear answer.
 */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const contentType = request.headers.get('content-type');
  if (contentType !== null) {
    const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
    if (!JSON_MEDIA_TYPE.test(mediaType)) {
      throw new HttpError(415, `Content-Type must be application/json, not ${mediaType || 'empty'}`);
    }
  }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const text = await readText(request);
  if (text.trim() === '') throw new HttpError(400, 'Request body is empty: expected a JSON object');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? `: ${error.message}` : '';
    throw new HttpError(400, `Request body is not valid JSON${reason}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, `Request body must be a JSON object, not ${describeJson(parsed)}`);
  }
  return parsed as Record<string, unknown>;
}

async function readText(request: Request): Promise<string> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(concat(chunks, size));
  } catch {
    throw new HttpError(400, 'Request body is not valid UTF-8 text');
  }
}

function concat(chunks: readonly Uint8Array[], size: number): Uint8Array {
  const whole = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    whole.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return whole;
}

const tooLarge = () => new HttpError(413, `Request body is larger than ${MAX_BODY_BYTES} bytes`);

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
  throw new HttpError(400, problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
    errors: problems,
  });
}

const STATUS_BY_KIND: Record<DomainErrorKind, number> = { invalid: 400, not_found: 404, conflict: 409 };

/**
 * The reply for anything a handler threw. Domain errors and HTTP errors are the caller's doing
 * (4xx, their message as is); anything else is ours: a 500 that reveals nothing but a request id,
 * under which the error is logged.
 */
export function errorResponse(error: unknown, requestId: string, logger: Logger): Response {
  if (error instanceof HttpError) {
    return json({ message: error.message, ...error.details }, error.status, error.headers);
  }
  if (error instanceof DomainError) {
    return json({ message: error.message }, STATUS_BY_KIND[error.kind]);
  }
  if (error instanceof ConcurrencyConflict) {
    logger.warn('Concurrent updates kept conflicting; the request was refused', { requestId });
    return json(
      { message: 'The product was being changed by other requests at the same time; please retry' },
      409,
      { 'retry-after': '1' },
    );
  }
  logger.error('Unexpected error while handling a REST request', {
    requestId,
    error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : error,
  });
  return json({ message: `Internal server error (request id ${requestId})`, requestId }, 500);
}
