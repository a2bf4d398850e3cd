// `pnpm allocation import …` end to end: the command (packages/composition-root/bin/allocation.ts)
// as a child process against a fresh PostgreSQL database.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '@allocation/db';
import { createTestDatabase, type TestDatabase } from '@allocation/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const bin = join(root, 'packages', 'composition-root', 'bin', 'allocation.ts');

let database: TestDatabase;
let folder: string;
beforeAll(async () => {
  database = await createTestDatabase();
  folder = await mkdtemp(join(tmpdir(), 'allocation-import-'));
});
afterAll(async () => {
  await database?.drop();
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function allocation(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, DATABASE_URL: database.url, INIT_CWD: folder };
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [bin, ...args], { cwd: root, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

const file = async (name: string, ...lines: string[]) => {
  await writeFile(join(folder, name), `${lines.join('\n')}\n`);
  return name; // relative: resolved against where the user ran pnpm (INIT_CWD)
};

async function allocationsOf(orderid: string) {
  const db = await openDatabase({ url: database.url, poolSize: 1, clock: { now: () => new Date() } });
  try {
    return await db.views.allocationsForOrder(orderid);
  } finally {
    await db.close();
  }
}

// Each run starts a Node process that loads the database adapters: seconds each on a busy machine.
describe('pnpm allocation import, on PostgreSQL', { timeout: 240_000 }, () => {
  it('imports batches, then orders, row by row; the same files again change nothing', async () => {
    const batches = await file(
      'batches.csv',
      'ref,sku,qty,eta',
      'wh-lamp,LAMP,10,',
      'ship-lamp,LAMP,50,2026-12-01',
    );
    const first = await allocation('import', 'batches', batches);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout.trim().split('\n')).toEqual([
      'line 2  wh-lamp: created',
      'line 3  ship-lamp: created',
      '2 rows: 2 created, 0 unchanged.',
    ]);

    const orders = await file('orders.csv', 'orderid,sku,qty', 'o1,LAMP,8', 'o2,LAMP,5');
    const allocated = await allocation('import', 'orders', orders);
    expect(allocated.code).toBe(0);
    expect(allocated.stdout.trim().split('\n')).toEqual([
      'line 2  o1 LAMP: allocated to wh-lamp',
      'line 3  o2 LAMP: allocated to ship-lamp',
      '2 rows: 2 allocated, 0 already allocated, 0 out of stock.',
    ]);
    expect(await allocationsOf('o2')).toEqual([{ sku: 'LAMP', qty: 5, batchref: 'ship-lamp' }]);

    const again = await allocation('import', 'orders', orders);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('line 2  o1 LAMP: unchanged (already allocated to wh-lamp)');
    expect(again.stdout).toContain('Nothing changed: every row was there already.');
  });

  it('refuses a file with a bad row: each problem by line and column on stderr, nothing applied, exit 1', async () => {
    const orders = await file('bad-orders.csv', 'orderid,sku,qty', 'o7,LAMP,1', 'o8,CHAIR,1', 'o9,LAMP,zero');
    const refused = await allocation('import', 'orders', orders);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trim().split('\n')).toEqual([
      'Refused bad-orders.csv: nothing was applied.',
      'bad-orders.csv, line 3, column 2 (sku): Invalid sku CHAIR',
      'bad-orders.csv, line 4, column 3 (qty): Quantity must be a whole number',
    ]);
    expect(await allocationsOf('o7')).toEqual([]);
  });

  it('says how it is used, and names a file that is not there', async () => {
    expect(await allocation('import', 'customers', 'x.csv')).toMatchObject({
      code: 1,
      stderr: 'Usage: pnpm --silent allocation import <batches|orders> <file.csv>\n',
    });
    expect(await allocation('import', 'orders', 'missing.csv')).toMatchObject({
      code: 1,
      stderr: 'missing.csv: file not found\n',
    });
  });
});
