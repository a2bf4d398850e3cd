/**
 * The OpenAPI 3.1 document of the REST API, generated from the zod schemas the handlers parse
 * with (request bodies, as JSON Schema 2020-12 "input" shapes) and reply with.
 */
import {
  addBatchInput,
  allocateInput,
  allocationResult,
  batchCreated,
  CONTENDED_MESSAGE,
  changeBatchQuantityInput,
  deallocateInput,
  type ErrorCode,
  errorBody,
  HTTP_STATUS,
  lineDeallocated,
  orderAllocations,
} from '@allocation/contracts';
import { z } from 'zod';
import { batchQuantityChanged, healthStatus } from './responses.ts';

type JsonObject = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonObject;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonContent = (name: string) => ({ content: { 'application/json': { schema: ref(name) } } });
const error = (description: string) => ({ description, ...jsonContent('Error') });

const requestBody = (name: string) => ({ required: true, ...jsonContent(name) });

/** The status an error code is answered with: the same table the handlers reply through. */
const status = (code: ErrorCode) => String(HTTP_STATUS[code]);

const serverErrors = {
  [status('internal')]: error('Unexpected server error; the message carries a request id'),
  [status('service.unavailable')]: error(
    'The service cannot reach its database; the message carries a request id (see Retry-After)',
  ),
};

/** Replies every JSON-body endpoint may give when the caller got the request wrong. */
const bodyErrors = {
  [status('request.invalid')]: error(
    'Invalid input: a missing or mistyped field, a bad date or quantity, a body that is not JSON',
  ),
  [status('request.too_large')]: error('The body is too large'),
  [status('request.unsupported_media_type')]: error('The Content-Type is not application/json'),
  ...serverErrors,
};

/**
 * What an endpoint behind an API key adds: who may call it (in its description and as
 * `x-required-role`) and the two refusals, 401 for no usable key and 403 for a role too low.
 */
const needs = (role: 'manager' | 'operator') => ({
  description: `Needs an API key (\`Authorization: Bearer <key>\`) of the ${role} role or higher.`,
  'x-required-role': role,
});
const authErrors = {
  [status('unauthenticated')]: error('No API key, or one that is unknown, expired or revoked'),
  [status('forbidden')]: error("The key's role may not do this"),
};
/** Public endpoints need no key. */
const PUBLIC = { security: [] };

/** Every command's reply when other requests kept changing the same product through all the retries. */
const CONTENDED = `other requests kept changing the same product: "${CONTENDED_MESSAGE}" (see Retry-After)`;

let cached: JsonObject | undefined;

export function buildOpenApiDocument(): JsonObject {
  cached ??= {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Allocation service',
      version: '1.0.0',
      description:
        'Allocates order lines to batches of stock ("Architecture Patterns with Python"). Every error reply is ' +
        'JSON `{"message": ...}` naming the problem. Every endpoint but `/api/health` and this document needs ' +
        'an API key: `Authorization: Bearer <key>`; GET endpoints need the manager role or higher, POST ' +
        'endpoints the operator role or higher. Admins create keys in the app or with `pnpm api-key:create`.',
    },
    security: [{ apiKey: [] }],
    paths: {
      '/api/add_batch': {
        post: {
          operationId: 'addBatch',
          ...needs('operator'),
          summary: 'Add a batch of stock',
          requestBody: requestBody('AddBatchRequest'),
          responses: {
            '201': { description: 'The batch was added', ...jsonContent('BatchCreated') },
            ...authErrors,
            ...bodyErrors,
            [status('batch.reference_taken')]: error(
              `A batch with this reference already exists, or ${CONTENDED}`,
            ),
          },
        },
      },
      '/api/allocate': {
        post: {
          operationId: 'allocate',
          ...needs('operator'),
          summary: 'Allocate an order line to a batch',
          requestBody: requestBody('AllocateRequest'),
          responses: {
            '202': {
              description: 'What happened: the batch chosen, or out of stock (the stock team is notified)',
              ...jsonContent('AllocationResult'),
            },
            ...authErrors,
            ...bodyErrors,
            [status('sku.unknown')]: error(
              'Invalid input, or an unknown sku: `{"message": "Invalid sku <sku>"}`',
            ),
            [status('line.already_allocated')]: error(
              `The line is already allocated with another quantity, or ${CONTENDED}`,
            ),
          },
        },
      },
      '/api/allocations/{orderid}': {
        get: {
          operationId: 'allocationsForOrder',
          ...needs('manager'),
          summary: "An order's allocations",
          parameters: [
            { name: 'orderid', in: 'path', required: true, schema: { type: 'string', minLength: 1 } },
          ],
          responses: {
            '200': { description: 'Each sku of the order and its batch', ...jsonContent('OrderAllocations') },
            ...authErrors,
            [status('request.invalid')]: error('The order id is not valid'),
            [status('not_found')]: error('The order has no allocations'),
            ...serverErrors,
          },
        },
      },
      '/api/deallocate': {
        post: {
          operationId: 'deallocate',
          ...needs('operator'),
          summary: 'Cancel an order line: it leaves its batch and is not re-allocated',
          requestBody: requestBody('DeallocateRequest'),
          responses: {
            '200': { description: 'The line that was deallocated', ...jsonContent('LineDeallocated') },
            ...authErrors,
            ...bodyErrors,
            [status('sku.unknown')]: error('Invalid input, or an unknown sku'),
            [status('line.not_allocated')]: error('The order has no allocated line for this sku'),
            [status('product.contended')]: error(`Conflict: ${CONTENDED}`),
          },
        },
      },
      '/api/change_batch_quantity': {
        post: {
          operationId: 'changeBatchQuantity',
          ...needs('operator'),
          summary: "Change a batch's purchased quantity; lines it can no longer hold are re-allocated",
          requestBody: requestBody('ChangeBatchQuantityRequest'),
          responses: {
            '200': {
              description: 'The change and the re-allocations',
              ...jsonContent('BatchQuantityChanged'),
            },
            ...authErrors,
            ...bodyErrors,
            [status('batch.unknown')]: error('No batch has this reference'),
            [status('product.contended')]: error(`Conflict: ${CONTENDED}`),
          },
        },
      },
      '/api/health': {
        get: {
          operationId: 'health',
          ...PUBLIC,
          summary: 'Whether the service can reach its database (public: needs no credentials)',
          responses: {
            '200': { description: 'The database answers', ...jsonContent('HealthStatus') },
            [status('service.unavailable')]: error(
              'The database did not answer within its connection bound (see Retry-After)',
            ),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'openApiDocument',
          ...PUBLIC,
          summary: 'This document',
          responses: { '200': { description: 'The OpenAPI 3.1 document' } },
        },
      },
    },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key made by an admin' },
      },
      schemas: {
        AddBatchRequest: schemaOf(addBatchInput, 'input'),
        AllocateRequest: schemaOf(allocateInput, 'input'),
        DeallocateRequest: schemaOf(deallocateInput, 'input'),
        ChangeBatchQuantityRequest: schemaOf(changeBatchQuantityInput, 'input'),
        BatchCreated: schemaOf(batchCreated, 'output'),
        AllocationResult: schemaOf(allocationResult, 'output'),
        OrderAllocations: schemaOf(orderAllocations, 'output'),
        LineDeallocated: schemaOf(lineDeallocated, 'output'),
        BatchQuantityChanged: schemaOf(batchQuantityChanged, 'output'),
        HealthStatus: schemaOf(healthStatus, 'output'),
        Error: schemaOf(errorBody, 'output'),
      },
    },
  };
  return cached;
}
