import { describe, expect, it } from 'vitest';
import { activityInput, activityResult } from '../src/index.ts';

describe('the activity view contract', () => {
  it('takes every filter, with the page defaults', () => {
    expect(
      activityInput.parse({
        actor: ' olive ',
        command: 'Allocate',
        sku: 'LAMP',
        orderid: 'o1',
        batchref: 'b1',
        from: '2026-12-01T09:00:00Z',
        to: '2026-12-01T10:00:00+01:00',
      }),
    ).toEqual({
      actor: 'olive',
      command: 'Allocate',
      sku: 'LAMP',
      orderid: 'o1',
      batchref: 'b1',
      from: '2026-12-01T09:00:00Z',
      to: '2026-12-01T10:00:00+01:00',
      page: 1,
      pageSize: 20,
    });
  });

  it('names the field of each broken rule', () => {
    const problems = (input: unknown) =>
      activityInput.safeParse(input).error?.issues.map((issue) => [issue.path.join('.'), issue.message]);
    expect(problems({ command: 'DropTables' })).toEqual([
      ['command', 'Command must be one of CreateBatch, Allocate, ChangeBatchQuantity, Deallocate'],
    ]);
    expect(problems({ from: 'yesterday' })).toEqual([
      ['from', 'From must be a date and time (ISO 8601, with a zone)'],
    ]);
    expect(problems({ from: '2026-12-02T00:00:00Z', to: '2026-12-01T00:00:00Z' })).toEqual([
      ['to', 'The end of the time range must not be before its start'],
    ]);
    expect(problems({ orderid: '  ' })).toEqual([['orderid', 'Order id is required']]);
    expect(problems({ actor: 'a\u0000' })).toEqual([
      ['actor', 'Actor filter must not contain control characters'],
    ]);
  });

  it('answers records with instants as ISO strings', () => {
    const record = {
      id: '1',
      at: '2026-12-01T09:00:00.000Z',
      actor: { kind: 'service', id: null, name: 'redis:change_batch_quantity' },
      requestId: null,
      command: 'ChangeBatchQuantity',
      fields: { ref: 'b1', qty: 2 },
      outcome: 'succeeded',
      result: { ref: 'b1', qty: 2, moved: [] },
      reason: null,
      subjects: { skus: [], orderids: [], batchrefs: ['b1'] },
    };
    expect(activityResult.parse({ items: [record], total: 1, page: 1, pageSize: 20 }).items).toEqual([
      record,
    ]);
  });
});
