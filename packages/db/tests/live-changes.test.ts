// Live views hear what commits change in the read tables: the tables' triggers record it in the
// committing transaction (a rollback records nothing); the writing process announces it afterwards,
// coalesced, over NOTIFY on PostgreSQL; the feeds read the change table (on the embedded PGlite, where
// notices do not cross connections, by the clock).
import type { LiveChange } from '@allocation/domain';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { LIVE_CHANGES_CHANNEL, LiveChangeAnnouncer, SqlLiveChangeFeed } from '../src/index.ts';
import { BACKENDS, silentLogger, unique, useBackend } from './support.ts';

const clients: pg.Client[] = [];
const feeds: SqlLiveChangeFeed[] = [];
const announcers: LiveChangeAnnouncer[] = [];
const pools: pg.Pool[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.end().catch(() => {})));
  await Promise.all(feeds.splice(0).map((feed) => feed.close()));
  await Promise.all(announcers.splice(0).map((announcer) => announcer.close()));
  await Promise.all(pools.splice(0).map((pool) => pool.end().catch(() => {})));
});

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  clients.push(client);
  await client.connect();
  return client;
}

function poolOn(url: string, max = 1): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  pools.push(pool);
  return pool;
}

/** Another process's writes: a pool of its own that announces what it commits. */
function writerOn(url: string, intervalMs = 50): { pool: pg.Pool; announcer: LiveChangeAnnouncer } {
  const pool = poolOn(url, 4);
  const announcer = new LiveChangeAnnouncer(pool, silentLogger, { intervalMs });
  announcers.push(announcer);
  return { pool, announcer };
}

/** The notices on the channel, as another process's listener gets them. */
async function noticesOn(url: string): Promise<string[]> {
  const listener = await connect(url);
  const heard: string[] = [];
  listener.on('notification', (message) => {
    if (message.channel === LIVE_CHANGES_CHANNEL) heard.push(message.payload ?? '');
  });
  await listener.query(`LISTEN ${LIVE_CHANGES_CHANNEL}`);
  return heard;
}

const ADD_BATCH = `INSERT INTO batch_stock_view (reference, sku, purchased, eta) VALUES ($1, $2, 10, NULL)`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the change table on PostgreSQL', () => {
  const backend = useBackend('postgres');

  it('a commit records the sku and batch it changed, a rollback nothing, and the transaction sends no notice', async () => {
    const heard = await noticesOn(backend.db.url);
    const writer = await connect(backend.db.url);
    const [kept, undone] = [unique('kept'), unique('undone')];
    await writer.query('BEGIN');
    await writer.query(ADD_BATCH, [undone, 'LAMP']);
    await writer.query('ROLLBACK');
    await writer.query('BEGIN');
    await writer.query(ADD_BATCH, [kept, 'LAMP']);
    await writer.query(ADD_BATCH, [unique('second'), 'DESK']);
    await writer.query('COMMIT');

    const { rows } = await writer.query(
      `SELECT lists, skus, orders, batches FROM live_changes WHERE 'LAMP' = ANY(skus) OR 'DESK' = ANY(skus) ORDER BY id`,
    );
    expect(rows).toEqual([
      { lists: ['batches'], skus: ['LAMP'], orders: null, batches: [kept] },
      expect.objectContaining({ lists: ['batches'], skus: ['DESK'] }),
    ]);
    await sleep(200);
    // Notifying in the writer's transaction serialised every writing commit of the server.
    expect(heard).toEqual([]);
  });

  it('a statement touching many rows is recorded once; one that changes nothing, not at all', async () => {
    const writer = await connect(backend.db.url);
    const before = await countChanges(writer);
    const prefix = unique('many');
    await writer.query(
      `INSERT INTO batch_stock_view (reference, sku, purchased) SELECT '${prefix}-' || n, 'SKU-${prefix}-' || n, 1 FROM generate_series(1, 500) n`,
    );
    await writer.query(
      `INSERT INTO batch_stock_view (reference, sku, purchased) VALUES ('${prefix}-1', 'x', 1) ON CONFLICT (reference) DO NOTHING`,
    );
    expect(await countChanges(writer)).toBe(before + 1);
  });

  it('an alert resolved (its line allocated after all) changes the alerts list', async () => {
    const writer = await connect(backend.db.url);
    const [sku, orderid] = [unique('ALERTED'), unique('order')];
    await writer.query(`INSERT INTO out_of_stock_alerts (sku, orderid, qty, at) VALUES ($1, $2, 3, now())`, [
      sku,
      orderid,
    ]);
    await writer.query('UPDATE out_of_stock_alerts SET resolved_at = now() WHERE sku = $1', [sku]);
    const { rows } = await writer.query(
      'SELECT lists, skus, orders FROM live_changes WHERE $1 = ANY(skus) ORDER BY id',
      [sku],
    );
    expect(rows).toEqual([
      { lists: ['alerts'], skus: [sku], orders: [orderid] },
      { lists: ['alerts'], skus: [sku], orders: [orderid] },
    ]);
  });
});

describe('resuming on PostgreSQL', () => {
  const backend = useBackend('postgres');

  it('gets what came after its point across a rolled-back id, and nothing once those changes were pruned', async () => {
    const feed = new SqlLiveChangeFeed(poolOn(backend.db.url), backend.db.url, silentLogger, { keep: 3 });
    feeds.push(feed);
    const writer = await connect(backend.db.url);
    await writer.query(ADD_BATCH, [unique('before'), 'RESUME']);
    const point = await latestId(writer);
    await writer.query('BEGIN');
    await writer.query(ADD_BATCH, [unique('undone'), 'RESUME']);
    await writer.query('ROLLBACK');
    const after = unique('after');
    await writer.query(ADD_BATCH, [after, 'RESUME']);
    expect((await feed.since(point))?.map((change) => change.batches)).toEqual([[after]]);

    for (let i = 0; i < 5; i++) await writer.query(ADD_BATCH, [unique('more'), 'RESUME']);
    // What the feeds' pruning does with keep = 3.
    await writer.query('DELETE FROM live_changes WHERE id <= (SELECT max(id) FROM live_changes) - 3');
    expect(await feed.since(point)).toBeNull();
  });
});

async function latestId(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ id: string }>('SELECT max(id)::text AS id FROM live_changes');
  return rows[0]?.id ?? '0';
}

async function countChanges(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM live_changes');
  return rows[0]?.count ?? 0;
}

describe('announcing on PostgreSQL: the writers notify after they commit', () => {
  const backend = useBackend('postgres');

  /** A feed that hears only notices and gaps: its clock-driven safety read is far away. */
  function listeningFeed() {
    const feed = new SqlLiveChangeFeed(poolOn(backend.db.url), backend.db.url, silentLogger, {
      safetyMs: 60_000,
      gapPollMs: 100,
      listener: { probeTimeoutMs: 1_000, retryMs: 100, reprobeMs: 60_000 },
    });
    feeds.push(feed);
    const heard: LiveChange[] = [];
    feed.subscribe((change) => heard.push(change));
    return { feed, heard };
  }

  it('a change committed through one pool is heard by a feed reading through another, within 500 ms', async () => {
    const { feed, heard } = listeningFeed();
    await expect.poll(() => feed.delivering, { timeout: 3_000 }).toBe(true);
    const { pool } = writerOn(backend.db.url);
    const batch = unique('heard');
    const started = Date.now();
    await pool.query(ADD_BATCH, [batch, 'CHAIR']);
    await expect
      .poll(() => heard.find((change) => change.batches?.includes(batch)), { timeout: 2_000, interval: 10 })
      .toMatchObject({ lists: ['batches'], skus: ['CHAIR'] });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('two transactions committing out of the order of their ids are both passed on, and resuming keeps the later one', async () => {
    const { feed, heard } = listeningFeed();
    await expect.poll(() => feed.delivering, { timeout: 3_000 }).toBe(true);
    const { pool } = writerOn(backend.db.url);
    const [first, second] = [await pool.connect(), await pool.connect()];
    const [early, late] = [unique('early-id'), unique('late-id')];
    await first.query('BEGIN');
    await first.query(ADD_BATCH, [late, 'SOFA']);
    await second.query('BEGIN');
    await second.query(ADD_BATCH, [early, 'SOFA']);
    await second.query('COMMIT');
    second.release();
    await expect
      .poll(() => heard.find((change) => change.batches?.includes(early)), { timeout: 2_000 })
      .toBeDefined();
    const resumeAfterEarly = (heard.find((change) => change.batches?.includes(early)) as LiveChange).id;

    await first.query('COMMIT');
    first.release();
    // Its writer's announcement says nothing new (the highest id did not grow): the feed reads the hole again.
    await expect
      .poll(() => heard.find((change) => change.batches?.includes(late)), { timeout: 1_000, interval: 10 })
      .toBeDefined();
    // A subscriber that left after the first and comes back gets the second too.
    const resumed = await feed.since(resumeAfterEarly);
    expect(resumed?.flatMap((change) => change.batches)).toContain(late);
  });

  it('many writes make few notices: at most one per interval and process', async () => {
    const notices = await noticesOn(backend.db.url);
    const { pool } = writerOn(backend.db.url, 50);
    const started = Date.now();
    for (let i = 0; i < 50; i++) {
      await Promise.all([1, 2, 3, 4].map((n) => pool.query(ADD_BATCH, [unique(`burst-${n}`), 'BURST'])));
    }
    const elapsed = Date.now() - started;
    await sleep(200);
    expect(notices.length).toBeGreaterThan(0);
    expect(notices.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 2);
    expect(notices.length).toBeLessThan(200 / 4);
    // Each says the highest id, and they only grow.
    const ids = notices.map(BigInt);
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
  });

  it('a writer that closes announces what it wrote last', async () => {
    const notices = await noticesOn(backend.db.url);
    const { pool, announcer } = writerOn(backend.db.url, 60_000);
    await pool.query(ADD_BATCH, [unique('first'), 'CLOSE']);
    await expect.poll(() => notices.length, { timeout: 1_000 }).toBe(1);
    // The next announcement would be a minute away.
    await pool.query(ADD_BATCH, [unique('last'), 'CLOSE']);
    const { rows } = await pool.query<{ id: string }>('SELECT max(id)::text AS id FROM live_changes');
    await announcer.close();
    await expect.poll(() => notices.length, { timeout: 1_000 }).toBe(2);
    expect(notices[1]).toBe(rows[0]?.id);
  });
});

describe.each(BACKENDS)('the live change feed on %s', (name) => {
  const backend = useBackend(name);

  function subscribe() {
    // The feed reads through a pool of its own here; in the app it shares the database's.
    const feed = new SqlLiveChangeFeed(poolOn(backend.db.url), backend.db.url, silentLogger, {
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

    // A subscriber that comes back asks for what it missed after where it was told to resume.
    const resume = (heard.at(-1) as LiveChange).id;
    const missed = unique('missed');
    await backend.db.prisma.$executeRawUnsafe(ADD_BATCH, missed, 'CHAIR');
    const since = await feed.since(resume);
    expect(since?.map((change) => change.batches).at(-1)).toEqual([missed]);
    expect(JSON.stringify(since)).not.toContain(undone);
    expect(await feed.since('not-an-id')).toBeNull();
  });
});
