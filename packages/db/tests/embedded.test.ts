import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Allocate, CreateBatch } from '@allocation/domain';
import { RecordingLogger, testOrigin } from '@allocation/domain/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirInUse, openDatabase } from '../src/index.ts';
import { busOn, wallClock } from './support.ts';

describe('embedded database (PGlite)', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'allocation-embedded-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps data in its folder across restarts, lets one process own it, and serves other connections', async () => {
    const first = await openDatabase({ dataDir, clock: wallClock });
    try {
      const bus = busOn(first);
      await bus.handle(CreateBatch({ ref: 'kept', sku: 'PERSISTENT-LAMP', qty: 3, eta: null }), testOrigin);

      const second = openDatabase({ dataDir, clock: wallClock });
      await expect(second).rejects.toBeInstanceOf(DataDirInUse);
      await expect(second).rejects.toThrow(`${dataDir} is already in use`);
      await expect(second).rejects.toThrow(join(dataDir, 'owner.lock'));

      // Another client (another process could do the same) connects through the socket.
      const client = new pg.Client({ connectionString: first.url });
      await client.connect();
      const { rows } = await client.query('SELECT reference FROM batches');
      await client.end();
      expect(rows).toEqual([{ reference: 'kept' }]);
    } finally {
      await first.close();
    }
    const reopened = await openDatabase({ dataDir, clock: wallClock });
    try {
      expect(await reopened.views.stockForSku('PERSISTENT-LAMP')).toMatchObject([
        { reference: 'kept', purchased: 3 },
      ]);
    } finally {
      await reopened.close();
    }
  });

  it('serves concurrent commands (one connection: PGlite has one session behind its sockets)', async () => {
    const db = await openDatabase({ dataDir: join(dataDir, 'concurrent'), clock: wallClock });
    try {
      const bus = busOn(db);
      for (const sku of ['A', 'B'])
        await bus.handle(CreateBatch({ ref: `${sku}-1`, sku, qty: 1000, eta: null }), testOrigin);
      const outcomes = await Promise.all(
        Array.from({ length: 8 }, async (_, worker) => {
          const results = [];
          for (let i = 0; i < 25; i++) {
            results.push(
              await bus.handle(
                Allocate({ orderid: `o${worker}-${i}`, sku: i % 2 ? 'A' : 'B', qty: 2 }),
                testOrigin,
              ),
            );
          }
          return results;
        }),
      );
      expect(outcomes.flat().every((o) => o.status === 'allocated')).toBe(true);
      expect((await db.views.stockForSku('A'))[0]?.allocated).toBe(8 * 12 * 2);
      expect((await db.views.stockForSku('B'))[0]?.allocated).toBe(8 * 13 * 2);
      expect(await db.views.allocationsForOrder('o7-24')).toEqual([{ sku: 'B', qty: 2, batchref: 'B-1' }]);
    } finally {
      await db.close();
    }
  });

  it('lets a second process (the worker) use it through its URL beside the owner', async () => {
    const owner = await openDatabase({ dataDir: join(dataDir, 'shared'), clock: wallClock });
    const worker = await openDatabase({ url: owner.url, clock: wallClock });
    try {
      const [web, background] = [busOn(owner), busOn(worker)];
      await web.handle(CreateBatch({ ref: 'shared-1', sku: 'SHARED-DESK', qty: 100, eta: null }), testOrigin);
      // Both processes run the same statements at once; named statements would collide in the one session.
      await Promise.all([
        ...Array.from({ length: 10 }, (_, i) =>
          web.handle(Allocate({ orderid: `web-${i}`, sku: 'SHARED-DESK', qty: 1 }), testOrigin),
        ),
        ...Array.from({ length: 10 }, (_, i) =>
          background.handle(Allocate({ orderid: `worker-${i}`, sku: 'SHARED-DESK', qty: 1 }), testOrigin),
        ),
      ]);
      expect((await owner.views.stockForSku('SHARED-DESK'))[0]).toMatchObject({ allocated: 20 });
    } finally {
      await worker.close();
      await owner.close();
    }
  });

  it('stops serving when another process has taken its lock, rather than write beside it', async () => {
    const folder = join(dataDir, 'taken-over');
    const logger = new RecordingLogger();
    const db = await openDatabase({ dataDir: folder, logger, clock: wallClock });
    try {
      // What a second process does once this one stalled past the stale time: the lock is no longer ours.
      await rm(join(folder, 'owner.lock'), { recursive: true, force: true });
      await expect
        .poll(() => logger.entries.some((e) => e.message.startsWith('Lost the lock')), { timeout: 10_000 })
        .toBe(true);
      await expect(db.views.stockForSku('ANY')).rejects.toThrow();
    } finally {
      await db.close().catch(() => {});
    }
  }, 20_000);

  it('is taken over at once from an owner killed with kill -9, not refused until its lock goes stale', async () => {
    const folder = join(dataDir, 'owner-killed');
    const embedded = new URL('../src/embedded.ts', import.meta.url).href;
    const script = `
      const { startEmbedded } = await import(${JSON.stringify(embedded)});
      const quiet = { info() {}, warn() {}, error() {} };
      await startEmbedded({ dataDir: ${JSON.stringify(folder)}, maxConnections: 2, logger: quiet });
      console.log('owning');
      setInterval(() => {}, 1000);`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [first] = (await once(owner.stdout, 'data')) as [Buffer];
      expect(first.toString()).toContain('owning');
      owner.kill('SIGKILL');
      await once(owner, 'exit');
      // Without the take-over this is refused at once (DataDirInUse) for the next 10 seconds.
      const logger = new RecordingLogger();
      const db = await openDatabase({ dataDir: folder, logger, clock: wallClock });
      await db.close();
      expect(logger.entries.some((e) => e.message.startsWith('Taking over'))).toBe(true);
    } finally {
      owner.kill('SIGKILL');
    }
  }, 180_000);

  it('defaults to .data relative to the working directory', async () => {
    const cwd = process.cwd();
    process.chdir(dataDir);
    try {
      const db = await openDatabase({ clock: wallClock });
      try {
        expect(db.url).toMatch(/^postgresql:\/\//);
      } finally {
        await db.close();
      }
    } finally {
      process.chdir(cwd);
    }
  });
});
