import { ConcurrencyConflict } from '@allocation/domain';

/** The parts of a PostgreSQL error we act on, whether it came through pg or through Prisma. */
export interface SqlErrorInfo {
  readonly sqlState: string | undefined;
  readonly constraint: string | undefined;
  readonly detail: string | undefined;
}

interface DriverAdapterCause {
  readonly originalCode?: string;
  readonly kind?: string;
  readonly constraint?: { readonly index?: string; readonly fields?: readonly string[] };
}

export function sqlErrorInfo(error: unknown): SqlErrorInfo {
  if (typeof error !== 'object' || error === null) {
    return { sqlState: undefined, constraint: undefined, detail: undefined };
  }
  const record = error as Record<string, unknown>;
  // pg's DatabaseError
  if (typeof record.code === 'string' && /^[0-9A-Z]{5}$/.test(record.code) && 'severity' in record) {
    return {
      sqlState: record.code,
      constraint: typeof record.constraint === 'string' ? record.constraint : undefined,
      detail: typeof record.detail === 'string' ? record.detail : undefined,
    };
  }
  // PrismaClientKnownRequestError: P2034 / P2010 / P2002 ... with meta.driverAdapterError.cause
  const meta = record.meta as { driverAdapterError?: { cause?: DriverAdapterCause } } | undefined;
  const cause = meta?.driverAdapterError?.cause;
  if (cause) {
    return {
      sqlState: cause.originalCode,
      constraint: cause.constraint?.index,
      detail: undefined,
    };
  }
  if (record.code === 'P2034') return { sqlState: '40001', constraint: undefined, detail: undefined };
  return { sqlState: undefined, constraint: undefined, detail: undefined };
}

/** Serialization failure or deadlock: a concurrent writer won, the whole unit of work may be retried. */
export function isWriteConflict(info: SqlErrorInfo): boolean {
  return info.sqlState === '40001' || info.sqlState === '40P01';
}

export function concurrencyConflict(cause: unknown, what = 'Concurrent update of the same product') {
  return new ConcurrencyConflict(what, { cause });
}
