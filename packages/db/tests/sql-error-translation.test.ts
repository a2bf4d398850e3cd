// The translation table of the unit of work's errors, on the error classes pg and Prisma throw
// (the concurrency tests produce the pg ones for real on PostgreSQL).
import { ConcurrencyConflict, DuplicateBatchReference, StoreUnavailable } from '@allocation/domain';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.ts';
import { translateSqlError } from '../src/sql-error-translation.ts';

function pgError(code: string, fields: { constraint?: string; detail?: string } = {}): pg.DatabaseError {
  const error = new pg.DatabaseError('server said no', 0, 'error');
  return Object.assign(error, { code, severity: 'ERROR', ...fields });
}

function prismaError(code: string, originalCode?: string, index?: string) {
  return new Prisma.PrismaClientKnownRequestError('Prisma said no', {
    code,
    clientVersion: Prisma.prismaVersion.client,
    meta: originalCode
      ? { driverAdapterError: { cause: { originalCode, ...(index ? { constraint: { index } } : {}) } } }
      : {},
  });
}

describe('translating SQL errors into the domain', () => {
  it.each([
    ['pg serialization failure 40001', pgError('40001')],
    ['pg deadlock 40P01', pgError('40P01')],
    ["Prisma's P2034 (ORM call)", prismaError('P2034', '40001')],
    ["Prisma's P2034 without a driver cause", prismaError('P2034')],
    ["Prisma's P2010 (raw query) on 40001", prismaError('P2010', '40001')],
    ["Prisma's P2010 (raw query) on 40P01", prismaError('P2010', '40P01')],
  ])('%s is a ConcurrencyConflict, with the original as its cause', (_, error) => {
    const translated = translateSqlError(error, []);
    expect(translated).toBeInstanceOf(ConcurrencyConflict);
    expect((translated as Error).cause).toBe(error);
  });

  it('a duplicate batch reference names the reference from the server detail', () => {
    const error = pgError('23505', {
      constraint: 'batches_reference_key',
      detail: 'Key (reference)=(B-7) already exists.',
    });
    expect(translateSqlError(error, ['B-1', 'B-7'])).toEqual(new DuplicateBatchReference('B-7'));
  });

  it("a duplicate batch reference without detail names the unit of work's only new batch", () => {
    expect(translateSqlError(prismaError('P2002', '23505', 'batches_reference_key'), ['B-3'])).toEqual(
      new DuplicateBatchReference('B-3'),
    );
  });

  it('any other unique violation (a product or line written first concurrently) is a ConcurrencyConflict', () => {
    expect(translateSqlError(pgError('23505', { constraint: 'products_pkey' }), [])).toBeInstanceOf(
      ConcurrencyConflict,
    );
  });

  it('anything else passes through unchanged', () => {
    const other = pgError('23503');
    expect(translateSqlError(other, [])).toBe(other);
    const broken = new Error('our own bug');
    expect(translateSqlError(broken, [])).toBe(broken);
  });

  it('a database that is away or too slow is StoreUnavailable, the original kept as its cause', () => {
    for (const cause of [
      pgError('57014'), // statement_timeout
      pgError('55P03'), // lock_timeout
      pgError('57P01'), // the server shutting down
      pgError('08006'), // connection failure
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
    ]) {
      const translated = translateSqlError(cause, []);
      expect(translated).toBeInstanceOf(StoreUnavailable);
      expect((translated as StoreUnavailable).cause).toBe(cause);
    }
  });
});
