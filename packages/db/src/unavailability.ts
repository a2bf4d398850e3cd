/**
 * When the database is away or too slow, in the domain's words: every adapter of this package
 * rejects with `StoreUnavailable` (503 / SERVICE_UNAVAILABLE at the edges), whatever the driver
 * layer (pg, Prisma's adapter) the failure surfaced through.
 */
import { StoreUnavailable } from '@allocation/domain';

/**
 * SQLSTATEs meaning "not now", not "not this": connection exceptions (08…), query cancelled by
 * statement_timeout (57014), lock_timeout (55P03), the server shutting down or starting (57P01–57P03),
 * too many connections (53300), idle-in-transaction timeout (25P03).
 */
const UNAVAILABLE_SQLSTATES = new Set(['57014', '55P03', '57P01', '57P02', '57P03', '53300', '25P03']);
const UNAVAILABLE_ERRNOS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOENT',
  'EHOSTUNREACH',
]);
/** What pg and its pool say when a connection could not be made, or died under a query. */
const UNAVAILABLE_MESSAGES =
  /timeout exceeded when trying to connect|Query read timeout|Connection terminated|connection timeout|Client has encountered a connection error|terminating connection|Can't reach database server|the database system is (?:starting up|shutting down)/i;
/** Prisma's codes for an unreachable or timed-out server. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Prisma's driver-adapter error kinds with the same meaning. */
const UNAVAILABLE_ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'DatabaseUnavailable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
]);

const MAX_DEPTH = 5;

/** Whether a thrown value says the database could not be reached or did not answer in time. */
export function isUnavailability(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > MAX_DEPTH) return false;
  if (error instanceof StoreUnavailable) return true;
  const record = error as Record<string, unknown>;
  const code = typeof record.code === 'string' ? record.code : undefined;
  if (code && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  if (code && (UNAVAILABLE_ERRNOS.has(code) || UNAVAILABLE_PRISMA_CODES.has(code))) return true;
  const original = typeof record.originalCode === 'string' ? record.originalCode : undefined;
  if (original && (UNAVAILABLE_SQLSTATES.has(original) || original.startsWith('08'))) return true;
  if (typeof record.kind === 'string' && UNAVAILABLE_ADAPTER_KINDS.has(record.kind)) return true;
  if (typeof record.message === 'string' && UNAVAILABLE_MESSAGES.test(record.message)) return true;
  const meta = record.meta as { driverAdapterError?: unknown } | undefined;
  if (meta?.driverAdapterError && isUnavailability(meta.driverAdapterError, depth + 1)) return true;
  if (Array.isArray(record.errors) && record.errors.some((inner) => isUnavailability(inner, depth + 1))) {
    return true; // AggregateError: a connection refused on both ::1 and 127.0.0.1
  }
  return isUnavailability(record.cause, depth + 1);
}

/**
 * The error as `StoreUnavailable` when it is an unavailability, else unchanged.
 * @param always any failure is one (a health check: whatever went wrong, the database did not answer).
 */
export function translateUnavailability(error: unknown, always = false): unknown {
  if (error instanceof StoreUnavailable || !(always || isUnavailability(error))) return error;
  return new StoreUnavailable(undefined, { cause: error });
}

/**
 * The same object, with every method's rejection passed through `translateUnavailability`: how the
 * views, dead letters and notification log (Prisma) and the outbox (pg) report an absent database.
 */
export function reportingUnavailability<T extends object>(target: T): T {
  return new Proxy(target, {
    get(object, property, receiver) {
      const value = Reflect.get(object, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = value.apply(object, args);
          return result instanceof Promise
            ? result.catch((error: unknown) => {
                throw translateUnavailability(error);
              })
            : result;
        } catch (error) {
          throw translateUnavailability(error);
        }
      };
    },
  });
}
