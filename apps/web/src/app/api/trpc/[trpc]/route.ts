import { appRouter, boundedTrpcRequest, createContext } from '@allocation/api';
import { getApp } from '@allocation/composition-root';
import { MAX_BATCH_CALLS } from '@allocation/contracts';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const ENDPOINT = '/api/trpc';

async function handler(request: Request): Promise<Response> {
  // Too many calls or too large a body: refused before tRPC reads anything.
  const req = await boundedTrpcRequest(request, ENDPOINT);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: ENDPOINT,
    req,
    router: appRouter,
    maxBatchSize: MAX_BATCH_CALLS,
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
