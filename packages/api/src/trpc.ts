import { authorize, type Role } from '@allocation/auth/roles';
import { knownFailure, RequestError, TRPC_CODE } from '@allocation/contracts';
import { actorOrigin, auditableFields, type CommandType, describeError } from '@allocation/domain';
import { initTRPC, type TRPC_ERROR_CODE_KEY, TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from './context.ts';

/** Field errors of an input that failed its zod schema, keyed by field: what forms show beside each field. */
export type FieldErrors = Partial<Record<string, string[]>>;

/** What a procedure declares of itself: the lowest role that may call it (none: nobody may). */
export interface ProcedureMeta {
  readonly role?: Role;
  /** The command a mutation hands the bus: what the audit trail calls a refused call of it. */
  readonly command?: CommandType;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Live views (server-sent events): a comment every 10 s keeps proxies from closing an idle stream,
    // and a browser that heard nothing for 25 s reconnects. A stream ends after 5 minutes, so a
    // session that expired or a role that changed is checked again when the browser reconnects
    // (resuming from its last event id).
    sse: {
      ping: { enabled: true, intervalMs: 10_000 },
      client: { reconnectAfterInactivityMs: 25_000 },
      maxDurationMs: 5 * 60_000,
    },
    errorFormatter({ shape, error, ctx }) {
      const invalidInput = invalidInputOf(error);
      const failure = knownFailure(error.cause);
      return {
        ...shape,
        data: {
          ...shape.data,
          /** The stable code of the failure (the table in @allocation/contracts), null when tRPC itself refused. */
          errorCode: invalidInput
            ? 'request.invalid'
            : (failure?.code ?? (error.code === 'INTERNAL_SERVER_ERROR' ? 'internal' : null)),
          /** The input field a broken domain rule concerns, so a form can show it beside that field. */
          field: failure?.field ?? null,
          fieldErrors: invalidInput ? (z.flattenError(invalidInput).fieldErrors as FieldErrors) : null,
          requestId: ctx?.requestId ?? null,
        },
      };
    },
  });

/**
 * Translates failures into what the caller should see: a domain error (or a request error) becomes
 * the tRPC code its code translates to, with the message meant for the caller; anything unexpected
 * is logged with the request id, and the caller gets a generic message quoting that id (never internals).
 */
const translateErrors = t.middleware(async ({ ctx, next, path, type }) => {
  const result = await next();
  if (result.ok) return result;
  const { error } = result;
  const cause = error.cause;
  const invalidInput = invalidInputOf(error);
  if (invalidInput) {
    // A failed input parse would otherwise carry the raw issue list as its message.
    throw new TRPCError({
      code: TRPC_CODE['request.invalid'],
      message: describeIssues(invalidInput),
      cause: invalidInput,
    });
  }
  const failure = knownFailure(cause);
  if (failure) {
    if (failure.code === 'product.contended') {
      // The bus retried and other writers of the product still won: nothing the caller did wrong.
      ctx.logger.warn('Concurrent updates kept conflicting; the request was refused', {
        requestId: ctx.requestId,
        path,
      });
    }
    const code: TRPC_ERROR_CODE_KEY = TRPC_CODE[failure.code];
    throw new TRPCError({ code, message: failure.message, cause });
  }
  if (error.code !== 'INTERNAL_SERVER_ERROR') return result;
  ctx.logger.error('Unexpected error in a tRPC procedure', {
    requestId: ctx.requestId,
    path,
    type,
    error: describeError(cause ?? error),
  });
  throw new TRPCError({
    code: 'INTERNAL_SERVER_ERROR',
    message: `Something went wrong on our side. Please try again; if it keeps happening, quote request id ${ctx.requestId}.`,
  });
});

/**
 * Default deny: a procedure is served only to an actor whose role reaches the one it declares, and
 * one that declares none is served to nobody. A mutation (or a live subscription) from a page of another
 * origin is refused even with a valid session cookie (the cookie is SameSite=Lax, this is the second lock).
 */
const authorized = t.middleware(async ({ ctx, meta, type, path, next, getRawInput }) => {
  const authorization = authorize(ctx.actor, meta?.role);
  const refusal =
    authorization ??
    (type !== 'query' && ctx.crossOrigin
      ? ({
          reason: 'forbidden',
          message:
            type === 'mutation'
              ? 'Changes are accepted only from pages of this application'
              : 'Live updates are sent only to pages of this application',
        } as const)
      : undefined);
  if (!refusal) return next();
  // A forbidden change is kept in the audit trail; an anonymous caller has no identity to record
  // (and recording every anonymous knock would let anyone fill the table).
  if (refusal.reason === 'forbidden' && type === 'mutation' && ctx.actor) {
    await ctx.bus.recordRefusal({
      command: meta?.command ?? path,
      fields: auditableFields(await getRawInput().catch(() => undefined)),
      origin: actorOrigin(ctx.actor, ctx.requestId),
      code: refusal.reason,
      message: refusal.message,
    });
  }
  throw new RequestError(refusal.reason, refusal.message);
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
const procedure = t.procedure.use(translateErrors).use(authorized);

/** Procedures by the role they need: every procedure of the router is built from one of these. */
export const managerProcedure = procedure.meta({ role: 'manager' });
export const operatorProcedure = procedure.meta({ role: 'operator' });
export const adminProcedure = procedure.meta({ role: 'admin' });
/** Declares no role, so nobody may call it: what a procedure gets when its author forgets one. */
export const undeclaredProcedure = procedure;

/** The zod error of an input that failed its schema (an output that fails its schema is our fault: a 500). */
function invalidInputOf(error: TRPCError): z.ZodError | null {
  return error.code === 'BAD_REQUEST' && error.cause instanceof z.ZodError ? error.cause : null;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
