/**
 * Route handlers for the signed-in users of the app (CSV downloads and uploads): the session cookie
 * says who is asking, the role is declared once per handler (`access`, like REST's endpoints and
 * tRPC's procedures) and checked before anything is read; failures are JSON with the status their
 * stable code translates to, like REST's.
 */
import { isCrossOrigin } from '@allocation/api';
import { type Actor, type App, authorize, getApp, type Role } from '@allocation/composition-root';
import { REQUEST_ID_HEADER, RequestError, requestIdFrom } from '@allocation/contracts';
import { appUnavailableResponse, errorResponse } from '@allocation/rest';

export interface SessionCall<P> {
  readonly app: App;
  readonly actor: Actor;
  readonly requestId: string;
  readonly params: P;
}

export interface SessionEndpoint<P> {
  (request: Request, app: App, params: P): Promise<Response>;
  /** The lowest role that may call it. */
  readonly access: Role;
}

export function sessionEndpoint<P>(
  role: Role,
  handle: (request: Request, call: SessionCall<P>) => Promise<Response>,
): SessionEndpoint<P> {
  const endpoint = async (request: Request, app: App, params: P) => {
    const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
    let response: Response;
    try {
      const actor = await (await app.identity()).actorFromSession(request.headers);
      const refusal = authorize(actor, role);
      if (refusal || !actor) {
        throw new RequestError(
          refusal?.reason ?? 'unauthenticated',
          refusal?.message ?? 'Sign in to do this',
        );
      }
      // A change asked from another site with this browser's cookie is refused (as tRPC's mutations are).
      const safe = request.method === 'GET' || request.method === 'HEAD';
      if (!safe && isCrossOrigin(request.headers.get('origin'), app.config.appUrl)) {
        throw new RequestError('forbidden', 'Requests from another site may not change anything');
      }
      response = await handle(request, { app, actor, requestId, params });
    } catch (error) {
      response = errorResponse(error, requestId, app.logger);
    }
    response.headers.set(REQUEST_ID_HEADER, requestId);
    return response;
  };
  return Object.assign(endpoint, { access: role });
}

/** A Next route file's method: the process's app and the route's params handed to the endpoint. */
export function routeOf<P>(
  endpoint: SessionEndpoint<P>,
): ((request: Request, context: { params: Promise<P> }) => Promise<Response>) & { access: Role } {
  const route = async (request: Request, context: { params: Promise<P> }) => {
    let app: App;
    try {
      app = await getApp();
    } catch (error) {
      return appUnavailableResponse(request, error);
    }
    return endpoint(request, app, await context.params);
  };
  return Object.assign(route, { access: endpoint.access });
}
