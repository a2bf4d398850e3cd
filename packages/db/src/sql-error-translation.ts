/** PostgreSQL's verdicts on a unit of work's transaction, in the domain's words. */
import { ConcurrencyConflict, DuplicateBatchReference } from '@allocation/domain';
import { translateUnavailability } from './unavailability.ts';

/** The parts of a PostgreSQL error we act on, whether it came through pg or through Prisma. */
interface SqlErrorInfo {
  readonly sqlState: string | undefined;
  readonly constraint: string | undefined;
  readonly detail: string | undefined;
}

interface DriverAdapterCause {
  readonly originalCode?: string;
  readonly constraint?: { readonly index?: string };
}

const NOTHING: SqlErrorInfo = { sqlState: undefined, constraint: undefined, detail: undefined };

function sqlErrorInfo(error: unknown): SqlErrorInfo {
  if (typeof error !== 'object' || error === null) return NOTHING;
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
  if (cause) return { sqlState: cause.originalCode, constraint: cause.constraint?.index, detail: undefined };
  if (record.code === 'P2034') return { ...NOTHING, sqlState: '40001' };
  return NOTHING;
}

/**
 * Serialization failure or deadlock (a concurrent writer won: the bus may retry the whole unit of
 * work) becomes `ConcurrencyConflict`; a unique violation on `batches.reference` becomes
 * `DuplicateBatchReference`, any other one (a product or a line written first by a concurrent unit of
 * work, which a retry will see) a `ConcurrencyConflict`; an absent or timed-out database becomes
 * `StoreUnavailable`. Anything else is returned unchanged.
 *
 * @param newBatchReferences the batches the unit of work was creating, to name the duplicate when
 *   the server's message does not.
 */
export function translateSqlError(error: unknown, newBatchReferences: readonly string[]): unknown {
  const unavailable = translateUnavailability(error);
  if (unavailable !== error) return unavailable;
  const info = sqlErrorInfo(error);
  if (info.sqlState === '40001' || info.sqlState === '40P01') {
    return new ConcurrencyConflict(undefined, { cause: error });
  }
  if (info.sqlState !== '23505') return error;
  if (info.constraint === 'batches_reference_key') {
    const reference = /\(reference\)=\((.*)\) already exists/.exec(info.detail ?? '')?.[1];
    return new DuplicateBatchReference(
      reference ?? (newBatchReferences.length === 1 ? (newBatchReferences[0] as string) : '?'),
    );
  }
  return new ConcurrencyConflict('A concurrent unit of work wrote the same product or line first', {
    cause: error,
  });
}
