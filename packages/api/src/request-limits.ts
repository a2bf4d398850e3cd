/**
 * The bounds of one tRPC request, checked before tRPC reads it: at most `MAX_BATCH_CALLS` calls in a
 * batch and `MAX_BODY_BYTES` of body. What is over is refused with an error in tRPC's own shape
 * (so the client reads it like any other), naming the limit; what is within goes on with its body
 * already read, never more than the limit.
 */
import {
  HTTP_STATUS,
  MAX_BATCH_CALLS,
  MAX_BODY_BYTES,
  type RequestErrorCode,
  readAtMost,
  TRPC_CODE,
} from '@allocation/contracts';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';

/** The request to hand to tRPC, or the refusal to send instead. */
export async function boundedTrpcRequest(request: Request, endpoint: string): Promise<Request | Response> {
  const url = new URL(request.url);
  const paths = url.pathname.slice(endpoint.length + 1);
  const calls = url.searchParams.get('batch') === '1' ? paths.split(',').length : 1;
  if (calls > MAX_BATCH_CALLS) {
    return refusal(
      'request.too_large',
      `A batch may carry at most ${MAX_BATCH_CALLS} calls; this one carries ${calls}`,
    );
  }
  if (request.method !== 'POST' || !request.body) return request;
  const tooLarge = () => refusal('request.too_large', `Request body is larger than ${MAX_BODY_BYTES} bytes`);
  if (Number(request.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return tooLarge();
  const body = await readAtMost(request.body, MAX_BODY_BYTES);
  if (!body) return tooLarge();
  return new Request(request.url, { method: request.method, headers: request.headers, body });
}

function refusal(code: Exclude<RequestErrorCode, 'internal'>, message: string): Response {
  const trpcCode = TRPC_CODE[code];
  const httpStatus = HTTP_STATUS[code];
  const body = {
    error: {
      message,
      code: TRPC_ERROR_CODES_BY_KEY[trpcCode],
      data: { code: trpcCode, httpStatus, errorCode: code, field: null, fieldErrors: null, requestId: null },
    },
  };
  return new Response(JSON.stringify(body), {
    status: httpStatus,
    headers: { 'content-type': 'application/json' },
  });
}
