import {
  Allocate,
  type AllocationOutcome,
  bootstrap,
  ConcurrencyConflict,
  CreateBatch,
  orderLine,
  type Product,
} from '@allocation/domain';
import { RecordingLogger, testOrigin } from '@allocation/domain/testing';
import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type Database, openDatabase } from '../src/index.ts';
import { barrier, busOn, silentLogger, unique, useBackend, wallClock } from './support.ts';

const fastRetry = {
  attempts: 30,
  baseDelayMs: 1,
  maxDelayMs: 20,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

describe('concurrency on PostgreSQL', () => {
  const backendRef = useBackend('postgres', { poolSize: 16 });
  const db = () => backendRef.db;

  const busWith = (logger = new RecordingLogger(), database = db(), retry = fastRetry) =>
    bootstrap({
      uow: database.uow,
      notifications: db().notificationLog,
      clock: wallClock,
      logger,
      stockTeamAddress: 'stock@example.com',
      retry,
    });

  const version = async (sku: string) =>
    (await db().uow.run((uow) => uow.products.get(sku))).result?.versionNumber;

  it('two concurrent allocations to one product: without retry exactly one fails, the version advances once', () =>
    exactlyOneOfTwoConcurrentWritersFails(db()));

  it('through the bus both concurrent allocations succeed (the conflict is retried)', async () => {
    const sku = unique('RETRO-CLOCK');
    const bus = busWith();
    await bus.handle(CreateBatch({ ref: unique('batch'), sku, qty: 100, eta: null }), testOrigin);
    const before = (await version(sku)) as number;
    // Hold both first attempts until both have read, so they really collide.
    const bothRead = barrier(2);
    let firstAttempts = 0;
    const colliding = bootstrap({
      uow: {
        run: (work) =>
          db().uow.run(async (uow) => {
            const original = uow.products.get.bind(uow.products);
            const products = Object.create(uow.products, {
              get: {
                value: async (s: string, options?: { orderid?: string }) => {
                  const product = await original(s, options);
                  if (firstAttempts < 2) {
                    firstAttempts += 1;
                    await bothRead();
                  }
                  return product;
                },
              },
            });
            return work({ ...uow, products, commit: () => uow.commit() });
          }),
      },
      notifications: db().notificationLog,
      clock: wallClock,
      logger: silentLogger,
      stockTeamAddress: 'stock@example.com',
      retry: fastRetry,
    });
    const outcomes = await Promise.all([
      colliding.handle(Allocate({ orderid: 'order-a', sku, qty: 10 }), testOrigin),
      colliding.handle(Allocate({ orderid: 'order-b', sku, qty: 10 }), testOrigin),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['allocated', 'allocated']);
    expect(await version(sku)).toBe(before + 2);
    expect(await db().views.stockForSku(sku)).toMatchObject([{ allocated: 20 }]);
  });

  it('after a conflict, the next writers of that product in this process queue instead of colliding', async () => {
    const sku = unique('HOT');
    await busWith().handle(CreateBatch({ ref: unique('batch'), sku, qty: 100, eta: null }), testOrigin);
    const concurrently = (orders: string[], pause: (i: number) => Promise<void>) =>
      Promise.allSettled(
        orders.map((orderid, i) =>
          db().uow.run(async (uow) => {
            const product = (await uow.products.get(sku, { orderid })) as Product;
            product.allocate(orderLine(orderid, sku, 1));
            await pause(i);
            await uow.commit();
          }),
        ),
      );
    const bothRead = barrier(2);
    const first = await concurrently(['first-a', 'first-b'], () => bothRead());
    expect(first.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']); // the sku is now hot
    // Each holds its transaction open a while after reading: without the queue they would collide.
    const queued = await concurrently(
      Array.from({ length: 6 }, (_, i) => `queued-${i}`),
      () => new Promise((resolve) => setTimeout(resolve, 10)),
    );
    expect(queued.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
    expect((await db().uow.run((uow) => uow.products.get(sku))).result?.batches[0]?.allocatedQuantity).toBe(
      7,
    );
  });

  it('a product hot in two processes: their writers queue across the processes instead of colliding', async () => {
    const other = await openDatabase({ url: db().url, clock: wallClock }); // a second web process
    onTestFinished(() => other.close());
    const sku = unique('HOT');
    await busWith().handle(CreateBatch({ ref: unique('batch'), sku, qty: 100, eta: null }), testOrigin);
    const allocateOne = (database: Database, orderid: string, pause: () => Promise<unknown>) =>
      database.uow.run(async (uow) => {
        const product = (await uow.products.get(sku, { orderid })) as Product;
        product.allocate(orderLine(orderid, sku, 1));
        await pause();
        await uow.commit();
      });
    // Each process loses one race (it read, the other committed first): the sku is hot in both.
    const loseOnce = async (loser: Database, winner: Database, name: string) => {
      let read = () => {};
      const hasRead = new Promise<void>((resolve) => {
        read = resolve;
      });
      let won = () => {};
      const hasWon = new Promise<void>((resolve) => {
        won = resolve;
      });
      const losing = allocateOne(loser, `${name}-lost`, async () => {
        read();
        await hasWon;
      });
      await hasRead;
      await allocateOne(winner, `${name}-won`, async () => {});
      won();
      await expect(losing).rejects.toBeInstanceOf(ConcurrencyConflict);
    };
    await loseOnce(db(), other, 'here');
    await loseOnce(other, db(), 'there');
    // Each holds its transaction open a while after reading: without a queue shared by the
    // processes, the two processes' writers would collide (no retries here).
    const hold = () => new Promise((resolve) => setTimeout(resolve, 10));
    const queued = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => allocateOne(i % 2 === 0 ? db() : other, `queued-${i}`, hold)),
    );
    expect(queued.map((r) => r.status)).toEqual(Array(12).fill('fulfilled'));
    const stock = (await db().uow.run((uow) => uow.products.get(sku))).result?.batches[0]?.allocatedQuantity;
    expect(stock).toBe(14); // the two winners and the twelve queued
  });

  it('without the hot-product queue the optimistic check alone still keeps the stock right', async () => {
    const optimistic = await openDatabase({ url: db().url, queueHotProducts: false, clock: wallClock });
    try {
      const sku = unique('HOT');
      const bus = bootstrap({
        uow: optimistic.uow,
        notifications: optimistic.notificationLog,
        clock: wallClock,
        logger: silentLogger,
        stockTeamAddress: 'stock@example.com',
        retry: fastRetry,
      });
      await bus.handle(CreateBatch({ ref: unique('batch'), sku, qty: 30, eta: null }), testOrigin);
      const outcomes = await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          bus.handle(Allocate({ orderid: `o${i}`, sku, qty: 1 }), testOrigin),
        ),
      );
      expect(outcomes.filter((o) => o.status === 'allocated')).toHaveLength(30);
      expect(await optimistic.views.stockForSku(sku)).toMatchObject([{ allocated: 30, available: 0 }]);
    } finally {
      await optimistic.close();
    }
  });

  it.each([
    ['queueing hot products (default)', true],
    ['purely optimistic', false],
  ])(
    'stress, %s: 16 workers, 2,000 allocations on a few skus with tight stock keep every invariant',
    async (_, queue) => {
      const logger = new RecordingLogger();
      const database = queue
        ? db()
        : await openDatabase({ url: db().url, poolSize: 16, queueHotProducts: false, clock: wallClock });
      onTestFinished(async () => {
        if (database !== db()) await database.close();
      });
      // Without the queue, 4 writers race for each sku and a conflict's loser has about a 3 in 4 chance
      // of losing again: 30 attempts ran out now and then (~(3/4)^30 per line, 2,000 lines); 100 do not.
      const bus = busWith(logger, database, queue ? fastRetry : { ...fastRetry, attempts: 100 });
      const skus = Array.from({ length: 4 }, () => unique('STRESS'));
      // 4 skus x 3 batches x 200 units = 2,400 units for 2,000 lines of 1-3 units (~4,000): tight.
      for (const sku of skus) {
        for (const [i, eta] of [null, '2026-12-01', '2027-01-15'].entries()) {
          await bus.handle(CreateBatch({ ref: `${sku}-b${i}`, sku, qty: 200, eta }), testOrigin);
        }
      }
      const commands = Array.from({ length: 2000 }, (_, i) =>
        Allocate({ orderid: `order-${i}`, sku: skus[i % skus.length] as string, qty: 1 + (i % 3) }),
      );
      const outcomes = new Map<string, AllocationOutcome>();
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let command = commands[next++]; command; command = commands[next++]) {
            outcomes.set(command.orderid, await bus.handle(command, testOrigin));
          }
        }),
      );
      expect(outcomes.size).toBe(2000);
      const retried = logger.entries.filter((e) => e.message.startsWith('Concurrent update')).length;
      expect(logger.entries.filter((e) => e.level === 'error')).toEqual([]);

      const client = new pg.Client({ connectionString: db().url });
      await client.connect();
      try {
        const q = async <R extends pg.QueryResultRow>(text: string, values: unknown[] = []) =>
          (await client.query<R>(text, values)).rows;
        // No batch over-allocated; allocated totals equal the lines; the read model agrees.
        const batches = await q<{
          reference: string;
          purchased: number;
          allocated: number;
          lines: number;
          view: number;
        }>(
          `SELECT b.reference, b.purchased_quantity AS purchased, b.allocated_quantity AS allocated,
                (SELECT coalesce(sum(qty), 0)::int FROM allocations a WHERE a.batch_id = b.id) AS lines,
                v.allocated AS view
         FROM batches b JOIN batch_stock_view v ON v.reference = b.reference WHERE b.sku = ANY($1)`,
          [skus],
        );
        expect(batches).toHaveLength(12);
        for (const batch of batches) {
          expect(batch.allocated).toBeLessThanOrEqual(batch.purchased);
          expect(batch.lines).toBe(batch.allocated);
          expect(batch.view).toBe(batch.allocated);
        }
        // Every allocation the bus reported is stored exactly once, in its batch and in the view.
        const stored = await q<{ orderid: string; batchref: string; n: number }>(
          `SELECT a.orderid, b.reference AS batchref, count(*) OVER (PARTITION BY a.orderid)::int AS n
         FROM allocations a JOIN batches b ON b.id = a.batch_id WHERE a.sku = ANY($1)`,
          [skus],
        );
        const viewRows = await q<{ orderid: string; batchref: string }>(
          'SELECT orderid, batchref FROM allocations_view WHERE sku = ANY($1) AND batchref IS NOT NULL',
          [skus],
        );
        const allocated = [...outcomes].filter(([, o]) => o.status === 'allocated');
        expect(stored.every((row) => row.n === 1)).toBe(true);
        const byOrder = (rows: { orderid: string; batchref: string }[]) =>
          Object.fromEntries(rows.map((r) => [r.orderid, r.batchref]));
        const expected = Object.fromEntries(
          allocated.map(([orderid, o]) => [orderid, o.status === 'allocated' ? o.batchref : '']),
        );
        expect(byOrder(stored)).toEqual(expected);
        expect(byOrder(viewRows)).toEqual(expected);
        expect(viewRows).toHaveLength(stored.length);
        // Out-of-stock outcomes left nothing behind, and stock really ran out for them.
        const outOfStock = [...outcomes].filter(([, o]) => o.status === 'out_of_stock');
        expect(allocated.length + outOfStock.length).toBe(2000);
        expect(outOfStock.length).toBeGreaterThan(0);
        const unitsAllocated = batches.reduce((sum, b) => sum + b.allocated, 0);
        expect(unitsAllocated).toBeGreaterThan(2400 - 3 * 12);
        // Outbox: one line_allocated message per allocation.
        const [messages] = await q<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox WHERE payload->>'sku' = ANY($1)`,
          [skus],
        );
        expect(messages?.n).toBe(allocated.length);
        // Each sku's version counts its batches and its allocations.
        const versions = await q<{ sku: string; version_number: number; lines: number }>(
          `SELECT p.sku, p.version_number, (SELECT count(*)::int FROM allocations a WHERE a.sku = p.sku) AS lines
         FROM products p WHERE p.sku = ANY($1)`,
          [skus],
        );
        for (const v of versions) expect(v.version_number).toBe(3 + v.lines);
        console.info(
          `stress: ${allocated.length} allocated, ${outOfStock.length} out of stock, ${retried} conflicts retried`,
        );
      } finally {
        await client.end();
      }
    },
    // 2,000 allocations: ~12 s on a quiet 2-core machine, several times that beside other suites.
    180_000,
  );
});

/** The book's concurrency test, on whichever transaction runner the database was opened with. */
async function exactlyOneOfTwoConcurrentWritersFails(database: Database): Promise<void> {
  const bus = busOn(database);
  const version = async (sku: string) =>
    (await database.uow.run((uow) => uow.products.get(sku))).result?.versionNumber;

  const sku = unique('RETRO-CLOCK');
  await bus.handle(CreateBatch({ ref: unique('batch'), sku, qty: 100, eta: null }), testOrigin);
  const before = await version(sku);
  const bothRead = barrier(2);
  const allocate = (orderid: string) =>
    database.uow.run(async (uow) => {
      const product = (await uow.products.get(sku, { orderid })) as Product;
      product.allocate(orderLine(orderid, sku, 10));
      await bothRead(); // both have read the same version before either writes
      await uow.commit();
    });
  const results = await Promise.allSettled([allocate('order-a'), allocate('order-b')]);
  const failed = results.filter((r) => r.status === 'rejected');
  expect(failed).toHaveLength(1);
  expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyConflict);
  expect(await version(sku)).toBe((before as number) + 1);
  const orders = await Promise.all(['order-a', 'order-b'].map((o) => database.views.allocationsForOrder(o)));
  expect((await database.uow.run((uow) => uow.products.get(sku))).result?.batches[0]?.allocatedQuantity).toBe(
    10,
  );
  expect(orders.flat().filter((a) => a.sku === sku)).toHaveLength(0); // read model is the bus's job
}
