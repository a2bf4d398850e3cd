// Live views hear what commits change in the read tables: announced by the tables' triggers in the
// committing transaction (a rollback announces nothing), over NOTIFY on PostgreSQL and through the
// change table on the embedded PGlite, where notices do not cross connections.
import type { LiveChange } from '@allocation/domain';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_CHANGES_CHANNEL, SqlLiveChangeFeed } from '../src/index.ts';
import { BACKENDS, silentLogger, unique, useBackend } from './support.ts';

const clients: pg.Client[] = [];
const feeds: SqlLiveChangeFeed[] = [];
const pools: pg.Pool[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
  await Promise.all(feeds.splice(0).map((feed) => feed.close()));
  await Promise.all(pools.splice(0).map((pool) => pool.end().catch(() => {})));
});

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  clients.push(client);
  await client.connect();
  return client;
}

const ADD_BATCH = `INSERT INTO batch_stock_view (reference, sku, purchased, eta) VALUES ($1, $2, 10, NULL)`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LISTEN/NOTIFY of live changes on PostgreSQL, across two connections', () => {
  const backend = useBackend('postgres');

  it('a commit announces the sku and batch it changed; a rollback announces nothing', async () => {
    const listener = await connect(backend.db.url);
    const writer = await connect(backend.db.url);
    const heard: Record<string, unknown>[] = [];
    listener.on('notification', (message) => {
      if (message.channel === LIVE_CHANGES_CHANNEL) heard.push(JSON.parse(message.payload ?? '{}'));
    });
    await listener.query(`LISTEN ${LIVE_CHANGES_CHANNEL}`);

    const [kept, undone] = [unique('kept'), unique('undone')];
    await writer.query('BEGIN');
    await writer.query(ADD_BATCH, [undone, 'LAMP']);
    await writer.query('ROLLBACK');
    await writer.query('BEGIN');
    await writer.query(ADD_BATCH, [kept, 'LAMP']);
    await writer.query(ADD_BATCH, [unique('second'), 'DESK']);
    await writer.query('COMMIT');

    await expect.poll(() => heard.length, { timeout: 2_000 }).toBe(2);
    await sleep(200);
    expect(heard).toEqual([
      expect.objectContaining({ lists: ['batches'], skus: ['LAMP'], batches: [kept], orders: null }),
      expect.objectContaining({ lists: ['batches'], skus: ['DESK'] }),
    ]);
    expect(JSON.stringify(heard)).not.toContain(undone);
  });

  it('a statement touching many rows announces them once, by id only when too large for a notice', async () => {
    const listener = await connect(backend.db.url);
    const heard: Record<string, unknown>[] = [];
    listener.on('notification', (message) => heard.push(JSON.parse(message.payload ?? '{}')));
    await listener.query(`LISTEN ${LIVE_CHANGES_CHANNEL}`);
    const prefix = unique('many');
    await backend.db.prisma.$executeRawUnsafe(
      `INSERT INTO batch_stock_view (reference, sku, purchased) SELECT '${prefix}-' || n, 'SKU-${prefix}-' || n, 1 FROM generate_series(1, 500) n`,
    );
    await expect.poll(() => heard.length, { timeout: 2_000 }).toBe(1);
    expect(Object.keys(heard[0] ?? {})).toEqual(['id']);
  });
});

describe.each(BACKENDS)('the live change feed on %s', (name) => {
  const backend = useBackend(name);

  function subscribe() {
    // The feed reads through a pool of its own here; in the app it shares the database's.
    const pool = new pg.Pool({ connectionString: backend.db.url, max: 1 });
    pool.on('error', () => {});
    pools.push(pool);
    const feed = new SqlLiveChangeFeed(pool, backend.db.url, silentLogger, {
      pollMs: 100,
      listener: { probeTimeoutMs: 1_000, retryMs: 100, reprobeMs: 60_000 },
    });
    feeds.push(feed);
    const heard: LiveChange[] = [];
    feed.subscribe((change) => heard.push(change));
    return { feed, heard };
  }

  it('passes on what another connection commits, within 2 s, and never what it rolls back', async () => {
    const { feed, heard } = subscribe();
    await sleep(300);
    const [kept, undone] = [unique('kept'), unique('undone')];
    await backend.db.prisma
      .$transaction(async (tx) => {
        await tx.$executeRawUnsafe(ADD_BATCH, undone, 'CHAIR');
        throw new Error('changed my mind');
      })
      .catch(() => {});
    const started = Date.now();
    await backend.db.prisma.$executeRawUnsafe(ADD_BATCH, kept, 'CHAIR');
    await expect
      .poll(() => heard.find((change) => change.batches?.includes(kept)), { timeout: 2_000 })
      .toMatchObject({ lists: ['batches'], skus: ['CHAIR'] });
    const latency = Date.now() - started;
    expect(JSON.stringify(heard)).not.toContain(undone);
    expect(latency).toBeLessThan(2_000);

    // A subscriber that comes back asks for what it missed after the last id it saw.
    const last = heard.at(-1) as LiveChange;
    const missed = unique('missed');
    await backend.db.prisma.$executeRawUnsafe(ADD_BATCH, missed, 'CHAIR');
    const since = await feed.since(String(Number(last.id) - 1));
    expect(since?.map((change) => change.batches)).toEqual([[kept], [missed]]);
    expect(await feed.since('not-an-id')).toBeNull();
  });
});
