/**
 * All endpoints behind one fetch handler, routed by method and path: what a plain node:http server
 * (tests, tools) serves. The Next.js app routes with its file system instead and calls the
 * handlers directly.
 */
import {
  addBatch,
  allocate,
  allocationsForOrder,
  changeBatchQuantity,
  deallocate,
  health,
  methodNotAllowed,
  noSuchEndpoint,
  openApiDocument,
  type RestContext,
  type RestHandler,
} from './handlers.ts';

interface Route {
  readonly path: RegExp;
  readonly methods: Readonly<Record<string, RestHandler>>;
}

const routes: readonly Route[] = [
  { path: /^\/api\/add_batch$/, methods: { POST: addBatch } },
  { path: /^\/api\/allocate$/, methods: { POST: allocate } },
  { path: /^\/api\/allocations\/[^/]+$/, methods: { GET: allocationsForOrder } },
  { path: /^\/api\/deallocate$/, methods: { POST: deallocate } },
  { path: /^\/api\/change_batch_quantity$/, methods: { POST: changeBatchQuantity } },
  { path: /^\/api\/health$/, methods: { GET: health } },
  { path: /^\/api\/openapi\.json$/, methods: { GET: (request) => openApiDocument(request) } },
];

export type FetchHandler = (request: Request) => Promise<Response>;

/** One fetch handler for the whole REST API; unknown paths are 404 and wrong methods 405, as JSON. */
export function createRestHandler(ctx: RestContext): FetchHandler {
  return async (request) => {
    const { pathname } = new URL(request.url);
    const route = routes.find((candidate) => candidate.path.test(pathname));
    if (!route) return noSuchEndpoint(request);
    const handler = route.methods[request.method];
    if (!handler) return methodNotAllowed(Object.keys(route.methods).join(', '))(request);
    return handler(request, ctx);
  };
}
