/**
 * The web process's HTTP server: the REST endpoints and tRPC go straight to their fetch handlers (the
 * same ones Next's route files export), everything else (pages, /api/auth, static files, any other
 * method or path) to Next's request handler. Responses served directly get the headers next.config.ts
 * gives every /api response, so the two paths answer alike.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Header } from '../src/lib/security-headers.ts';
import { sendFetchResponse, toFetchRequest } from './node-fetch.ts';

export type FetchHandler = (request: Request) => Promise<Response>;
export type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A handler for this method and path, or undefined: then Next serves the request. */
export type DirectRoutes = (method: string, pathname: string) => FetchHandler | undefined;

export interface WebServerOptions {
  readonly next: NodeHandler;
  readonly direct: DirectRoutes;
  /** On every directly served response (security headers, the API's Content-Security-Policy). */
  readonly headers: readonly Header[];
  readonly onError: (error: unknown) => void;
}

/** Each server's open event streams (live views): they never finish by themselves, so a stop ends them. */
const eventStreams = new WeakMap<Server, Set<ServerResponse>>();

export function createWebServer(options: WebServerOptions): Server {
  const streams = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const pathname = query < 0 ? url : url.slice(0, query);
    const handler = options.direct(req.method ?? 'GET', pathname);
    if (!handler) {
      options.next(req, res).catch((error: unknown) => fail(res, error, options.onError));
      return;
    }
    if (req.headers.accept?.includes('text/event-stream')) {
      streams.add(res);
      res.on('close', () => streams.delete(res));
    }
    serveDirectly(handler, req, res, options.headers).catch((error: unknown) =>
      fail(res, error, options.onError),
    );
  });
  eventStreams.set(server, streams);
  return server;
}

async function serveDirectly(
  handler: FetchHandler,
  req: IncomingMessage,
  res: ServerResponse,
  headers: readonly Header[],
): Promise<void> {
  // A browser that goes away ends what the handler streams to it (a live view's subscription). A
  // response that finished needs no abort (each builds a DOMException: ~1% of a busy process).
  const gone = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) gone.abort();
  });
  const { request, truncated } = await toFetchRequest(req, undefined, gone.signal);
  const response = await handler(request);
  await sendFetchResponse(res, response, headers, truncated);
}

/** The handlers turn every failure into a reply; this is for what is left (a broken socket). */
function fail(res: ServerResponse, error: unknown, onError: (error: unknown) => void): void {
  onError(error);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = 500;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ message: 'Internal server error' }));
}

/**
 * Stops accepting connections, lets the requests in flight finish (idle keep-alive connections are
 * closed at once), and after `graceMs` closes whatever is still open.
 */
export function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), graceMs);
    // A keep-alive connection becomes idle when its last request is answered: close it then.
    const sweeper = setInterval(() => server.closeIdleConnections(), 50);
    timer.unref();
    // A browser's live stream is cut now: it reconnects (to another process, or to this service restarted).
    for (const stream of eventStreams.get(server) ?? []) stream.destroy();
    server.close(() => {
      clearTimeout(timer);
      clearInterval(sweeper);
      resolve();
    });
    server.closeIdleConnections();
  });
}
