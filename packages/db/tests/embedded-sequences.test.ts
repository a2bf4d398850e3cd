// Several connections to the embedded server at once, as the web app, the worker and the launcher
// make: each one's parameterised queries (Parse, Bind, Execute, Sync) and transactions must not mix.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordingLogger } from '@allocation/domain/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedServer, startEmbedded } from '../src/embedded.ts';

describe('the embedded server with several connections', () => {
  let dataDir: string;
  let server: EmbeddedServer;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'allocation-sequences-'));
    server = await startEmbedded({ dataDir, maxConnections: 4, logger: new RecordingLogger() });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("keeps each connection's parameterised queries and transactions to itself", async () => {
    const clients = [new pg.Client(server.url), new pg.Client(server.url), new pg.Client(server.url)];
    await Promise.all(clients.map((client) => client.connect()));
    try {
      // Different parameter types per connection: a Bind landing on another's statement fails.
      const [numbers, stamps, transactions] = clients as [pg.Client, pg.Client, pg.Client];
      const work = [
        (async () => {
          for (let i = 0; i < 60; i++) {
            const { rows } = await numbers.query('SELECT $1::int + 1 AS n', [i]);
            expect(rows[0].n).toBe(i + 1);
          }
        })(),
        (async () => {
          for (let i = 0; i < 60; i++) {
            const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i));
            const { rows } = await stamps.query('SELECT $1::timestamptz AS at, $2::text AS tag', [
              at,
              `t${i}`,
            ]);
            expect(rows[0]).toEqual({ at, tag: `t${i}` });
          }
        })(),
        (async () => {
          for (let i = 0; i < 20; i++) {
            await transactions.query('BEGIN');
            await transactions.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
            const { rows } = await transactions.query('SELECT $1::text AS v', [`v${i}`]);
            expect(rows[0].v).toBe(`v${i}`);
            await transactions.query('COMMIT');
          }
        })(),
      ];
      await Promise.all(work);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  }, 60_000);
});
