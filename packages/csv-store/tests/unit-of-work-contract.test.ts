import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeUnitOfWorkContract } from '@allocation/unit-of-work-contract';
import { CsvStore, CsvUnitOfWorkFactory } from '../src/index.ts';

describeUnitOfWorkContract('CSV files', {
  open: async () => {
    const folder = await mkdtemp(join(tmpdir(), 'csv-contract-'));
    await writeFile(join(folder, 'batches.csv'), 'ref,sku,qty,eta\n');
    const read = await CsvStore.read(folder);
    if (!('store' in read)) throw new Error('an empty folder should read');
    const uow = new CsvUnitOfWorkFactory(read.store);
    return {
      uow,
      activity: uow,
      close: () => rm(folder, { recursive: true, force: true }),
    };
  },
  interleavesTransactions: true,
});
