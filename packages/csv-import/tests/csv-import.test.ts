import { describeProblem } from '@allocation/csv-store';
import { Allocate, CreateBatch, serviceOrigin } from '@allocation/domain';
import { bootstrapWithFakes, testOrigin } from '@allocation/domain/testing';
import { describe, expect, it } from 'vitest';
import { createCsvImport, type ImportOutcome } from '../src/index.ts';

const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

function system() {
  const fakes = bootstrapWithFakes();
  return { ...fakes, csvImport: createCsvImport({ bus: fakes.bus, uow: fakes.uow }) };
}

const problemsOf = (outcome: ImportOutcome) => (outcome.refused ? outcome.problems.map(describeProblem) : []);
const resultsOf = (outcome: ImportOutcome) =>
  outcome.refused ? [] : outcome.report.results.map(({ line, key, outcome: o }) => [line, key, o]);

const BATCHES = csv('ref,sku,qty,eta', 'wh-lamp,LAMP,10,', 'ship-lamp,LAMP,50,2026-12-01', 'wh-rug,RUG,2,');

describe('importing batches', () => {
  it('creates every batch through the bus and says so per row', async () => {
    const { csvImport, views } = system();
    const outcome = await csvImport.run('batches', BATCHES, 'batches.csv', { origin: testOrigin });
    expect(resultsOf(outcome)).toEqual([
      [2, 'wh-lamp', { status: 'created' }],
      [3, 'ship-lamp', { status: 'created' }],
      [4, 'wh-rug', { status: 'created' }],
    ]);
    expect(await views.stockForSku('LAMP')).toMatchObject([
      { reference: 'wh-lamp', purchased: 10, eta: null },
      { reference: 'ship-lamp', purchased: 50, eta: '2026-12-01' },
    ]);
  });

  it('changes nothing the second time, and says so', async () => {
    const { csvImport, uow } = system();
    await csvImport.run('batches', BATCHES, 'batches.csv', { origin: testOrigin });
    const commits = uow.commits;
    const again = await csvImport.run('batches', BATCHES, 'batches.csv', { origin: testOrigin });
    expect(again.refused).toBe(false);
    expect(!again.refused && again.report.changed).toBe(false);
    expect(!again.refused && again.report.counts).toMatchObject({ created: 0, unchanged: 3 });
    expect(uow.commits).toBe(commits);
  });

  it('refuses the whole file when any row is wrong, naming each problem by line and column', async () => {
    const { bus, csvImport, uow } = system();
    await bus.handle(CreateBatch({ ref: 'taken', sku: 'SOFA', qty: 5, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'wh-chair', sku: 'CHAIR', qty: 5, eta: null }), testOrigin);
    const outcome = await csvImport.run(
      'batches',
      csv(
        'ref,sku,qty,eta',
        'good,LAMP,10,',
        'bad-qty,LAMP,0,',
        'bad-date,LAMP,1,2026-02-30',
        'good,LAMP,3,',
        'taken,LAMP,5,',
        'wh-chair,CHAIR,6,',
        'wh-chair-2,CHAIR,1,soon',
      ),
      'batches.csv',
      { origin: testOrigin },
    );
    expect(problemsOf(outcome)).toEqual([
      'batches.csv, line 3, column 3 (qty): Quantity must be at least 1',
      'batches.csv, line 4, column 4 (eta): Date is not a real calendar date',
      'batches.csv, line 5, column 1 (ref): batch reference good is also on line 2',
      'batches.csv, line 6, column 2 (sku): batch reference taken is already used for sku SOFA',
      'batches.csv, line 7, column 3 (qty): batch wh-chair already exists with qty 5',
      'batches.csv, line 8, column 4 (eta): Date must be in the form YYYY-MM-DD',
    ]);
    expect(uow.products.has('LAMP')).toBe(false); // not even the good row
  });

  it('refuses a file whose header is wrong', async () => {
    const { csvImport } = system();
    expect(
      problemsOf(
        await csvImport.run('batches', csv('ref,sku,qty', 'b1,LAMP,1'), 'supplier.csv', {
          origin: testOrigin,
        }),
      ),
    ).toEqual(['supplier.csv, line 1, column 4: expected the header ref,sku,qty,eta, found ref,sku,qty']);
  });
});

describe('importing order lines', () => {
  async function withStock() {
    const s = system();
    await s.csvImport.run('batches', BATCHES, 'batches.csv', { origin: testOrigin });
    return s;
  }

  it('allocates each line through the bus and says where it went, or that it is out of stock', async () => {
    const { csvImport, views, notifications } = await withStock();
    const outcome = await csvImport.run(
      'orders',
      csv('orderid,sku,qty', 'o1,LAMP,8', 'o2,LAMP,5', 'o3,RUG,3'),
      'orders.csv',
      { origin: testOrigin },
    );
    expect(resultsOf(outcome)).toEqual([
      [2, 'o1 LAMP', { status: 'allocated', batchref: 'wh-lamp' }],
      [3, 'o2 LAMP', { status: 'allocated', batchref: 'ship-lamp' }],
      [4, 'o3 RUG', { status: 'out_of_stock' }],
    ]);
    expect(await views.allocationsForOrder('o2')).toEqual([{ sku: 'LAMP', qty: 5, batchref: 'ship-lamp' }]);
    const emails = await notifications.notifications({ page: 1, pageSize: 10 });
    expect(emails.items.map((n) => n.message)).toEqual(['Out of stock for RUG: order o3 asked for 3']);
  });

  it('reports progress row by row', async () => {
    const { csvImport } = await withStock();
    const progress: string[] = [];
    await csvImport.run('orders', csv('orderid,sku,qty', 'o1,LAMP,1', 'o2,RUG,1'), 'orders.csv', {
      origin: testOrigin,
      onProgress: (done, total) => progress.push(`${done}/${total}`),
    });
    expect(progress).toEqual(['1/2', '2/2']);
  });

  it('changes nothing the second time: every line is already allocated, to the same batch', async () => {
    const { csvImport, views } = await withStock();
    const file = csv('orderid,sku,qty', 'o1,LAMP,8', 'o2,LAMP,5');
    await csvImport.run('orders', file, 'orders.csv', { origin: testOrigin });
    const again = await csvImport.run('orders', file, 'orders.csv', { origin: testOrigin });
    expect(resultsOf(again)).toEqual([
      [2, 'o1 LAMP', { status: 'already_allocated', batchref: 'wh-lamp' }],
      [3, 'o2 LAMP', { status: 'already_allocated', batchref: 'ship-lamp' }],
    ]);
    expect(!again.refused && again.report.changed).toBe(false);
    expect(await views.stockForSku('LAMP')).toMatchObject([{ allocated: 8 }, { allocated: 5 }]);
  });

  it('refuses the whole file for a line twice, an unknown sku or a line allocated with another qty', async () => {
    const { bus, csvImport, views } = await withStock();
    await bus.handle(Allocate({ orderid: 'earlier', sku: 'LAMP', qty: 2 }), testOrigin);
    const outcome = await csvImport.run(
      'orders',
      csv('orderid,sku,qty', 'o1,LAMP,1', 'o1,LAMP,1', 'o2,CHAIR,1', 'earlier,LAMP,3', 'o3,LAMP,many'),
      'orders.csv',
      { origin: testOrigin },
    );
    expect(problemsOf(outcome)).toEqual([
      'orders.csv, line 3, column 1 (orderid): order o1 has a line for LAMP on line 2 already',
      'orders.csv, line 4, column 2 (sku): Invalid sku CHAIR',
      'orders.csv, line 5, column 3 (qty): Order earlier already has 2 of LAMP allocated; it cannot be allocated again with qty 3',
      'orders.csv, line 6, column 3 (qty): Quantity must be a whole number',
    ]);
    expect(await views.allocationsForOrder('o1')).toEqual([]);
  });

  it('keeps the order of the file for the lines of one sku while other skus run alongside', async () => {
    const { csvImport } = await withStock();
    const lines = Array.from({ length: 12 }, (_, i) => `o${i},${i % 2 ? 'RUG' : 'LAMP'},1`);
    const outcome = await csvImport.run('orders', csv('orderid,sku,qty', ...lines), 'orders.csv', {
      origin: testOrigin,
    });
    const rug = resultsOf(outcome).filter(([, key]) => String(key).endsWith('RUG'));
    expect(rug.map(([, , o]) => (o as { status: string }).status)).toEqual([
      'allocated',
      'allocated',
      'out_of_stock',
      'out_of_stock',
      'out_of_stock',
      'out_of_stock',
    ]);
    expect(resultsOf(outcome).map(([line]) => line)).toEqual(Array.from({ length: 12 }, (_, i) => i + 2));
  });

  it('will not apply a file whose check found problems', async () => {
    const { csvImport } = await withStock();
    const checked = await csvImport.check('orders', csv('orderid,sku,qty', 'o1,NOPE,1'), 'orders.csv');
    await expect(csvImport.apply(checked, { origin: testOrigin })).rejects.toThrow(
      'orders.csv has 1 problem(s)',
    );
  });
});

describe('the audit trail of an import', () => {
  it('names whoever imports for every row applied, under one request id', async () => {
    const { csvImport, uow } = system();
    const origin = serviceOrigin('cli:allocation import', 'run-1');
    await csvImport.run('batches', BATCHES, 'batches.csv', { origin });
    expect(uow.auditRecords.map((record) => [record.command, record.actor.name, record.requestId])).toEqual([
      ['CreateBatch', 'cli:allocation import', 'run-1'],
      ['CreateBatch', 'cli:allocation import', 'run-1'],
      ['CreateBatch', 'cli:allocation import', 'run-1'],
    ]);
  });
});
