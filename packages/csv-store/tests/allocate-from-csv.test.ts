import { FakeClock, FakeNotifications, RecordingLogger } from '@allocation/domain/testing';
import { describe, expect, it } from 'vitest';
import { allocateFromCsv, CsvInputError } from '../src/index.ts';
import { folderWith, linesOf } from './support.ts';

const deps = () => ({
  notifications: new FakeNotifications(),
  clock: new FakeClock(),
  logger: new RecordingLogger(),
});

const BATCHES = [
  'ref,sku,qty,eta',
  'ship-late,LAMP,100,2026-12-20',
  'ship-soon,LAMP,100,2026-12-01',
  'wh,LAMP,10,',
  'rug-wh,RUG,1,',
];

describe('allocate-from-csv: the service layer over CSV files', () => {
  it('allocates orders.csv through the bus, warehouse stock first, then the earliest eta, and writes allocations.csv', async () => {
    const folder = await folderWith({
      'batches.csv': BATCHES,
      'orders.csv': ['orderid,sku,qty', 'o1,LAMP,8', 'o2,LAMP,5', 'o3,RUG,2'],
    });
    const system = deps();
    const result = await allocateFromCsv(folder, system);
    expect(await linesOf(folder, 'allocations.csv')).toEqual([
      'orderid,sku,qty,batchref',
      'o1,LAMP,8,wh',
      'o2,LAMP,5,ship-soon',
    ]);
    expect(result.outOfStock).toEqual([{ orderid: 'o3', sku: 'RUG', qty: 2 }]);
    expect(system.notifications.sent).toEqual([
      { destination: 'stock@made.com', message: 'Out of stock for RUG: order o3 asked for 2' },
    ]);
    expect(await linesOf(folder, 'batches.csv')).toEqual(BATCHES); // input left as it was
  });

  it('keeps the existing allocations first, counts their stock, then adds the new ones in the order of orders.csv', async () => {
    const folder = await folderWith({
      'batches.csv': BATCHES,
      'allocations.csv': ['orderid,sku,qty,batchref', 'old-2,RUG,1,rug-wh', 'old-1,LAMP,7,wh'],
      'orders.csv': ['orderid,sku,qty', 'o9,LAMP,4', 'o1,LAMP,3', 'old-1,LAMP,7'],
    });
    const result = await allocateFromCsv(folder, deps());
    expect(await linesOf(folder, 'allocations.csv')).toEqual([
      'orderid,sku,qty,batchref',
      'old-2,RUG,1,rug-wh',
      'old-1,LAMP,7,wh',
      'o9,LAMP,4,ship-soon',
      'o1,LAMP,3,wh',
    ]);
    expect(result.alreadyAllocated).toEqual([{ orderid: 'old-1', sku: 'LAMP', qty: 7, batchref: 'wh' }]);
  });

  it('changes nothing when run again on its own output', async () => {
    const folder = await folderWith({
      'batches.csv': BATCHES,
      'orders.csv': ['orderid,sku,qty', 'o1,LAMP,8'],
    });
    await allocateFromCsv(folder, deps());
    const before = await linesOf(folder, 'allocations.csv');
    const again = await allocateFromCsv(folder, deps());
    expect(again.allocated).toEqual([]);
    expect(again.alreadyAllocated).toHaveLength(1);
    expect(await linesOf(folder, 'allocations.csv')).toEqual(before);
  });

  it('refuses a folder without batches.csv or orders.csv, by file', async () => {
    const folder = await folderWith({});
    const run = allocateFromCsv(folder, deps());
    await expect(run).rejects.toBeInstanceOf(CsvInputError);
    await expect(run).rejects.toThrow(/^batches.csv: not found in .*\norders.csv: not found in /);
  });

  it('refuses bad rows and lines no batch of their sku exists for, naming line and column, and writes nothing', async () => {
    const folder = await folderWith({
      'batches.csv': BATCHES,
      'allocations.csv': ['orderid,sku,qty,batchref', 'old-1,LAMP,7,wh'],
      'orders.csv': ['orderid,sku,qty', 'o1,LAMP,3', 'o2,CHAIR,1', 'old-1,LAMP,2'],
    });
    const run = allocateFromCsv(folder, deps());
    await expect(run).rejects.toThrow(
      [
        'orders.csv, line 3, column 2 (sku): Invalid sku CHAIR',
        'orders.csv, line 4, column 3 (qty): Order old-1 already has 7 of LAMP allocated; it cannot be allocated again with qty 2',
      ].join('\n'),
    );
    expect(await linesOf(folder, 'allocations.csv')).toEqual(['orderid,sku,qty,batchref', 'old-1,LAMP,7,wh']);
  });

  it('refuses a bad value before allocating anything', async () => {
    const folder = await folderWith({
      'batches.csv': BATCHES,
      'orders.csv': ['orderid,sku,qty', 'o1,LAMP,-1'],
    });
    await expect(allocateFromCsv(folder, deps())).rejects.toThrow(
      'orders.csv, line 2, column 3 (qty): Quantity must be at least 1',
    );
    await expect(linesOf(folder, 'allocations.csv')).rejects.toThrow(/ENOENT/);
  });

  it('writes allocations.csv with its header even when nothing could be allocated', async () => {
    const folder = await folderWith({
      'batches.csv': BATCHES,
      'orders.csv': ['orderid,sku,qty', 'o1,RUG,5'],
    });
    expect((await allocateFromCsv(folder, deps())).outOfStock).toHaveLength(1);
    expect(await linesOf(folder, 'allocations.csv')).toEqual(['orderid,sku,qty,batchref']);
  });
});
