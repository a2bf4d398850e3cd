import { appRouter, boundedTrpcRequest } from '@allocation/api';
import { MAX_BATCH_CALLS } from '@allocation/contracts';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createRequestContext } from '../../../../trpc/request-context';

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
    createContext: () => createRequestContext(req.headers),
  });
}

export { handler as GET, handler as POST };
