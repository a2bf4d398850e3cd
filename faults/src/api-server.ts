/**
 * The service under test as a process of its own: the REST API (`createRestHandler`) on node:http over
 * the real app (`createApp`: DATABASE_URL, REDIS_URL for the outbox, AUTH_SECRET). Prints
 * `listening <port>` once it serves; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '@allocation/composition-root';
import { createRestHandler, toNodeListener } from '@allocation/rest';

const app = await createApp();
const server = createServer(toNodeListener(createRestHandler(app)));
server.keepAliveTimeout = 5_000;
await new Promise<void>((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
console.log(`listening ${(server.address() as AddressInfo).port}`);

process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => void app.close().finally(() => process.exit(0)));
  setTimeout(() => process.exit(1), 5_000).unref();
});
