import { appRouter, createContext } from '@allocation/api';
import { getApp } from '@allocation/composition-root';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function handler(req: Request) {
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => {
      const requestId = req.headers.get('x-request-id');
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
    },
  });
}

export { handler as GET, handler as POST };
