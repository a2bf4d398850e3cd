import { ConcurrencyConflict, InvalidSku, UnknownBatch } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import { CONTENDED_MESSAGE, HTTP_STATUS, knownFailure, RequestError, TRPC_CODE } from '../src/index.ts';

describe('the translation tables', () => {
  it('give every code a status and a tRPC code: a caller error is a 4xx, a failure of ours a 5xx', () => {
    expect(Object.keys(TRPC_CODE).sort()).toEqual(Object.keys(HTTP_STATUS).sort());
    for (const [code, status] of Object.entries(HTTP_STATUS)) {
      const ours = code === 'internal' || code === 'service.unavailable';
      expect({ code, status: Math.floor(status / 100) }).toEqual({ code, status: ours ? 5 : 4 });
    }
  });
});

describe('a known failure, as the caller should see it', () => {
  it('is a domain error with its code, field and message', () => {
    expect(knownFailure(new InvalidSku('NOPE'))).toEqual({
      code: 'sku.unknown',
      field: 'sku',
      message: 'Invalid sku NOPE',
    });
    expect(knownFailure(new UnknownBatch('b9'))).toMatchObject({ code: 'batch.unknown', field: 'ref' });
  });

  it('asks the caller to retry when the product stayed contended, instead of saying what collided', () => {
    expect(knownFailure(new ConcurrencyConflict('Product LAMP changed since it was read'))).toEqual({
      code: 'product.contended',
      field: null,
      message: CONTENDED_MESSAGE,
    });
  });

  it('is a request error thrown by an entry point (a check of identity, a transport limit)', () => {
    expect(knownFailure(new RequestError('forbidden', 'A manager may not change stock'))).toEqual({
      code: 'forbidden',
      field: null,
      message: 'A manager may not change stock',
    });
  });

  it('is nothing for an unexpected error', () => {
    expect(knownFailure(new Error('disk full'))).toBeNull();
    expect(knownFailure(undefined)).toBeNull();
  });
});
