/**
 * One web process of `pnpm start` (the launcher, packages/composition-root/bin/serve.ts, runs one per
 * core on PostgreSQL, sharing the port through node:cluster). Next's custom-server mode: pages,
 * /api/auth and static files go through Next; the REST endpoints and tRPC go straight to the fetch
 * handlers Next's route files export, skipping Next's routing for the requests that need it least.
 *
 * SIGTERM or SIGINT: stop accepting, let the requests in flight finish, close the database pool, exit 0.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getApp } from '@allocation/composition-root';
import next from 'next';
import { GET as trpcGet, POST as trpcPost } from '../src/app/api/trpc/[trpc]/route.ts';
import { API_RESPONSE_HEADERS } from './api-headers.ts';
import { directRoutes } from './direct-routes.ts';
import { closeGracefully, createWebServer } from './web-server.ts';

const webDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3000);
/** How long requests in flight may take to finish after a SIGTERM. */
const GRACE_MS = 10_000;
const say = (message: string) => console.log(`[web ${process.pid}] ${message}`);

async function main(): Promise<void> {
  // The app (database pool, identity) before the first request, not during it. A failure is not
  // fatal: requests answer 503 until it can be built (as the route files do).
  await getApp().catch((error: unknown) => {
    console.error(`[web ${process.pid}] The application could not start yet`, error);
  });
  const nextApp = next({ dev: false, dir: webDir, port });
  await nextApp.prepare();
  const server = createWebServer({
    next: nextApp.getRequestHandler(),
    direct: directRoutes({ GET: trpcGet, POST: trpcPost }),
    headers: API_RESPONSE_HEADERS,
    onError: (error) => console.error(`[web ${process.pid}] Request failed`, error),
  });
  // Like next start: slow clients must not hold a connection open for ever, idle ones a while.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((listening) => server.listen(port, listening));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: finishing the requests in flight`);
    await closeGracefully(server, GRACE_MS);
    await nextApp.close().catch(() => {});
    const app = await getApp().catch(() => undefined);
    await app?.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  console.error(`[web ${process.pid}] could not start`, error);
  process.exit(1);
});
