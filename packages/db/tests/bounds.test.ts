/**
 * Every wait on PostgreSQL is bounded, and an absent or stalled database is reported as
 * `StoreUnavailable` (what the edges answer with 503 / SERVICE_UNAVAILABLE), promptly, by every
 * adapter; the same `Database` works again as soon as the server is back. Real faults: a lock held
 * by another connection, a connection path that is cut and restored, a server that never answers.
 */

import { once } from 'node:events';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { Allocate, CreateBatch, StoreUnavailable } from '@allocation/domain';
import { testOrigin } from '@allocation/domain/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, isUnavailability, openDatabase } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';
import { busOn, silentLogger, unique, wallClock } from './support.ts';

/** How long a rejection may take beyond the bound that caused it. */
const SLACK_MS = 1_500;

async function elapsed<T>(work: () => Promise<T>): Promise<{ ms: number; outcome: PromiseSettledResult<T> }> {
  const started = performance.now();
  const [outcome] = await Promise.allSettled([work()]);
  return { ms: performance.now() - started, outcome: outcome as PromiseSettledResult<T> };
}

const rejectedWith = (outcome: PromiseSettledResult<unknown>) =>
  outcome.status === 'rejected' ? outcome.reason : undefined;

/** Forwards a local port to the PostgreSQL server; `cut` drops every connection and refuses new ones. */
class CuttableLink {
  #server: Server | undefined;
  #sockets = new Set<Socket>();
  port = 0;
  constructor(private readonly target: { host: string; port: number }) {}

  async open(): Promise<void> {
    const server = createServer((inbound) => {
      const outbound = connect(this.target.port, this.target.host);
      for (const socket of [inbound, outbound]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => {});
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  async cut(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    for (const socket of this.#sockets) socket.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('PostgreSQL, bounded', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await createTestDatabase();
  });
  afterAll(async () => test?.drop());

  async function withDatabase(
    bounds: Parameters<typeof openDatabase>[0]['bounds'],
    work: (db: Database) => Promise<void>,
    url = test.url,
  ): Promise<void> {
    const db = await openDatabase({ url, poolSize: 4, clock: wallClock, logger: silentLogger, bounds });
    try {
      await work(db);
    } finally {
      await db.close();
    }
  }

  /** Another session holding the products, their batches and the stock view until released. */
  async function holdingTheProducts(work: () => Promise<void>): Promise<void> {
    const other = new pg.Client({ connectionString: test.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('LOCK TABLE products, batches, batch_stock_view IN ACCESS EXCLUSIVE MODE');
      await work();
    } finally {
      await other.query('ROLLBACK').catch(() => {});
      await other.end();
    }
  }

  it('sets the timeouts on every connection of the pool, Prisma’s included', async () => {
    const bounds = { statementTimeoutMs: 4_321, lockTimeoutMs: 1_234, idleInTransactionTimeoutMs: 5_678 };
    await withDatabase(bounds, async (db) => {
      const settings = await db.prisma.$queryRaw<{ statement: string; lock: string; idle: string }[]>`
        SELECT current_setting('statement_timeout') AS statement, current_setting('lock_timeout') AS lock,
               current_setting('idle_in_transaction_session_timeout') AS idle`;
      expect(settings).toEqual([{ statement: '4321ms', lock: '1234ms', idle: '5678ms' }]);
    });
  });

  it('a lock held elsewhere fails a command within lock_timeout, as StoreUnavailable', async () => {
    await withDatabase({ lockTimeoutMs: 300, statementTimeoutMs: 0 }, async (db) => {
      const bus = busOn(db);
      const sku = unique('LOCKED');
      await bus.handle(CreateBatch({ ref: unique('b'), sku, qty: 10, eta: null }), testOrigin);
      await holdingTheProducts(async () => {
        const { ms, outcome } = await elapsed(() =>
          bus.handle(Allocate({ orderid: 'o1', sku, qty: 1 }), testOrigin),
        );
        expect(rejectedWith(outcome)).toBeInstanceOf(StoreUnavailable);
        expect(ms).toBeLessThan(300 + SLACK_MS);
      });
      // The lock is gone: the same database takes the allocation.
      expect(await bus.handle(Allocate({ orderid: 'o1', sku, qty: 1 }), testOrigin)).toMatchObject({
        status: 'allocated',
      });
    });
  });

  it('a statement running past statement_timeout fails, as StoreUnavailable, on the views too', async () => {
    await withDatabase({ lockTimeoutMs: 0, statementTimeoutMs: 300 }, async (db) => {
      const bus = busOn(db);
      const sku = unique('SLOW');
      await bus.handle(CreateBatch({ ref: unique('b'), sku, qty: 10, eta: null }), testOrigin);
      await holdingTheProducts(async () => {
        const command = await elapsed(() => bus.handle(Allocate({ orderid: 'o1', sku, qty: 1 }), testOrigin));
        expect(rejectedWith(command.outcome)).toBeInstanceOf(StoreUnavailable);
        expect(command.ms).toBeLessThan(300 + SLACK_MS);
        const view = await elapsed(() => db.views.stockForSku(sku));
        expect(rejectedWith(view.outcome)).toBeInstanceOf(StoreUnavailable);
        expect(view.ms).toBeLessThan(300 + SLACK_MS);
      });
    });
  });

  it('a database that goes away fails every adapter promptly, and serves again once it is back', async () => {
    const target = new URL(test.url);
    const link = new CuttableLink({ host: target.hostname, port: Number(target.port || 5432) });
    await link.open();
    const viaLink = new URL(test.url);
    viaLink.hostname = '127.0.0.1';
    viaLink.port = String(link.port);
    try {
      await withDatabase(
        { connectTimeoutMs: 1_000 },
        async (db) => {
          const bus = busOn(db);
          const sku = unique('AWAY');
          const orderid = unique('o');
          await bus.handle(CreateBatch({ ref: unique('b'), sku, qty: 10, eta: null }), testOrigin);
          await db.ping();

          await link.cut();
          const everyAdapter: (() => Promise<unknown>)[] = [
            () => bus.handle(Allocate({ orderid, sku, qty: 1 }), testOrigin),
            () => db.views.allocationsForOrder(orderid),
            () => db.ping(),
            () => db.outbox.relay(10, async () => {}),
          ];
          for (const work of everyAdapter) {
            const { ms, outcome } = await elapsed(work);
            expect(rejectedWith(outcome)).toBeInstanceOf(StoreUnavailable);
            expect(ms).toBeLessThan(1_000 + SLACK_MS);
          }

          await link.open(); // same port: the server is back
          await db.ping();
          expect(await bus.handle(Allocate({ orderid, sku, qty: 1 }), testOrigin)).toMatchObject({
            status: 'allocated',
          });
          expect(await db.views.allocationsForOrder(orderid)).toHaveLength(1);
        },
        viaLink.toString(),
      );
    } finally {
      await link.cut();
    }
  });

  it('a server that accepts connections but never answers: the connect bound ends the wait, read as unavailability', async () => {
    const silent = createServer(() => {}); // accepts, never replies
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const hung = new Set<Socket>();
    silent.on('connection', (socket) => hung.add(socket));
    const { port } = silent.address() as AddressInfo;
    // openDatabase would wait on its migrations; the pool's bound is what is under test here.
    const pool = new pg.Pool({
      connectionString: `postgresql://postgres@127.0.0.1:${port}/x`,
      connectionTimeoutMillis: 500,
    });
    try {
      const { ms, outcome } = await elapsed(() => pool.query('SELECT 1'));
      expect(isUnavailability(rejectedWith(outcome))).toBe(true);
      expect(ms).toBeLessThan(500 + SLACK_MS);
    } finally {
      await pool.end();
      for (const socket of hung) socket.destroy();
      silent.close();
    }
  });
});
