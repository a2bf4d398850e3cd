import { orderLine, Product } from '@allocation/domain';
import { describe, expect, it } from 'vitest';
import { CsvStore, CsvUnitOfWorkFactory } from '../src/index.ts';
import { folderWith, linesOf } from './support.ts';

const open = async (folder: string) => {
  const read = await CsvStore.read(folder);
  if (!('store' in read)) throw new Error(JSON.stringify(read.problems));
  return read.store;
};

describe('the CSV unit of work', () => {
  it('writes the files at commit, and a new store reads back the same products', async () => {
    const folder = await folderWith({ 'batches.csv': ['ref,sku,qty,eta', 'b1,LAMP,10,'] });
    const uow = new CsvUnitOfWorkFactory(await open(folder));
    await uow.run(async (work) => {
      const product = (await work.products.get('LAMP')) as Product;
      product.addBatch('b2', 5, '2026-12-01' as never);
      product.allocate(orderLine('o1', 'LAMP', 3));
      await work.commit();
    });
    expect(await linesOf(folder, 'batches.csv')).toEqual([
      'ref,sku,qty,eta',
      'b1,LAMP,10,',
      'b2,LAMP,5,2026-12-01',
    ]);
    expect(await linesOf(folder, 'allocations.csv')).toEqual(['orderid,sku,qty,batchref', 'o1,LAMP,3,b1']);
    const again = (await open(folder)).load('LAMP') as Product;
    expect(again.batches.map((b) => [b.reference, b.purchasedQuantity, b.allocatedQuantity, b.eta])).toEqual([
      ['b1', 10, 3, null],
      ['b2', 5, 0, '2026-12-01'],
    ]);
  });

  it('quotes values as RFC 4180 asks, and reads them back', async () => {
    const folder = await folderWith({ 'batches.csv': ['ref,sku,qty,eta', '"b,1",LAMP,10,'] });
    const uow = new CsvUnitOfWorkFactory(await open(folder));
    await uow.run(async (work) => {
      const product = new Product({ sku: 'SOFA "XL"' });
      product.addBatch('b2', 1, null);
      work.products.add(product);
      await work.commit();
    });
    expect(await linesOf(folder, 'batches.csv')).toEqual([
      'ref,sku,qty,eta',
      '"b,1",LAMP,10,',
      'b2,"SOFA ""XL""",1,',
    ]);
    expect((await open(folder)).skuOfBatch('b,1')).toBe('LAMP');
  });

  it('leaves the files alone until flushed when told not to write on commit', async () => {
    const folder = await folderWith({ 'batches.csv': ['ref,sku,qty,eta', 'b1,LAMP,10,'] });
    const store = await open(folder);
    await new CsvUnitOfWorkFactory(store, { writeOnCommit: false }).run(async (work) => {
      ((await work.products.get('LAMP')) as Product).allocate(orderLine('o1', 'LAMP', 3));
      await work.commit();
    });
    await expect(linesOf(folder, 'allocations.csv')).rejects.toThrow(/ENOENT/);
    await store.flush();
    expect(await linesOf(folder, 'allocations.csv')).toEqual(['orderid,sku,qty,batchref', 'o1,LAMP,3,b1']);
  });

  it('names every problem of a folder by file, line and column, and reads nothing from it', async () => {
    const folder = await folderWith({
      'batches.csv': ['ref,sku,qty,eta', 'b1,LAMP,10,', 'b1,LAMP,5,', 'b2,LAMP,x,'],
      'allocations.csv': [
        'orderid,sku,qty,batchref',
        'o1,LAMP,3,nope',
        'o2,SOFA,1,b1',
        'o3,LAMP,1,b1',
        'o3,LAMP,1,b1',
      ],
    });
    const read = await CsvStore.read(folder);
    expect('problems' in read && read.problems).toEqual([
      {
        file: 'batches.csv',
        line: 4,
        column: { number: 3, name: 'qty' },
        message: 'Quantity must be a whole number',
      },
      {
        file: 'batches.csv',
        line: 3,
        column: { number: 1, name: 'ref' },
        message: 'batch reference b1 appears twice',
      },
      {
        file: 'allocations.csv',
        line: 2,
        column: { number: 4, name: 'batchref' },
        message: 'unknown batch nope',
      },
      {
        file: 'allocations.csv',
        line: 3,
        column: { number: 2, name: 'sku' },
        message: 'batch b1 holds LAMP, not SOFA',
      },
      {
        file: 'allocations.csv',
        line: 5,
        column: { number: 1, name: 'orderid' },
        message: 'order o3 has LAMP allocated twice',
      },
    ]);
  });
});
