/**
 * node:http to fetch and back, for the routes the custom server hands straight to fetch handlers.
 * A request body is read up to one byte past the limit and no further: the handler sees that it is
 * too large (413) without the server ever holding more than that in memory.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_BODY_BYTES } from '@allocation/contracts';
import type { Header } from '../src/lib/security-headers.ts';

/** Reads the body up to `limit + 1` bytes; `truncated` when the request had more. */
export function readBoundedBody(
  req: IncomingMessage,
  limit: number = MAX_BODY_BYTES,
): Promise<{ body: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        finish(true);
      }
    };
    const onEnd = () => finish(false);
    const onError = (error: Error) => {
      cleanUp();
      reject(error);
    };
    const cleanUp = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const finish = (truncated: boolean) => {
      cleanUp();
      if (truncated) req.pause();
      const whole = Buffer.concat(chunks, size);
      resolve({ body: truncated ? whole.subarray(0, limit + 1) : whole, truncated });
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/** The fetch Request for a node request, its body bounded as above. */
export async function toFetchRequest(
  req: IncomingMessage,
  limit: number = MAX_BODY_BYTES,
  signal?: AbortSignal,
): Promise<{ request: Request; truncated: boolean }> {
  const url = `http://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`;
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i] as string, raw[i + 1] as string);
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    return {
      request: new Request(url, { method, headers, ...(signal ? { signal } : {}) }),
      truncated: false,
    };
  }
  const { body, truncated } = await readBoundedBody(req, limit);
  return {
    request: new Request(url, { method, headers, body: new Uint8Array(body), ...(signal ? { signal } : {}) }),
    truncated,
  };
}

/** Writes a fetch Response, with `headers` first (the response's own win where both set one). */
export async function sendFetchResponse(
  res: ServerResponse,
  response: Response,
  headers: readonly Header[],
  closeConnection: boolean,
): Promise<void> {
  for (const { key, value } of headers) res.setHeader(key, value);
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  // A body left unread behind a refusal: do not read the rest of it to keep the connection.
  if (closeConnection) res.setHeader('connection', 'close');
  res.statusCode = response.status;
  if (response.body && response.headers.get('content-type')?.startsWith('text/event-stream')) {
    // Server-sent events (live views): each event goes out as it comes, for as long as the stream lasts.
    res.flushHeaders();
    const reader = response.body.getReader();
    try {
      for (let next = await reader.read(); !next.done && !res.destroyed; next = await reader.read()) {
        res.write(next.value);
      }
    } finally {
      await reader.cancel().catch(() => {});
      res.end();
    }
    return;
  }
  const body = Buffer.from(await response.arrayBuffer());
  res.setHeader('content-length', body.length);
  res.end(body);
}
