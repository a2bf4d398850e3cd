import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/index.ts';
import { bundledMigrations } from '../src/migrations.ts';
import { createEmptyTestDatabase, type TestDatabase } from '../src/testing/index.ts';

const MIGRATION = '20261202210000_order_lines_and_alert_states';

// The migration that turns allocations_view into the order lines' read table seeds it from the data
// already there: states from the alerts, times and quantities from the audit trail.
describe(`migration ${MIGRATION}`, () => {
  let database: TestDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    database = await createEmptyTestDatabase();
    const before = bundledMigrations().filter((m) => m.name < MIGRATION);
    await migrate(database.url, undefined, before);
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`
      INSERT INTO products (sku, version_number) VALUES ('LAMP', 4);
      INSERT INTO batches (id, reference, sku, purchased_quantity, allocated_quantity) VALUES (1, 'b1', 'LAMP', 10, 3);
      INSERT INTO allocations (batch_id, orderid, sku, qty) VALUES (1, 'allocated', 'LAMP', 3);
      INSERT INTO allocations_view (orderid, sku, qty, batchref, version) VALUES
        ('allocated', 'LAMP', 3, 'b1', 4), ('cancelled', 'LAMP', NULL, NULL, 3), ('pushed', 'LAMP', NULL, NULL, 2);
      INSERT INTO out_of_stock_alerts (sku, orderid, qty, at) VALUES
        ('LAMP', 'allocated', 3, '2026-11-01T09:00:00Z'),
        ('LAMP', 'pushed', 6, '2026-11-01T10:00:00Z'),
        ('LAMP', 'only-alert', 9, '2026-11-01T11:00:00Z'),
        ('LAMP', 'only-alert', 9, '2026-11-01T12:00:00Z');
      INSERT INTO audit_record (at, actor_kind, actor_name, command, fields, outcome, skus, orderids) VALUES
        ('2026-11-02T09:00:00Z', 'user', 'Olive', 'Allocate', '{"orderid":"allocated","sku":"LAMP","qty":3}', 'succeeded', ARRAY['LAMP'], ARRAY['allocated']),
        ('2026-10-30T09:00:00Z', 'user', 'Olive', 'Allocate', '{"orderid":"cancelled","sku":"LAMP","qty":2}', 'succeeded', ARRAY['LAMP'], ARRAY['cancelled']),
        ('2026-10-31T09:00:00Z', 'user', 'Olive', 'Deallocate', '{"orderid":"cancelled","sku":"LAMP"}', 'succeeded', ARRAY['LAMP'], ARRAY['cancelled']);
    `);
    await migrate(database.url);
  });

  afterAll(async () => {
    await client?.end();
    await database?.drop();
  });

  it('gives every line seen its state, when, and its quantity where the record knows them', async () => {
    const { rows } = await client.query(
      `SELECT orderid, qty, batchref, state, state_at AS at, version FROM allocations_view ORDER BY orderid`,
    );
    expect(rows).toEqual([
      {
        orderid: 'allocated',
        qty: 3,
        batchref: 'b1',
        state: 'allocated',
        at: new Date('2026-11-02T09:00:00Z'),
        version: 4,
      },
      {
        orderid: 'cancelled',
        qty: 2,
        batchref: null,
        state: 'cancelled',
        at: new Date('2026-10-31T09:00:00Z'),
        version: 3,
      },
      {
        orderid: 'only-alert',
        qty: 9,
        batchref: null,
        state: 'out_of_stock',
        at: new Date('2026-11-01T12:00:00Z'),
        version: 4,
      },
      {
        orderid: 'pushed',
        qty: 6,
        batchref: null,
        state: 'out_of_stock',
        at: new Date('2026-11-01T10:00:00Z'),
        version: 2,
      },
    ]);
  });

  it('resolves the alerts of lines allocated now, when they were allocated', async () => {
    const { rows } = await client.query(
      `SELECT orderid, resolved_at AS "resolvedAt" FROM out_of_stock_alerts ORDER BY at`,
    );
    expect(rows).toEqual([
      { orderid: 'allocated', resolvedAt: new Date('2026-11-02T09:00:00Z') },
      { orderid: 'pushed', resolvedAt: null },
      { orderid: 'only-alert', resolvedAt: null },
      { orderid: 'only-alert', resolvedAt: null },
    ]);
  });
});
