import {
  CONTENDED_MESSAGE,
  type ErrorCode,
  HTTP_STATUS,
  knownFailure,
  RETRY_AFTER_SECONDS,
  RequestError,
} from '@allocation/contracts';
import {
  ConcurrencyConflict,
  type DomainErrorCode,
  DuplicateBatchReference,
  InvalidDate,
  InvalidIdentifier,
  InvalidQuantity,
  InvalidSku,
  LineAlreadyAllocated,
  LineNotAllocated,
  StoreUnavailable,
  UnknownBatch,
} from '@allocation/domain';
import { bootstrapWithFakes } from '@allocation/domain/testing';
import { describe, expect, it, vi } from 'vitest';
import { allocationsForOrder, errorResponse, HttpError, withContext } from '../src/index.ts';
import { identityWithKeys } from './support/server.ts';

/** One failure of each code, as the code that meets it throws it. */
const domainFailures: Record<DomainErrorCode, Error> = {
  'sku.unknown': new InvalidSku('NOPE'),
  'batch.unknown': new UnknownBatch('b9'),
  'batch.reference_taken': new DuplicateBatchReference('b1'),
  'line.already_allocated': new LineAlreadyAllocated('o1', 'LAMP', 2, 3),
  'line.not_allocated': new LineNotAllocated('o1', 'LAMP'),
  'quantity.invalid': new InvalidQuantity('quantity', 0, 'must be at least 1'),
  'date.invalid': new InvalidDate('2026-02-30'),
  'identifier.invalid': new InvalidIdentifier('order id', '', 'must not be empty'),
  'product.contended': new ConcurrencyConflict('Product LAMP changed since it was read'),
  'service.unavailable': new StoreUnavailable('The database did not answer in time'),
};

const failures: Record<Exclude<ErrorCode, 'internal'>, Error> = {
  ...domainFailures,
  'request.invalid': new HttpError('request.invalid', 'qty: Quantity must be at least 1'),
  'request.malformed': new HttpError('request.malformed', 'Request body is not valid JSON'),
  'request.too_large': new HttpError('request.too_large', 'Request body is larger than 65536 bytes'),
  'request.unsupported_media_type': new HttpError('request.unsupported_media_type', 'Content-Type must be…'),
  not_found: new RequestError('not_found', 'No allocations found for order o1'),
  method_not_allowed: new RequestError('method_not_allowed', 'Method GET is not allowed'),
  unauthenticated: new RequestError('unauthenticated', 'A valid API key is required'),
  forbidden: new RequestError('forbidden', 'This API key may not change stock'),
  // Identity administration's refusals (the admin screens; no REST route meets them today).
  'user.invalid': new RequestError('user.invalid', 'The password must be at least 8 characters long'),
  'user.unknown': new RequestError('user.unknown', 'There is no user with id "u9"'),
  'user.email_taken': new RequestError('user.email_taken', 'A user with the email a@example.com exists'),
  'user.last_admin': new RequestError('user.last_admin', 'Ada is the last enabled admin'),
  'api_key.invalid': new RequestError('api_key.invalid', 'An API key must expire in the future'),
  'api_key.unknown': new RequestError('api_key.unknown', 'There is no API key named "x"'),
  'api_key.name_taken': new RequestError('api_key.name_taken', 'An API key named "x" already exists'),
  // An admin's replay or discard of a dead letter (tRPC only today).
  'dead_letter.unknown': new RequestError('dead_letter.unknown', 'No dead letter 7'),
  'dead_letter.closed': new RequestError('dead_letter.closed', 'Dead letter 7 was already discarded'),
};

describe('the translation table, over REST', () => {
  it.each(Object.entries(failures))(
    'answers %s with its status, its message and Retry-After when set',
    async (code, error) => {
      const { logger } = bootstrapWithFakes();
      const reply = errorResponse(error, 'req-1', logger);
      const expected = HTTP_STATUS[code as ErrorCode];
      expect(expected).toBeGreaterThanOrEqual(400);
      expect(reply.status).toBe(expected);
      expect(await reply.json()).toMatchObject({ message: knownFailure(error)?.message });
      const retryAfter = RETRY_AFTER_SECONDS[code as ErrorCode];
      expect(reply.headers.get('retry-after')).toBe(retryAfter === undefined ? null : String(retryAfter));
      expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);
    },
  );

  it('answers anything unexpected with the status of internal, logged, revealing only the request id', async () => {
    const { logger } = bootstrapWithFakes();
    const reply = errorResponse(new Error('password=hunter2'), 'req-2', logger);
    expect(reply.status).toBe(HTTP_STATUS.internal);
    expect(await reply.json()).toEqual({
      message: 'Internal server error (request id req-2)',
      requestId: 'req-2',
    });
    expect(logger.entries).toContainEqual(
      expect.objectContaining({
        level: 'error',
        context: expect.objectContaining({
          requestId: 'req-2',
          error: expect.objectContaining({ message: 'password=hunter2' }),
        }),
      }),
    );
  });

  it('tells a caller whose product stayed contended to retry, not what collided', async () => {
    const reply = errorResponse(domainFailures['product.contended'], 'req-3', bootstrapWithFakes().logger);
    expect(await reply.json()).toEqual({ message: CONTENDED_MESSAGE });
  });
});

describe('REST replies through the table', () => {
  const request = (headers: Record<string, string> = {}) =>
    new Request('http://localhost/api/allocations/o1', { headers });

  it('a check that refuses the caller answers 403 with its message and the request id', async () => {
    const system = bootstrapWithFakes();
    const { identity, keys } = await identityWithKeys();
    const reply = await allocationsForOrder(
      request({ 'x-request-id': 'abc-1', authorization: `Bearer ${keys.manager}` }),
      {
        bus: system.bus,
        logger: system.logger,
        ping: async () => {},
        identity: async () => identity,
        views: {
          allocationsForOrder: async () => {
            throw new RequestError('forbidden', 'This API key may not read allocations');
          },
        },
      },
    );
    expect(reply.status).toBe(403);
    expect(reply.headers.get('x-request-id')).toBe('abc-1');
    expect(await reply.json()).toEqual({ message: 'This API key may not read allocations' });
  });

  it('an application that cannot start answers 503 with Retry-After, as JSON', async () => {
    const route = withContext(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
    }, allocationsForOrder);
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const reply = await route(request({ 'x-request-id': 'abc-2' }));
      expect(reply.status).toBe(503);
      expect(reply.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS['service.unavailable']));
      expect(reply.headers.get('x-request-id')).toBe('abc-2');
      expect(await reply.json()).toEqual({
        message: 'Service unavailable (request id abc-2)',
        requestId: 'abc-2',
      });
      expect(logged).toHaveBeenCalledWith('[abc-2] The application could not be started', expect.any(Error));
    } finally {
      logged.mockRestore();
    }
  });
});
