import { type Context, createContext, isCrossOrigin } from '@allocation/api';
import { type App, getApp, type Identity } from '@allocation/composition-root';
import { TRPCError } from '@trpc/server';

/**
 * The tRPC context of one request, over the composition root's app: for the /api/trpc route and
 * for server rendering alike. Who is asking comes from the session cookie in `headers`; whether a
 * browser sent it from another site, from its `Origin` against APP_URL. A service that cannot start
 * is an error the caller can report.
 */
export async function createRequestContext(headers: Headers): Promise<Context> {
  let app: App;
  let identity: Identity;
  try {
    app = await getApp();
    identity = await app.identity();
  } catch (error) {
    console.error('The application could not start', error);
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message:
        'The allocation service could not start (its database or configuration failed); see the server log.',
    });
  }
  // Admin procedures reach users and keys through the identity's administration (the api's port),
  // and dead letters through the app's `deadLetterActions` (the messaging package's replay and discard).
  return createContext(
    { ...app, administration: identity.administration },
    {
      requestId: headers.get('x-request-id'),
      actor: await identity.actorFromSession(headers),
      crossOrigin: isCrossOrigin(headers.get('origin'), app.config.appUrl),
    },
  );
}
