/**
 * Which requests the custom server hands straight to a fetch handler: every method and path of the
 * REST route table (packages/rest), with the app's context, and tRPC's endpoint. Anything else (other
 * methods such as HEAD and OPTIONS, trailing slashes, unknown /api paths) goes to Next, whose route
 * files serve the very same handlers, so no request is answered differently.
 */
import { getApp } from '@allocation/composition-root';
import { type FetchHandler, routes, withContext } from '@allocation/rest';
import type { DirectRoutes } from './web-server.ts';

interface DirectRoute {
  readonly matches: RegExp;
  readonly methods: ReadonlyMap<string, FetchHandler>;
}

const matcherOf = (path: string): RegExp =>
  new RegExp(
    `^${path
      .split(/\{[^}]+\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[^/]+')}$`,
  );

/** Next serves it as a static (prerendered) route, with its own caching: it stays with Next. */
const LEFT_TO_NEXT = new Set(['/api/openapi.json']);
const TRPC_PROCEDURE = /^\/api\/trpc\/[^/]+$/;

export function directRoutes(trpc: { GET: FetchHandler; POST: FetchHandler }): DirectRoutes {
  const served = routes.filter((route) => !LEFT_TO_NEXT.has(route.path));
  const table: DirectRoute[] = served.map((route) => ({
    matches: matcherOf(route.path),
    methods: new Map(
      Object.entries(route.methods).map(([method, handler]) => [method, withContext(getApp, handler)]),
    ),
  }));
  const exact = new Map<string, DirectRoute>();
  for (const [i, route] of served.entries()) {
    if (!route.path.includes('{')) exact.set(route.path, table[i] as DirectRoute);
  }
  const parametrized = table.filter((_, i) => served[i]?.path.includes('{'));
  const trpcMethods = new Map([
    ['GET', trpc.GET],
    ['POST', trpc.POST],
  ]);
  return (method, pathname) => {
    if (TRPC_PROCEDURE.test(pathname)) return trpcMethods.get(method);
    const route = exact.get(pathname) ?? parametrized.find((candidate) => candidate.matches.test(pathname));
    return route?.methods.get(method);
  };
}
