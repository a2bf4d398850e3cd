import { describe, expect, it } from 'vitest';
import {
  Allocate,
  ChangeBatchQuantity,
  ConcurrencyConflict,
  CreateBatch,
  codedError,
  Deallocate,
  describeError,
} from '../../src/index.ts';
import { bootstrapWithFakes, instantRetry, testOrigin } from '../../src/testing/index.ts';

/** What the bus rejected with, read as data. */
async function failureOf(work: Promise<unknown>) {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  return codedError(error);
}

describe('a refused command carries its code, the field it concerns and its message', () => {
  it.each([
    [
      'an unknown sku',
      Allocate({ orderid: 'o1', sku: 'NOPE', qty: 1 }),
      'sku.unknown',
      'sku',
      'Invalid sku NOPE',
    ],
    [
      'an unknown batch',
      ChangeBatchQuantity({ ref: 'nope', qty: 1 }),
      'batch.unknown',
      'ref',
      'Unknown batch nope',
    ],
    [
      'a batch reference already taken',
      CreateBatch({ ref: 'b1', sku: 'RUG', qty: 1, eta: null }),
      'batch.reference_taken',
      'ref',
      'Batch reference b1 already exists',
    ],
    [
      'a line already allocated with another qty',
      Allocate({ orderid: 'o1', sku: 'LAMP', qty: 3 }),
      'line.already_allocated',
      'qty',
      'Order o1 already has 2 of LAMP allocated; it cannot be allocated again with qty 3',
    ],
    [
      'a line that is not allocated',
      Deallocate({ orderid: 'o9', sku: 'LAMP' }),
      'line.not_allocated',
      null,
      'Order o9 has no allocated line for sku LAMP',
    ],
    [
      'a fractional quantity',
      Allocate({ orderid: 'o2', sku: 'LAMP', qty: 1.5 }),
      'quantity.invalid',
      'qty',
      'Invalid quantity 1.5: must be a whole number',
    ],
    [
      'a date that is not in the calendar',
      CreateBatch({ ref: 'b2', sku: 'LAMP', qty: 1, eta: '2026-02-30' }),
      'date.invalid',
      'eta',
      'Invalid date 2026-02-30: expected a calendar date YYYY-MM-DD',
    ],
    [
      'an order id with a control character',
      Allocate({ orderid: 'o\u0000', sku: 'LAMP', qty: 1 }),
      'identifier.invalid',
      'orderid',
      'Invalid order id "o\\u0000": must not contain control characters',
    ],
  ])('%s', async (_case, command, code, field, message) => {
    const { bus } = bootstrapWithFakes();
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 2 }), testOrigin);
    expect(await failureOf(bus.handle(command, testOrigin))).toEqual({ code, field, message });
  });

  it('a product still contended after the retries is product.contended, concerning no field', async () => {
    const { bus, uow } = bootstrapWithFakes({ retry: instantRetry });
    await bus.handle(CreateBatch({ ref: 'b1', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    uow.simulateConflicts(instantRetry.attempts);
    expect(
      await failureOf(bus.handle(Allocate({ orderid: 'o1', sku: 'LAMP', qty: 1 }), testOrigin)),
    ).toMatchObject({
      code: 'product.contended',
      field: null,
    });
  });

  it('anything unexpected has no code', () => {
    expect(codedError(new Error('disk full'))).toBeNull();
    expect(codedError('a string')).toBeNull();
  });
});

describe('describeError, the shape of an error in every log', () => {
  it('gives the name, message, code and stack of a coded error', () => {
    const described = describeError(new ConcurrencyConflict('Product LAMP changed since it was read'));
    expect(described).toMatchObject({
      name: 'ConcurrencyConflict',
      message: 'Product LAMP changed since it was read',
      code: 'product.contended',
    });
    expect(described.stack).toEqual(expect.stringContaining('ConcurrencyConflict'));
  });

  it('follows the cause an adapter wrapped, and gives an unexpected error no code', () => {
    const driver = new Error('could not serialize access due to concurrent update');
    const described = describeError(new ConcurrencyConflict(undefined, { cause: driver }));
    expect(described.cause).toMatchObject({ name: 'Error', message: driver.message });
    expect(described.cause).not.toHaveProperty('code');
  });

  it('stops following causes after a few levels, so a cycle cannot hang a log line', () => {
    const looped = new Error('outer');
    looped.cause = looped;
    let depth = 0;
    for (let level: unknown = describeError(looped); level; level = (level as { cause?: unknown }).cause)
      depth++;
    expect(depth).toBe(4);
  });

  it('writes down a thrown value that is not an Error', () => {
    expect(describeError('boom')).toEqual({ error: 'boom' });
    expect(describeError({ reason: 42 })).toEqual({ error: '[object Object]' });
  });
});

describe('an error made by another copy of the domain module', () => {
  it('is still read by its code, since a bundler may load the domain twice', () => {
    // What a second copy's InvalidSku looks like from here: another class, the same registry mark.
    const fromAnotherCopy = Object.assign(new Error('Invalid sku LAMP'), {
      [Symbol.for('@allocation/domain/coded-error')]: true,
      code: 'sku.unknown',
      field: 'sku',
    });
    expect(codedError(fromAnotherCopy)).toEqual({
      code: 'sku.unknown',
      field: 'sku',
      message: 'Invalid sku LAMP',
    });
  });
});
