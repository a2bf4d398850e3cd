// POST /api/import/<kind>/check and …/apply on the fake application.
import { createFakeApp } from '@allocation/composition-root';
import { MAX_IMPORT_BYTES } from '@allocation/contracts';
import { describe, expect, it } from 'vitest';
import { applyImportFile, checkImportFile, type ImportApplyLine } from '../src/lib/import-endpoints';

const origin = { actor: { kind: 'service' as const, id: null, name: 'test' }, requestId: null };

const upload = (kind: string, step: string, body: string, headers: Headers) => {
  headers.set('content-type', 'text/csv');
  headers.set('x-file-name', 'stock.csv');
  return new Request(`http://localhost/api/import/${kind}/${step}`, { method: 'POST', body, headers });
};

async function lines(response: Response): Promise<ImportApplyLine[]> {
  return (await response.text())
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ImportApplyLine);
}

const BATCHES = 'ref,sku,qty,eta\nb-1,LAMP,10,\nb-2,LAMP,5,2027-01-10\n';

describe('CSV import upload', () => {
  it('is declared for operators and up; a manager is refused', async () => {
    expect(checkImportFile.access).toBe('operator');
    expect(applyImportFile.access).toBe('operator');
    const app = createFakeApp();
    const headers = await app.fakes.identity.signedIn('manager');
    const response = await applyImportFile(upload('batches', 'apply', BATCHES, headers), app, {
      kind: 'batches',
    });
    expect(response.status).toBe(403);
    expect(
      (await app.views.listBatches({ page: 1, pageSize: 10, sort: { field: 'reference', direction: 'asc' } }))
        .total,
    ).toBe(0);
  });

  it('check: the preview and no problem, nothing changed', async () => {
    const app = createFakeApp();
    const headers = await app.fakes.identity.signedIn('operator');
    const response = await checkImportFile(upload('batches', 'check', BATCHES, headers), app, {
      kind: 'batches',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      kind: 'batches',
      file: 'stock.csv',
      rows: 2,
      preview: [
        { line: 2, value: { ref: 'b-1', sku: 'LAMP', qty: 10, eta: null } },
        { line: 3, value: { ref: 'b-2', sku: 'LAMP', qty: 5, eta: '2027-01-10' } },
      ],
      problems: [],
    });
    expect((await app.views.stockForSku('LAMP')).length).toBe(0);
  });

  it('a file with a bad row: every problem by line and column, and apply changes nothing', async () => {
    const app = createFakeApp();
    const headers = await app.fakes.identity.signedIn('operator');
    const bad = 'ref,sku,qty,eta\nb-1,LAMP,10,\nb-2,LAMP,-5,\nb-1,LAMP,3,\n';
    const checked = (await (
      await checkImportFile(upload('batches', 'check', bad, headers), app, { kind: 'batches' })
    ).json()) as { problems: { line: number; column: { name: string } }[] };
    expect(checked.problems.map(({ line, column }) => [line, column.name])).toEqual([
      [3, 'qty'],
      [4, 'ref'],
    ]);
    const applied = await applyImportFile(upload('batches', 'apply', bad, headers), app, { kind: 'batches' });
    expect(applied.status).toBe(422);
    expect(((await applied.json()) as { message: string }).message).toMatch(
      /^Nothing was imported: 2 problem/,
    );
    expect(await app.views.stockForSku('LAMP')).toEqual([]);
  });

  it('apply: progress to the last row, then the result per row; the same file again changes nothing', async () => {
    const app = createFakeApp();
    const headers = await app.fakes.identity.signedIn('operator');
    await app.bus.handle({ type: 'CreateBatch', ref: 'wh', sku: 'LAMP', qty: 3, eta: null }, origin);
    const orders = 'orderid,sku,qty\no1,LAMP,2\no2,LAMP,5\n';
    const first = await lines(
      await applyImportFile(upload('orders', 'apply', orders, headers), app, { kind: 'orders' }),
    );
    expect(first[0]).toEqual({ type: 'progress', done: 0, total: 2 });
    expect(first.at(-2)).toEqual({ type: 'progress', done: 2, total: 2 });
    const result = first.at(-1);
    expect(result?.type === 'result' && result.report.results.map((row) => row.outcome)).toEqual([
      { status: 'allocated', batchref: 'wh' },
      { status: 'out_of_stock' },
    ]);
    expect(result?.type === 'result' && result.report.changed).toBe(true);
    const again = (
      await lines(await applyImportFile(upload('orders', 'apply', orders, headers), app, { kind: 'orders' }))
    ).at(-1);
    expect(again?.type === 'result' && again.report.changed).toBe(false);
    expect(again?.type === 'result' && again.report.results[0]?.outcome).toEqual({
      status: 'already_allocated',
      batchref: 'wh',
    });
  });

  it('a file over the limit is 413 saying the limit; another site may not apply', async () => {
    const app = createFakeApp();
    const headers = await app.fakes.identity.signedIn('operator');
    const big = `ref,sku,qty,eta\n${'x'.repeat(MAX_IMPORT_BYTES)}`;
    const response = await checkImportFile(upload('batches', 'check', big, headers), app, {
      kind: 'batches',
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toContain('larger than 10 MiB');
    headers.set('origin', 'https://evil.example');
    const crossSite = await applyImportFile(upload('batches', 'apply', BATCHES, headers), app, {
      kind: 'batches',
    });
    expect(crossSite.status).toBe(403);
  });

  it('an unknown kind is 404 naming the kinds there are', async () => {
    const app = createFakeApp();
    const headers = await app.fakes.identity.signedIn('operator');
    const response = await checkImportFile(upload('users', 'check', BATCHES, headers), app, {
      kind: 'users',
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toContain('batches, orders');
  });
});
