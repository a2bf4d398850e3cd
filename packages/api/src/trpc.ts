import {
  ConcurrencyConflict,
  DomainError,
  type DomainErrorKind,
  DuplicateBatchReference,
  InvalidDate,
  InvalidQuantity,
  InvalidSku,
  LineAlreadyAllocated,
  LineNotAllocated,
  UnknownBatch,
} from '@allocation/domain';
import { initTRPC, type TRPC_ERROR_CODE_KEY, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from './context.ts';

/** Field errors of an input that failed its zod schema, keyed by field: what forms show beside each field. */
export type FieldErrors = Partial<Record<string, string[]>>;

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    const fieldErrors: FieldErrors | null =
      error.cause instanceof z.ZodError ? z.flattenError(error.cause).fieldErrors : null;
    return {
      ...shape,
      data: {
        ...shape.data,
        fieldErrors,
        /** The broken domain rule and the input field it concerns, so a form can show it beside that field. */
        domainError: error.cause instanceof DomainError ? describeDomainError(error.cause) : null,
        requestId: ctx?.requestId ?? null,
      },
    };
  },
});

const CODE_OF_KIND: Record<DomainErrorKind, TRPC_ERROR_CODE_KEY> = {
  invalid: 'BAD_REQUEST',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
};

/**
 * Translates failures into what the caller should see: a domain error becomes its 4xx with the
 * domain's message; anything unexpected is logged with the request id, and the caller gets a
 * generic message quoting that id (never internals).
 */
const translateErrors = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  const cause = error.cause;
  if (cause instanceof z.ZodError) {
    // A failed input parse would otherwise carry the raw issue list as its message.
    throw new TRPCError({ code: 'BAD_REQUEST', message: describeIssues(cause), cause });
  }
  if (cause instanceof DomainError) {
    throw new TRPCError({ code: CODE_OF_KIND[cause.kind], message: cause.message, cause });
  }
  if (cause instanceof ConcurrencyConflict) {
    // The bus retried and other writers of the product still won: nothing the caller did wrong,
    // and trying again is the remedy.
    ctx.logger.warn('Concurrent updates kept conflicting; the request was refused', {
      requestId: ctx.requestId,
      path,
    });
    throw new TRPCError({
      code: 'CONFLICT',
      message: 'The product was being changed by other requests at the same time; please retry',
      cause,
    });
  }
  if (error.code !== 'INTERNAL_SERVER_ERROR') return result;
  ctx.logger.error('Unexpected error in a tRPC procedure', {
    requestId: ctx.requestId,
    path,
    type,
    error: describe(cause ?? error),
  });
  throw new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: `Something went wrong on our side. Please try again; if it keeps happening, quote request id ${ctx.requestId}.`,
  });
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const procedure = t.procedure.use(translateErrors);

export interface DomainErrorInfo {
  /** A stable name for the rule (class names do not survive minification). */
  readonly rule: string;
  /** The input field the rule concerns, when there is one. */
  readonly field: string | null;
}

function describeDomainError(error: DomainError): DomainErrorInfo {
  if (error instanceof InvalidSku) return { rule: 'InvalidSku', field: 'sku' };
  if (error instanceof UnknownBatch) return { rule: 'UnknownBatch', field: 'ref' };
  if (error instanceof DuplicateBatchReference) return { rule: 'DuplicateBatchReference', field: 'ref' };
  if (error instanceof LineAlreadyAllocated) return { rule: 'LineAlreadyAllocated', field: 'qty' };
  if (error instanceof LineNotAllocated) return { rule: 'LineNotAllocated', field: null };
  if (error instanceof InvalidQuantity) return { rule: 'InvalidQuantity', field: 'qty' };
  if (error instanceof InvalidDate) return { rule: 'InvalidDate', field: 'eta' };
  return { rule: error.kind, field: null };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

function describe(error: unknown): Record<string, unknown> {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack }
    : { error: String(error) };
}
