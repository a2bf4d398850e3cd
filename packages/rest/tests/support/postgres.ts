import { connect } from 'node:net';
import { testDatabaseAdminUrl } from '@allocation/db/testing';

/** Whether the PostgreSQL server of the integration tests answers; they are skipped, saying so, when not. */
export async function postgresSkipReason(): Promise<string | undefined> {
  const url = new URL(testDatabaseAdminUrl());
  const port = Number(url.port || 5432);
  const host = url.hostname || '127.0.0.1';
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
  if (reachable) return undefined;
  const reason = `PostgreSQL at ${host}:${port} does not answer: skipping the tests against the real database`;
  console.warn(`[rest] ${reason}`);
  return reason;
}
