/**
 * The book's REST API as framework-free fetch handlers: each parses with the shared zod schema,
 * hands one command to the bus (or asks one view) and shapes the reply. Next.js route files and the
 * node:http test server both call these.
 */

import { type Actor, authorize, type Role } from '@allocation/auth/roles';
import {
  type AllocationResult,
  addBatchInput,
  allocateInput,
  allocationsForOrderInput,
  type BatchCreated,
  changeBatchQuantityInput,
  deallocateInput,
  type LineDeallocated,
  type OrderAllocationsBody,
  REQUEST_ID_HEADER,
  RequestError,
  requestIdFrom,
} from '@allocation/contracts';
import {
  Allocate,
  type AllocationBus,
  type AllocationViews,
  actorOrigin,
  auditableFields,
  ChangeBatchQuantity,
  type CommandOrigin,
  type CommandType,
  CreateBatch,
  Deallocate,
  type Logger,
} from '@allocation/domain';
import {
  appUnavailableResponse,
  errorResponse,
  failureResponse,
  HttpError,
  json,
  parseWith,
  readJsonObject,
} from './http.ts';
import { buildOpenApiDocument } from './openapi.ts';
import type { BatchQuantityChangedBody, HealthStatusBody } from './responses.ts';

/** What an API key in an `Authorization` header stands for, or why it stands for nobody. */
export type KeyVerdict =
  | { readonly ok: true; readonly actor: Actor }
  | { readonly ok: false; readonly message: string };

/** The one thing REST needs of identity: keys (REST takes no session cookie). */
export interface KeyVerifier {
  verifyApiKey(authorization: string | null): Promise<KeyVerdict>;
}

/**
 * What the handlers need: the bus for commands, a view for the one query, API keys, a way to ask
 * whether the database answers, and somewhere to log.
 */
export interface RestContext {
  readonly bus: AllocationBus;
  readonly views: Pick<AllocationViews, 'allocationsForOrder'>;
  readonly logger: Logger;
  /** Verifies API keys; built on first use. */
  identity(): Promise<KeyVerifier>;
  /** Resolves when the database answers; rejects (with `StoreUnavailable`) in bounded time when not. */
  ping(): Promise<void>;
}

export interface RestHandler {
  (request: Request, ctx: RestContext): Promise<Response>;
  /** The lowest role whose key may call it; `public` for the few endpoints anyone may call. */
  readonly access: Role | 'public';
}

/** What a handler body gets: the request, the context, the request id and (unless public) the caller. */
type HandlerBody<A> = (request: Request, ctx: RestContext, requestId: string, actor: A) => Promise<Response>;

/**
 * An endpoint whose callers need a key of `role` or higher: no key, or an unknown, expired or revoked
 * one, is 401 with `WWW-Authenticate: Bearer`; a key whose role is too low is 403, and when the
 * endpoint is a `command` that refusal is kept in the audit trail. Checked before the body is parsed.
 * Every reply carries a request id (the caller's `x-request-id` when it is valid). The body learns who
 * is asking as the command origin it hands to the bus.
 */
function endpoint(role: Role, handle: HandlerBody<CommandOrigin>, command?: CommandType): RestHandler {
  return replying(role, async (request, ctx, requestId) => {
    const verdict = await (await ctx.identity()).verifyApiKey(request.headers.get('authorization'));
    if (!verdict.ok) {
      throw new HttpError('unauthenticated', verdict.message, {}, { 'www-authenticate': 'Bearer' });
    }
    const origin = actorOrigin(verdict.actor, requestId);
    const refusal = authorize(verdict.actor, role);
    if (refusal) {
      if (command) {
        // What the key tried, as far as its body says (unparsed: the refusal comes first).
        const body = await readJsonObject(request).catch(() => undefined);
        await ctx.bus.recordRefusal({
          command,
          fields: auditableFields(body),
          origin,
          code: refusal.reason,
          message: refusal.message,
        });
      }
      throw new RequestError(refusal.reason, refusal.message);
    }
    return handle(request, ctx, requestId, origin);
  });
}

/** An endpoint anyone may call (health, the OpenAPI document). */
function publicEndpoint(handle: HandlerBody<undefined>): RestHandler {
  return replying('public', (request, ctx, requestId) => handle(request, ctx, requestId, undefined));
}

function replying(access: RestHandler['access'], handle: HandlerBody<undefined>): RestHandler {
  const handler = async (request: Request, ctx: RestContext) => {
    const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    let response: Response;
    try {
      response = await handle(request, ctx, requestId, undefined);
    } catch (error) {
      response = errorResponse(error, requestId, ctx.logger);
    }
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  };
  return Object.assign(handler, { access });
}

/** `POST /api/add_batch` `{"ref","sku","qty","eta"}` -> 201 with the batch as stored. */
export const addBatch: RestHandler = endpoint(
  'operator',
  async (request, { bus }, _requestId, origin) => {
    const input = parseWith(addBatchInput, await readJsonObject(request));
    const body: BatchCreated = await bus.handle(CreateBatch(input), origin);
    return json(body, 201);
  },
  'CreateBatch',
);

/**
 * `POST /api/allocate` `{"orderid","sku","qty"}` -> 202 with the batch chosen, or an out-of-stock
 * outcome (also 202: the request was valid; the stock team is notified). Unknown sku -> 400.
 */
export const allocate: RestHandler = endpoint(
  'operator',
  async (request, { bus }, _requestId, origin) => {
    const input = parseWith(allocateInput, await readJsonObject(request));
    const outcome = await bus.handle(Allocate(input), origin);
    const body: AllocationResult =
      outcome.status === 'allocated'
        ? {
            status: outcome.alreadyAllocated ? 'already_allocated' : 'allocated',
            batchref: outcome.batchref,
          }
        : { status: 'out_of_stock', batchref: null, message: `Out of stock for sku ${input.sku}` };
    return json(body, 202);
  },
  'Allocate',
);

/** `GET /api/allocations/<orderid>` -> 200 `[{"sku","batchref"}]`, or 404 when the order has none. */
export const allocationsForOrder: RestHandler = endpoint('manager', async (request, { views }) => {
  const { orderid } = parseWith(allocationsForOrderInput, { orderid: orderIdFromPath(request.url) });
  const allocations = await views.allocationsForOrder(orderid);
  if (allocations.length === 0) {
    throw new RequestError('not_found', `No allocations found for order ${orderid}`);
  }
  const body: OrderAllocationsBody = allocations.map(({ sku, batchref }) => ({ sku, batchref }));
  return json(body, 200);
});

/** `POST /api/deallocate` `{"orderid","sku"}` -> 200 with the line that left its batch. */
export const deallocate: RestHandler = endpoint(
  'operator',
  async (request, { bus }, _requestId, origin) => {
    const input = parseWith(deallocateInput, await readJsonObject(request));
    const line = await bus.handle(Deallocate(input), origin);
    const body: LineDeallocated = {
      orderid: line.orderid,
      sku: line.sku,
      qty: line.qty,
      batchref: line.batchref,
    };
    return json(body, 200);
  },
  'Deallocate',
);

/**
 * `POST /api/change_batch_quantity` `{"ref","qty"}` -> 200 with the lines the batch could no
 * longer hold and where each went: the bus answers that itself. The wire calls a moved line's new
 * batch `batchref` (null: no batch had stock).
 */
export const changeBatchQuantity: RestHandler = endpoint(
  'operator',
  async (request, { bus }, _requestId, origin) => {
    const input = parseWith(changeBatchQuantityInput, await readJsonObject(request));
    const change = await bus.handle(ChangeBatchQuantity(input), origin);
    const body: BatchQuantityChangedBody = {
      ref: change.ref,
      qty: change.qty,
      reallocations: change.moved.map(({ orderid, sku, qty, to }) => ({ orderid, sku, qty, batchref: to })),
    };
    return json(body, 200);
  },
  'ChangeBatchQuantity',
);

/**
 * `GET /api/health` -> 200 `{"status":"ok"}` when the database answers, else 503 `{"message"}` with
 * Retry-After, within the database's connection bound. Never cached.
 */
export const health: RestHandler = publicEndpoint(async (_request, { ping }) => {
  await ping();
  const body: HealthStatusBody = { status: 'ok' };
  return json(body, 200, { 'cache-control': 'no-store' });
});

/** `GET /api/openapi.json`: the OpenAPI 3.1 document, generated from the same zod schemas. Needs no app. */
export async function openApiDocument(_request?: Request): Promise<Response> {
  return json(buildOpenApiDocument(), 200, { 'cache-control': 'public, max-age=300' });
}
/** The OpenAPI document as a route of the table. */
export const openApi: RestHandler = publicEndpoint((request) => openApiDocument(request));

const ALLOCATIONS_PATH = /\/allocations\/([^/]*)\/?$/;

/** The order id from the URL, decoded exactly once (whatever framework routed the request here). */
export function orderIdFromPath(url: string): string {
  const match = ALLOCATIONS_PATH.exec(new URL(url).pathname);
  const raw = match?.[1] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new RequestError('request.malformed', `Order id in the path is not valid percent-encoding: ${raw}`);
  }
}

/**
 * For framework route files: `export const POST = withContext(getApp, allocate)`. If the app cannot
 * be built (database unreachable, bad configuration) the caller gets a JSON 503, not an HTML page.
 */
export function withContext(
  getContext: () => Promise<RestContext>,
  handler: RestHandler,
): ((request: Request) => Promise<Response>) & Pick<RestHandler, 'access'> {
  const route = async (request: Request) => {
    let ctx: RestContext;
    try {
      ctx = await getContext();
    } catch (error) {
      return appUnavailableResponse(request, error);
    }
    return handler(request, ctx);
  };
  // The route file's export says who may call it, as the handler does (the web's route test reads it).
  return Object.assign(route, { access: handler.access });
}

/** For framework route files: the JSON 405 other methods of an endpoint get (instead of an empty one). */
export function methodNotAllowed(allowed: string): (request: Request) => Promise<Response> {
  return async (request) =>
    failureResponse(
      {
        code: 'method_not_allowed',
        field: null,
        message: `Method ${request.method} is not allowed on ${new URL(request.url).pathname}; use ${allowed}`,
      },
      {},
      { allow: allowed },
    );
}

/** For a framework catch-all under /api: a JSON 404 naming the endpoint asked for. */
export async function noSuchEndpoint(request: Request): Promise<Response> {
  return failureResponse({
    code: 'not_found',
    field: null,
    message: `No such endpoint: ${request.method} ${new URL(request.url).pathname}`,
  });
}
