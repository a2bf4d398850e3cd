/**
 * `pnpm bench:live`: how soon a change committed by one process reaches another process's live
 * change feed on PostgreSQL, and how many notices the writers send. Two databases opened as two
 * processes would (each its own pool; the writer announces, the reader's feed listens):
 * - idle: BENCH_LIVE_CHANGES (30) single writes 200 ms apart, commit to heard;
 * - busy: the same tagged writes while BENCH_LIVE_WRITERS (8) connections write batches nonstop,
 *   with the writes per second and the notices per second the channel carried.
 *
 * Creates its own database on the test server (TEST_DATABASE_ADMIN_URL) and drops it at the end.
 */
import { loadavg } from 'node:os';
import { systemClock } from '@allocation/composition-root';
import { LIVE_CHANGES_CHANNEL, openDatabase } from '@allocation/db';
import { createTestDatabase } from '@allocation/db/testing';
import pg from 'pg';

const settings = {
  changes: Number(process.env.BENCH_LIVE_CHANGES ?? 30),
  writers: Number(process.env.BENCH_LIVE_WRITERS ?? 8),
};
const say = (message: string) => console.log(`[bench:live] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const ADD_BATCH = 'INSERT INTO batch_stock_view (reference, sku, purchased) VALUES ($1, $2, 10)';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const writer = await openDatabase({
    url: database.url,
    poolSize: settings.writers + 2,
    clock: systemClock,
  });
  const reader = await openDatabase({ url: database.url, poolSize: 2, clock: systemClock });
  const notices = new pg.Client({ connectionString: database.url });
  try {
    let noticed = 0;
    await notices.connect();
    notices.on('notification', () => {
      noticed += 1;
    });
    await notices.query(`LISTEN ${LIVE_CHANGES_CHANNEL}`);
    const heardAt = new Map<string, number>();
    reader.changes.subscribe((change) => {
      for (const batch of change.batches ?? []) heardAt.set(batch, performance.now());
    });
    while (!reader.changes.delivering) await sleep(50);

    const latencies = async (label: string): Promise<number[]> => {
      const result: number[] = [];
      for (let i = 0; i < settings.changes; i++) {
        const reference = `${label}-${i}`;
        await writer.prisma.$executeRawUnsafe(ADD_BATCH, reference, 'LIVE');
        const committed = performance.now();
        while (!heardAt.has(reference) && performance.now() - committed < 5_000) await sleep(1);
        result.push((heardAt.get(reference) ?? Number.NaN) - committed);
        await sleep(200);
      }
      return result;
    };
    const report = (label: string, values: number[]) =>
      say(
        `${label}: commit to heard p50 ${percentile(values, 50).toFixed(1)} ms, p95 ${percentile(values, 95).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms (load ${load()})`,
      );

    report('idle', await latencies('idle'));

    let writes = 0;
    let busy = true;
    const background = Array.from({ length: settings.writers }, async (_, n) => {
      for (let i = 0; busy; i++) {
        await writer.prisma.$executeRawUnsafe(ADD_BATCH, `busy-${n}-${i}`, `BUSY-${n}`);
        writes += 1;
      }
    });
    const [writesBefore, noticesBefore, started] = [writes, noticed, performance.now()];
    const busyLatencies = await latencies('tagged');
    const seconds = (performance.now() - started) / 1000;
    busy = false;
    await Promise.all(background);
    report(`busy (${settings.writers} writers)`, busyLatencies);
    say(
      `busy: ${((writes - writesBefore) / seconds).toFixed(0)} writes/s, ${((noticed - noticesBefore) / seconds).toFixed(1)} notices/s`,
    );
  } finally {
    await notices.end().catch(() => {});
    await reader.close();
    await writer.close();
    await database.drop();
  }
}

await main();
