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
  openApi,
  type RestContext,
  type RestHandler,
} from './handlers.ts';

export interface Route {
  /** The path as the OpenAPI document writes it: `{name}` stands for one path segment. */
  readonly path: string;
  readonly methods: Readonly<Record<string, RestHandler>>;
}

/** Every endpoint: each handler declares who may call it (`access`), which the matrix test reads. */
export const routes: readonly Route[] = [
  { path: '/api/add_batch', methods: { POST: addBatch } },
  { path: '/api/allocate', methods: { POST: allocate } },
  { path: '/api/allocations/{orderid}', methods: { GET: allocationsForOrder } },
  { path: '/api/deallocate', methods: { POST: deallocate } },
  { path: '/api/change_batch_quantity', methods: { POST: changeBatchQuantity } },
  { path: '/api/health', methods: { GET: health } },
  { path: '/api/openapi.json', methods: { GET: openApi } },
];

/** Every method of every route with who may call it: what the authorization tests walk. */
export const endpoints = routes.flatMap((route) =>
  Object.entries(route.methods).map(([method, handler]) => ({
    method,
    path: route.path,
    access: handler.access,
  })),
);

const matcherOf = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`,
  );

const matchers = routes.map((route) => ({ route, matches: matcherOf(route.path) }));

export type FetchHandler = (request: Request) => Promise<Response>;

/** One fetch handler for the whole REST API; unknown paths are 404 and wrong methods 405, as JSON. */
export function createRestHandler(ctx: RestContext): FetchHandler {
  return async (request) => {
    const { pathname } = new URL(request.url);
    const route = matchers.find((candidate) => candidate.matches.test(pathname))?.route;
    if (!route) return noSuchEndpoint(request);
    const handler = route.methods[request.method];
    if (!handler) return methodNotAllowed(Object.keys(route.methods).join(', '))(request);
    return handler(request, ctx);
  };
}
