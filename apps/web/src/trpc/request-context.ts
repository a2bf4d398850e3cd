import { type Context, createContext } from '@allocation/api';
import { getApp } from '@allocation/composition-root';
import { TRPCError } from '@trpc/server';

/**
 * The tRPC context of one request, over the composition root's app: for the /api/trpc route and
 * for server rendering alike. A service that cannot start is an error the caller can report.
 */
export async function createRequestContext(requestId: string | null): Promise<Context> {
  let app: Awaited<ReturnType<typeof getApp>>;
  try {
    app = await getApp();
  } catch (error) {
    console.error('The application could not start', error);
    throw new TRPCError({
      code: 'INTERNAL_SERVER_ERROR',
      message:
        'The allocation service could not start (its database or configuration failed); see the server log.',
    });
  }
  return createContext(app, { requestId });
}
