import { beforeEach, describe, expect, it } from 'vitest';
import { Allocate, CreateBatch } from '../../src/index.ts';
import { bootstrapWithFakes, type FakeSystem, testOrigin } from '../../src/testing/index.ts';

// The fake read model is what entry points are tested against, so its query semantics are pinned here.
describe('the batch list view', () => {
  let system: FakeSystem;

  beforeEach(async () => {
    system = bootstrapWithFakes();
    const { bus } = system;
    await bus.handle(CreateBatch({ ref: 'b-lamp-wh', sku: 'LAMP', qty: 10, eta: null }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'b-lamp-mar', sku: 'LAMP', qty: 5, eta: '2026-03-01' }), testOrigin);
    await bus.handle(CreateBatch({ ref: 'b-rug-feb', sku: 'RUG', qty: 4, eta: '2026-02-01' }), testOrigin);
    await bus.handle(
      CreateBatch({ ref: 'b-sofa-apr', sku: 'BIG-SOFA', qty: 2, eta: '2026-04-01' }),
      testOrigin,
    );
    await bus.handle(Allocate({ orderid: 'o1', sku: 'RUG', qty: 4 }), testOrigin);
  });

  const list = (query: Partial<Parameters<FakeSystem['views']['listBatches']>[0]>) =>
    system.views.listBatches({
      page: 1,
      pageSize: 10,
      sort: { field: 'reference', direction: 'asc' },
      ...query,
    });

  it('filters by sku text, ignoring case', async () => {
    const page = await list({ sku: 'lam' });
    expect(page.items.map((b) => b.reference)).toEqual(['b-lamp-mar', 'b-lamp-wh']);
    expect(page.total).toBe(2);
  });

  it('filters by eta range, leaving warehouse stock out', async () => {
    const page = await list({ etaFrom: '2026-02-15' as never, etaTo: '2026-03-31' as never });
    expect(page.items.map((b) => b.reference)).toEqual(['b-lamp-mar']);
  });

  it('filters by whether stock is left', async () => {
    expect((await list({ hasStock: false })).items.map((b) => b.reference)).toEqual(['b-rug-feb']);
    expect((await list({ hasStock: true })).total).toBe(3);
  });

  it('sorts by eta with warehouse stock first, and descending puts it last', async () => {
    const asc = await list({ sort: { field: 'eta', direction: 'asc' } });
    expect(asc.items.map((b) => b.reference)).toEqual(['b-lamp-wh', 'b-rug-feb', 'b-lamp-mar', 'b-sofa-apr']);
    const desc = await list({ sort: { field: 'eta', direction: 'desc' } });
    expect(desc.items.map((b) => b.reference)).toEqual([
      'b-sofa-apr',
      'b-lamp-mar',
      'b-rug-feb',
      'b-lamp-wh',
    ]);
  });

  it('sorts by available quantity', async () => {
    const page = await list({ sort: { field: 'available', direction: 'desc' } });
    expect(page.items.map((b) => b.available)).toEqual([10, 5, 2, 0]);
  });

  it('pages, reporting the total', async () => {
    const second = await list({ page: 2, pageSize: 3 });
    expect(second.items.map((b) => b.reference)).toEqual(['b-sofa-apr']);
    expect(second).toMatchObject({ total: 4, page: 2, pageSize: 3 });
  });
});
