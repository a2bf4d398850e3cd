// GET /api/export/<list> on the fake application: who may download, what the file holds, refusals.
import { createFakeApp } from '@allocation/composition-root';
import { describe, expect, it } from 'vitest';
import { exportList } from '../src/lib/export-endpoint';

const origin = { actor: { kind: 'service' as const, id: null, name: 'test' }, requestId: null };

async function appWithBatches() {
  const app = createFakeApp();
  for (const [ref, sku, qty, eta] of [
    ['b-1', 'RED-CHAIR', 10, null],
    ['b-2', 'RED-CHAIR', 5, '2026-12-20'],
    ['b-3', '=EVIL', 3, '2026-12-24'],
  ] as const) {
    await app.bus.handle({ type: 'CreateBatch', ref, sku, qty, eta }, origin);
  }
  await app.bus.handle({ type: 'Allocate', orderid: 'o1', sku: 'RED-CHAIR', qty: 10 }, origin);
  return app;
}

const get = (path: string, headers: Headers = new Headers()) =>
  new Request(`http://localhost${path}`, { headers });

describe('GET /api/export/<list>', () => {
  it('is declared for managers and up', () => {
    expect(exportList.access).toBe('manager');
  });

  it('a signed-in manager downloads the filtered, sorted list as a CSV attachment', async () => {
    const app = await appWithBatches();
    const headers = await app.fakes.identity.signedIn('manager');
    const response = await exportList(
      get('/api/export/batches?sku=red&sort=sku&dir=desc&page=3', headers),
      app,
      {
        list: 'batches',
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="batches-2026-01-01.csv"');
    // sku desc, ties by reference; the page in the URL does not matter: every row is there.
    // The bytes, BOM included (Response.text() would drop it).
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer())).toBe(
      '\uFEFFreference,sku,purchased,allocated,available,eta\r\n' +
        'b-1,RED-CHAIR,10,10,0,\r\n' +
        'b-2,RED-CHAIR,5,0,5,2026-12-20\r\n',
    );
  });

  it('the SKU overview downloads with its search and sort: the totals per sku, next eta as a date', async () => {
    const app = await appWithBatches();
    await app.bus.handle({ type: 'Allocate', orderid: 'o2', sku: 'RED-CHAIR', qty: 50 }, origin); // out of stock
    const headers = await app.fakes.identity.signedIn('manager');
    const response = await exportList(
      get('/api/export/skus?q=e&sort=available&page=2&size=1', headers),
      app,
      {
        list: 'skus',
      },
    );
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="skus-2026-01-01.csv"');
    // Available ascending, every page.
    expect(await response.text()).toBe(
      'sku,purchased,allocated,available,batches,next_eta,open_alerts\r\n' +
        "'=EVIL,3,0,3,1,2026-12-24,0\r\n" +
        'RED-CHAIR,15,10,5,2,2026-12-20,1\r\n',
    );
    const searched = await exportList(get('/api/export/skus?q=chair&sort=sku&dir=desc', headers), app, {
      list: 'skus',
    });
    expect((await searched.text()).split('\r\n').slice(1)).toEqual(['RED-CHAIR,15,10,5,2,2026-12-20,1', '']);
  });

  it('neutralises formulas', async () => {
    const app = await appWithBatches();
    const headers = await app.fakes.identity.signedIn('admin');
    const response = await exportList(get('/api/export/batches?sku=EVIL', headers), app, { list: 'batches' });
    expect(await response.text()).toContain("\r\nb-3,'=EVIL,3,0,3,2026-12-24\r\n");
  });

  it('signed out is 401, and a filter the list refuses is 400 naming it', async () => {
    const app = await appWithBatches();
    const anonymous = await exportList(get('/api/export/batches'), app, { list: 'batches' });
    expect(anonymous.status).toBe(401);
    const headers = await app.fakes.identity.signedIn('manager');
    const refused = await exportList(get('/api/export/batches?from=2026-13-45', headers), app, {
      list: 'batches',
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^etaFrom: /);
  });

  it('an unknown list is 404 naming the lists there are', async () => {
    const app = await appWithBatches();
    const headers = await app.fakes.identity.signedIn('manager');
    const response = await exportList(get('/api/export/users', headers), app, { list: 'users' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { message: string }).message).toContain('batches, skus, alerts');
  });
});
